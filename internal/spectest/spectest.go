// Package spectest holds what every specification-test runner in cwal
// shares: finding the spec data, listing and reading its files, running
// cases with a skip table, and printing the per-file count line.
//
// Spec data is read from $MONGO_SPEC_DIR, else from ../shared/specifications
// beside the repository. When it is missing the test fails if CI is set and
// skips otherwise, so CI can never pass by silently running nothing.
package spectest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// Root returns the specifications checkout (the directory holding source/).
func Root(tb testing.TB) string {
	tb.Helper()
	root := os.Getenv("MONGO_SPEC_DIR")
	if root == "" {
		root = filepath.Join(RepoRoot(tb), "..", "shared", "specifications")
	}
	if _, err := os.Stat(filepath.Join(root, "source")); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("specification data missing under CI (set MONGO_SPEC_DIR): %v", err)
		}
		tb.Skipf("specification data not found (set MONGO_SPEC_DIR): %v", err)
	}
	return root
}

// Dir returns source/<spec>/tests/<sub...> and fails or skips like Root when
// it does not exist.
func Dir(tb testing.TB, spec string, sub ...string) string {
	tb.Helper()
	dir := filepath.Join(append([]string{Root(tb), "source", spec, "tests"}, sub...)...)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("specification tests missing under CI: %v", err)
		}
		tb.Skipf("specification tests not found: %v", err)
	}
	return dir
}

// RepoRoot walks up from the working directory to the directory holding
// the main module's go.mod (the one without a "crosscheck" parent).
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && filepath.Base(dir) != "crosscheck" {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Files lists the files of dir matching pattern, sorted; none is a failure.
func Files(tb testing.TB, dir, pattern string) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Fatalf("no %s files in %s", pattern, dir)
	}
	sort.Strings(files)
	return files
}

// ReadJSON decodes the JSON file at path into v.
func ReadJSON(tb testing.TB, path string, v any) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
}

// Counts tallies the cases of one specification file.
type Counts struct{ Passed, Skipped, Failed int }

// Run runs one case as a subtest, unless skips names it (then it is skipped
// with the reason), and counts the outcome.
func (c *Counts) Run(t *testing.T, name string, skips map[string]string, f func(t *testing.T)) {
	t.Helper()
	if reason, ok := skips[name]; ok {
		c.Skipped++
		t.Run(name, func(t *testing.T) { t.Skip(reason) })
		return
	}
	if t.Run(name, f) {
		c.Passed++
	} else {
		c.Failed++
	}
}

// Report prints the file's count line to the test log and to stdout, where
// CI output shows it: "<suite> <file>: N passed, N skipped, N failed".
func (c Counts) Report(tb testing.TB, suite, file string) {
	tb.Helper()
	line := fmt.Sprintf("%s %s: %d passed, %d skipped, %d failed", suite, file, c.Passed, c.Skipped, c.Failed)
	tb.Log(line)
	fmt.Println(line)
}
