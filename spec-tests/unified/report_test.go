package unified_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/spec-tests/unified"
)

func TestReport(t *testing.T) {
	r := unified.NewReport("unified")
	r.Add("crud/foo.json", unified.Passed)
	r.Add("crud/foo.json", unified.Passed)
	r.Add("crud/foo.json", unified.Passed)
	r.Skip("crud/foo.json", "test x", "needs sharding")
	r.Add("crud/bar.json", unified.Failed)
	var buf bytes.Buffer
	if err := r.Print(&buf); err != nil {
		t.Fatal(err)
	}
	want := "unified crud/bar.json: 0 passed, 0 skipped, 1 failed\n" +
		"unified crud/foo.json: 3 passed, 1 skipped, 0 failed\n" +
		"unified total: 3 passed, 1 skipped, 1 failed\n"
	if buf.String() != want {
		t.Fatalf("Print:\n%s\nwant:\n%s", buf.String(), want)
	}
	if s := r.SkipReasons("crud/foo.json"); len(s) != 1 || s[0] != "test x: needs sharding" {
		t.Fatalf("SkipReasons = %v", s)
	}
	if c := r.File("crud/foo.json"); c != (unified.Counts{Passed: 3, Skipped: 1}) {
		t.Fatalf("File = %+v", c)
	}
}

func TestSkipReason(t *testing.T) {
	// Keys of its own: the real list shrinks as features arrive.
	unified.Skips["test-suite"] = "suite-level reason"
	unified.Skips["test-parent/child/file.json"] = "file-level reason"
	defer delete(unified.Skips, "test-suite")
	defer delete(unified.Skips, "test-parent/child/file.json")
	if r, ok := unified.SkipReason("test-suite/sub", "download.json", "some test"); !ok || r != "suite-level reason" {
		t.Fatalf("suite-level skip: %q %v", r, ok)
	}
	if _, ok := unified.SkipReason("crud", "find.json", "find with filter"); ok {
		t.Fatal("crud/find.json must not be skipped")
	}
	if r, ok := unified.SkipReason("test-parent/child", "file.json", ""); !ok || r != "file-level reason" {
		t.Fatalf("file-level skip: %q %v", r, ok)
	}
	for key, reason := range unified.Skips {
		if strings.TrimSpace(reason) == "" {
			t.Errorf("skip %q has no reason", key)
		}
	}
}

func TestDiscover(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"source/crud/tests/unified/find.json":                    `{"description": "x", "schemaVersion": "1.0", "tests": []}`,
		"source/crud/tests/legacy/old.json":                      `{"data": [], "tests": []}`,
		"source/cmlm/tests/logging/command.json":                 `{"schemaVersion": "1.13"}`,
		"source/unified-test-format/tests/valid-pass/a.json":     `{"schemaVersion": "1.0"}`,
		"source/unified-test-format/schema-1.0.json":             `{"properties": {"schemaVersion": {}}}`,
		"source/crud/tests/unified/notes.md":                     `schemaVersion`,
		"source/crud/tests/unified/array.json":                   `["schemaVersion"]`,
		"source/unified-test-format/tests/invalid/schemaVersion": `not json`,
	}
	for p, content := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	refs, err := unified.Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range refs {
		keys = append(keys, r.Key())
	}
	want := "cmlm/logging/command.json crud/find.json unified-test-format/valid-pass/a.json"
	if strings.Join(keys, " ") != want {
		t.Fatalf("Discover = %v, want %s", keys, want)
	}
	refs, _ = unified.Discover(root, "unified-test-format", "cmlm/logging")
	if len(refs) != 2 {
		t.Fatalf("suite filter: %v", refs)
	}
	if _, err := unified.Discover(filepath.Join(root, "nope")); err == nil {
		t.Fatal("want an error for a missing directory")
	}
}

func TestFindSpecDir(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	spec := filepath.Join(root, "shared", "specifications", "source")
	for _, d := range []string{filepath.Join(repo, "a", "b"), spec} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MONGO_SPEC_DIR", "")
	got, err := unified.FindSpecDir(filepath.Join(repo, "a", "b"))
	if err != nil || got != filepath.Dir(spec) {
		t.Fatalf("FindSpecDir = %q, %v; want %q", got, err, filepath.Dir(spec))
	}
	t.Setenv("MONGO_SPEC_DIR", filepath.Join(root, "missing"))
	if _, err := unified.FindSpecDir(repo); err == nil {
		t.Fatal("a MONGO_SPEC_DIR without source/ must be an error")
	}
	t.Setenv("MONGO_SPEC_DIR", filepath.Dir(spec))
	if got, err := unified.FindSpecDir("/"); err != nil || got != filepath.Dir(spec) {
		t.Fatalf("MONGO_SPEC_DIR: %q %v", got, err)
	}
}
