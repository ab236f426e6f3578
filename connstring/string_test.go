package connstring_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/connstring"
)

const secret = "s3cr3t-Pw"

// TestRedaction: no way of printing a Config or Credential shows a secret.
func TestRedaction(t *testing.T) {
	cfg := mustParse(t, "mongodb://user:"+secret+"@h/?proxyHost=p&proxyUsername=pu&proxyPassword="+secret+
		"&tlsCertificateKeyFilePassword="+secret)
	cfg.Credential.MechanismProperties = map[string]string{"AWS_SESSION_TOKEN": secret}
	outputs := map[string]string{
		"String":          cfg.String(),
		"%v pointer":      fmt.Sprintf("%v", cfg),
		"%+v value":       fmt.Sprintf("%+v", *cfg),
		"%#v":             fmt.Sprintf("%#v", cfg),
		"%#v value":       fmt.Sprintf("%#v", *cfg),
		"%s":              fmt.Sprintf("%s", cfg),
		"credential %v":   fmt.Sprintf("%v", cfg.Credential),
		"credential %+v":  fmt.Sprintf("%+v", *cfg.Credential),
		"credential %#v":  fmt.Sprintf("%#v", cfg.Credential),
		"struct with cfg": fmt.Sprintf("%+v", struct{ C *connstring.Config }{cfg}),
	}
	for name, out := range outputs {
		if strings.Contains(out, secret) {
			t.Errorf("%s shows a secret: %s", name, out)
		}
	}
	if !strings.Contains(cfg.String(), "user:xxxxx@") {
		t.Errorf("String = %s, want the redacted password", cfg.String())
	}
}

// TestErrorsHideSecrets: malformed URIs put the password in odd places;
// neither errors nor warnings may quote it.
func TestErrorsHideSecrets(t *testing.T) {
	uris := []string{
		"mongodb://user:" + secret + "/x@host",
		"mongodb://user:" + secret + "?x@host",
		"mongodb://user:" + secret + "/@host/db",
		"mongodb://us:er:" + secret + "@host",
		"mongodb://user:" + secret + "%zz@host",
		"mongodb://user:" + secret + "^@host",
		"mongodb://user:" + secret + "@host:99999",
		"mongodb://user:" + secret + "@[::1",
		"mongodb://user:" + secret + "@host/?authMechanism=MONGODB-X509",
		"mongodb://user:" + secret + "@host/?authMechanism=MONGODB-AWS",
		"mongodb://user:" + secret + "@host/?authMechanism=PLAIN&authMechanismProperties=P:" + secret,
		"mongodb://host/?proxyPassword=" + secret,
		"mongodb://host/?proxyPasword=" + secret,
		"mongodb://host/?proxyHost=h&proxyUsername=u&proxyPassword=" + secret + "&proxyPassword=" + secret,
		"mongodb://host/?tlsCertificateKeyFilePassword=" + secret + "&tlsCertificateKeyFilePassword=",
		"mongodb://host/?authMechanism=MONGODB-OIDC&authMechanismProperties=ENVIRONMENT:k8s," + secret,
	}
	for _, uri := range uris {
		cfg, err := connstring.Parse(uri)
		text := fmt.Sprint(err)
		if cfg != nil {
			text = strings.Join(cfg.Warnings, "\n")
		}
		if strings.Contains(text, secret) {
			t.Errorf("Parse(%q) reveals the secret: %s", uri, text)
		}
	}
}

// TestStringRoundTrip: for every valid URI of the spec suites, parsing
// String gives the same Config (apart from redacted secrets and warnings).
func TestStringRoundTrip(t *testing.T) {
	var uris []string
	for _, spec := range []string{"connection-string", "uri-options", "auth"} {
		dir := spectest.Dir(t, spec)
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		legacy, _ := filepath.Glob(filepath.Join(dir, "legacy", "*.json"))
		for _, f := range append(files, legacy...) {
			uris = append(uris, specURIs(t, f)...)
		}
	}
	n := 0
	for _, uri := range uris {
		cfg, err := connstring.Parse(uri)
		if err != nil {
			continue
		}
		n++
		checkRoundTrip(t, uri, cfg)
	}
	if n < 150 {
		t.Errorf("only %d valid spec URIs round-tripped", n)
	}
}

func specURIs(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var suite struct {
		Tests []struct {
			URI string `json:"uri"`
		} `json:"tests"`
	}
	if err := json.Unmarshal(data, &suite); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(suite.Tests))
	for i, tc := range suite.Tests {
		out[i] = tc.URI
	}
	return out
}

// checkRoundTrip parses cfg.String() and compares, restoring the secrets that
// String redacts.
func checkRoundTrip(t testing.TB, uri string, cfg *connstring.Config) {
	t.Helper()
	text := cfg.String()
	back, err := connstring.Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q) = %v; String of Parse(%q)", text, err, uri)
	}
	restoreSecrets(back, cfg)
	want, got := normalized(cfg), normalized(back)
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("round trip of %q via %q differs:\n%s", uri, text, diffFields(got, want))
	}
}

func restoreSecrets(back, orig *connstring.Config) {
	back.ProxyPassword = orig.ProxyPassword
	back.TLSCertificateKeyFilePassword = orig.TLSCertificateKeyFilePassword
	if back.Credential != nil && orig.Credential != nil {
		back.Credential.Password = orig.Credential.Password
		if v, ok := orig.Credential.MechanismProperties["AWS_SESSION_TOKEN"]; ok {
			back.Credential.MechanismProperties["AWS_SESSION_TOKEN"] = v
		}
	}
}

// normalized copies c, dropping warnings and treating empty slices and maps
// as absent.
func normalized(c *connstring.Config) connstring.Config {
	n := *c
	n.Warnings = nil
	if len(n.Hosts) == 0 {
		n.Hosts = nil
	}
	if len(n.Compressors) == 0 {
		n.Compressors = nil
	}
	if len(n.ReadPreferenceTags) == 0 {
		n.ReadPreferenceTags = nil
	}
	if n.Credential != nil {
		cred := *n.Credential
		if len(cred.MechanismProperties) == 0 {
			cred.MechanismProperties = nil
		}
		n.Credential = &cred
	}
	return n
}

// diffFields lists the fields of two Configs that differ.
func diffFields(got, want connstring.Config) string {
	var b strings.Builder
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := 0; i < g.NumField(); i++ {
		gf, wf := g.Field(i).Interface(), w.Field(i).Interface()
		if !reflect.DeepEqual(gf, wf) {
			fmt.Fprintf(&b, "  %s: got %#v, want %#v\n", g.Type().Field(i).Name, gf, wf)
		}
	}
	return b.String()
}
