package topology_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// specDir returns source/<spec>/tests from $MONGO_SPEC_DIR, else from
// ../shared/specifications beside the repository root. A missing directory
// fails the test under CI and skips it otherwise.
func specDir(t *testing.T, spec string) string {
	t.Helper()
	root := os.Getenv("MONGO_SPEC_DIR")
	if root == "" {
		root = filepath.Join(repoRoot(t), "..", "shared", "specifications")
	}
	dir := filepath.Join(root, "source", spec, "tests")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("specification tests missing under CI: %v", err)
		}
		t.Skipf("specification tests not found (set MONGO_SPEC_DIR): %v", err)
	}
	return dir
}

// repoRoot walks up from the working directory to the go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// specFiles lists the files of dir matching pattern, sorted; none is a
// failure (a renamed directory must not pass silently).
func specFiles(t *testing.T, dir, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no %s files in %s", pattern, dir)
	}
	sort.Strings(files)
	return files
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// counts tallies the cases of one specification file.
type counts struct{ passed, skipped, failed int }

// run runs one case as a subtest unless skips names it, and counts it.
func (c *counts) run(t *testing.T, name string, skips map[string]string, f func(t *testing.T)) {
	t.Helper()
	if reason, ok := skips[name]; ok {
		c.skipped++
		t.Run(name, func(t *testing.T) { t.Skip(reason) })
		return
	}
	if t.Run(name, f) {
		c.passed++
	} else {
		c.failed++
	}
}

// report writes the per-file summary line to the test log and to stdout.
func (c counts) report(t *testing.T, suite, file string) {
	t.Helper()
	line := fmt.Sprintf("%s %s: %d passed, %d skipped, %d failed", suite, file, c.passed, c.skipped, c.failed)
	t.Log(line)
	fmt.Println(line)
}

// extDoc converts an extended JSON object into BSON.
func extDoc(t *testing.T, data json.RawMessage) bson.Raw {
	t.Helper()
	doc, err := bson.ParseExtJSON(nil, data, false)
	if err != nil {
		t.Fatalf("extended JSON %s: %v", data, err)
	}
	return doc
}

// extValue converts one extended JSON value into a BSON value.
func extValue(t *testing.T, data json.RawMessage) bson.RawValue {
	t.Helper()
	doc := extDoc(t, json.RawMessage(`{"v":`+string(data)+`}`))
	return doc.Lookup("v")
}

// isNull reports whether a present JSON value is null.
func isNull(data json.RawMessage) bool { return string(data) == "null" }
