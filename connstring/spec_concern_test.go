package connstring_test

import (
	"path/filepath"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/connstring"
)

// concernSkips lists read-write-concern connection-string cases that are not
// run, keyed by "file: description".
var concernSkips = map[string]string{
	"write-concern.json: wtimeoutMS as an invalid number": "contradicts uri-options concern-options.json " +
		`"Too low wTimeoutMS causes a warning" (wTimeoutMS=-2 is valid with a warning); the parser follows uri-options`,
}

// concernCase is one case of read-write-concern/tests/connection-string.
type concernCase struct {
	Description  string         `json:"description"`
	URI          string         `json:"uri"`
	Valid        bool           `json:"valid"`
	Warning      *bool          `json:"warning"`
	ReadConcern  map[string]any `json:"readConcern"`
	WriteConcern map[string]any `json:"writeConcern"`
}

func TestSpecConcernConnectionString(t *testing.T) {
	dir := spectest.Dir(t, "read-write-concern")
	for _, path := range spectest.Files(t, filepath.Join(dir, "connection-string"), "*.json") {
		file := filepath.Base(path)
		var suite struct {
			Tests []concernCase `json:"tests"`
		}
		spectest.ReadJSON(t, path, &suite)
		var n spectest.Counts
		t.Run(file, func(t *testing.T) {
			skips := fileSkips(concernSkips, file)
			for _, tc := range suite.Tests {
				n.Run(t, tc.Description, skips, func(t *testing.T) { checkConcernCase(t, tc) })
			}
		})
		n.Report(t, "read-write-concern", file)
	}
}

func checkConcernCase(t *testing.T, tc concernCase) {
	cfg, err := connstring.Parse(tc.URI)
	if !tc.Valid {
		if err == nil {
			t.Fatalf("Parse(%q) succeeded, want an error", tc.URI)
		}
		return
	}
	if err != nil {
		t.Fatalf("Parse(%q): %v", tc.URI, err)
	}
	if tc.Warning != nil && *tc.Warning != (len(cfg.Warnings) > 0) {
		t.Errorf("warnings = %q, want warning=%v", cfg.Warnings, *tc.Warning)
	}
	want := map[string]any{}
	if level, ok := tc.ReadConcern["level"]; ok {
		want["readConcernLevel"] = level
	}
	for k, v := range tc.WriteConcern {
		want[k] = v // w, wtimeoutMS and journal are also the URI option names
	}
	for _, d := range compareOptions(cfg, want) {
		t.Errorf("option %s", d)
	}
	if tc.ReadConcern != nil && len(tc.ReadConcern) == 0 && cfg.ReadConcernLevel != "" {
		t.Errorf("readConcernLevel = %q, want none", cfg.ReadConcernLevel)
	}
	if tc.WriteConcern != nil && len(tc.WriteConcern) == 0 && (cfg.W.Set || cfg.Journal.Set || cfg.WTimeout != 0) {
		t.Errorf("write concern set, want none")
	}
}
