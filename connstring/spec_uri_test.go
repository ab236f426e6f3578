package connstring_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/connstring"
)

// uriCase is one case of the connection-string and uri-options suites.
type uriCase struct {
	Description string         `json:"description"`
	URI         string         `json:"uri"`
	Valid       bool           `json:"valid"`
	Warning     *bool          `json:"warning"`
	Hosts       []specHost     `json:"hosts"`
	Auth        *specAuth      `json:"auth"`
	Options     map[string]any `json:"options"`
}

type specHost struct {
	Type string `json:"type"`
	Host string `json:"host"`
	Port *int   `json:"port"`
}

type specAuth struct {
	Username *string `json:"username"`
	Password *string `json:"password"`
	DB       *string `json:"db"`
}

// uriSkips lists cases of the connection-string and uri-options suites that
// are not run, keyed by "file: description", with the reason. It is empty:
// every case passes.
var uriSkips = map[string]string{}

func TestSpecConnectionString(t *testing.T) {
	runURISuite(t, "connection-string")
}

func TestSpecURIOptions(t *testing.T) {
	runURISuite(t, "uri-options")
}

func runURISuite(t *testing.T, spec string) {
	dir := spectest.Dir(t, spec)
	for _, path := range spectest.Files(t, dir, "*.json") {
		file := filepath.Base(path)
		var suite struct {
			Tests []uriCase `json:"tests"`
		}
		spectest.ReadJSON(t, path, &suite)
		var n spectest.Counts
		t.Run(file, func(t *testing.T) {
			skips := fileSkips(uriSkips, file)
			for _, tc := range suite.Tests {
				n.Run(t, tc.Description, skips, func(t *testing.T) { checkURICase(t, tc) })
			}
		})
		n.Report(t, spec, file)
	}
}

// fileSkips selects the skip entries of one file, keyed by description.
func fileSkips(all map[string]string, file string) map[string]string {
	out := map[string]string{}
	for k, reason := range all {
		if desc, ok := strings.CutPrefix(k, file+": "); ok {
			out[desc] = reason
		}
	}
	return out
}

func checkURICase(t *testing.T, tc uriCase) {
	t.Helper()
	cfg, err := connstring.Parse(tc.URI)
	if !tc.Valid {
		if err == nil {
			t.Fatalf("Parse(%q) succeeded, want an error; config %s", tc.URI, cfg)
		}
		return
	}
	if err != nil {
		t.Fatalf("Parse(%q): %v", tc.URI, err)
	}
	if tc.Warning != nil && *tc.Warning != (len(cfg.Warnings) > 0) {
		t.Errorf("warnings = %q, want warning=%v", cfg.Warnings, *tc.Warning)
	}
	checkHosts(t, cfg, tc.Hosts)
	checkAuth(t, cfg, tc.Auth)
	for _, d := range compareOptions(cfg, tc.Options) {
		t.Errorf("option %s", d)
	}
}

func checkHosts(t *testing.T, cfg *connstring.Config, want []specHost) {
	t.Helper()
	if want == nil {
		return
	}
	if len(cfg.Hosts) != len(want) {
		t.Fatalf("hosts = %v, want %d hosts", cfg.Hosts, len(want))
	}
	for i, w := range want {
		h := cfg.Hosts[i]
		if h.Kind.String() != w.Type || h.Name != w.Host {
			t.Errorf("host %d = %s %q, want %s %q", i, h.Kind, h.Name, w.Type, w.Host)
		}
		if w.Port != nil && h.Port != *w.Port {
			t.Errorf("host %d port = %d, want %d", i, h.Port, *w.Port)
		}
	}
}

func checkAuth(t *testing.T, cfg *connstring.Config, want *specAuth) {
	t.Helper()
	if want == nil {
		return
	}
	if want.DB != nil && cfg.Database != *want.DB {
		t.Errorf("database = %q, want %q", cfg.Database, *want.DB)
	}
	if want.Username == nil && want.Password == nil {
		return
	}
	if cfg.Credential == nil {
		t.Fatalf("no credential, want username %v", want.Username)
	}
	if want.Username != nil && cfg.Credential.Username != *want.Username {
		t.Errorf("username = %q, want %q", cfg.Credential.Username, *want.Username)
	}
	if want.Password != nil && (!cfg.Credential.PasswordSet || cfg.Credential.Password != *want.Password) {
		t.Errorf("password differs (set=%v), want the expected one", cfg.Credential.PasswordSet)
	}
}
