package connstring_test

import (
	"context"
	"path/filepath"
	"sort"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/connstring"
)

// seedlistCase is one file of initial-dns-seedlist-discovery/tests/*/.
type seedlistCase struct {
	URI           string         `json:"uri"`
	Seeds         []string       `json:"seeds"`
	NumSeeds      *int           `json:"numSeeds"`
	Options       map[string]any `json:"options"`
	ParsedOptions map[string]any `json:"parsed_options"`
	Error         bool           `json:"error"`
	Comment       string         `json:"comment"`
}

// seedlistSkips lists seedlist files that are not run, keyed by
// "dir/file.json". It is empty.
var seedlistSkips = map[string]string{}

// TestSpecSeedlistDiscovery runs every file of the replica-set, sharded and
// load-balanced directories with ParseAndResolve and a fake resolver serving
// the records listed in the tests README (see seedlistZone), instead of the
// real DNS the files were written for. It asserts error, seeds, numSeeds,
// options and parsed_options. The hosts, numHosts and ping fields describe
// the topology after connecting to a live deployment; they belong to the
// client's tests and are not asserted here.
func TestSpecSeedlistDiscovery(t *testing.T) {
	dir := spectest.Dir(t, "initial-dns-seedlist-discovery")
	for _, sub := range []string{"replica-set", "sharded", "load-balanced"} {
		var n spectest.Counts
		t.Run(sub, func(t *testing.T) {
			for _, path := range spectest.Files(t, filepath.Join(dir, sub), "*.json") {
				var tc seedlistCase
				spectest.ReadJSON(t, path, &tc)
				name := filepath.Base(path)
				n.Run(t, name, fileSkips(seedlistSkips, sub+"/"+name), func(t *testing.T) { checkSeedlistCase(t, tc) })
			}
		})
		n.Report(t, "initial-dns-seedlist-discovery", sub+"/*.json")
	}
}

func checkSeedlistCase(t *testing.T, tc seedlistCase) {
	cfg, err := connstring.ParseAndResolve(context.Background(), tc.URI, seedlistZone())
	if tc.Error {
		if err == nil {
			t.Fatalf("ParseAndResolve(%q) succeeded with hosts %v, want an error (%s)", tc.URI, cfg.Hosts, tc.Comment)
		}
		return
	}
	if err != nil {
		t.Fatalf("ParseAndResolve(%q): %v", tc.URI, err)
	}
	got := make([]string, len(cfg.Hosts))
	for i, h := range cfg.Hosts {
		got[i] = h.String()
	}
	sort.Strings(got)
	if tc.Seeds != nil && (tc.NumSeeds == nil || *tc.NumSeeds == len(tc.Seeds)) {
		want := append([]string(nil), tc.Seeds...)
		sort.Strings(want)
		if !sameJSON(got, want) {
			t.Errorf("seeds = %v, want %v", got, want)
		}
	}
	if tc.NumSeeds != nil && len(got) != *tc.NumSeeds {
		t.Errorf("%d seeds %v, want %d", len(got), got, *tc.NumSeeds)
	}
	for _, d := range compareOptions(cfg, tc.Options) {
		t.Errorf("option %s", d)
	}
	checkParsedOptions(t, cfg, tc.ParsedOptions)
}

func checkParsedOptions(t *testing.T, cfg *connstring.Config, want map[string]any) {
	t.Helper()
	for k, v := range want {
		var got any
		switch k {
		case "user":
			got = cfg.Credential.Username
		case "password":
			got = cfg.Credential.Password
		case "db", "auth_database", "defaultDatabase":
			got = cfg.Database
		default:
			t.Errorf("parsed option %s not mapped", k)
			continue
		}
		if !sameJSON(got, v) {
			t.Errorf("parsed option %s differs from the expected value", k)
		}
	}
}
