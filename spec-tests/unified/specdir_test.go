package unified_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/cwal-go/cwal/spec-tests/unified"
)

// specDir returns the specifications checkout, failing under CI and
// skipping elsewhere when it is missing.
func specDir(t *testing.T) string {
	t.Helper()
	dir, err := unified.FindSpecDir(".")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("spec tests are required under CI: %v", err)
		}
		t.Skipf("skipping spec tests: %v", err)
	}
	return dir
}

// printReport logs the report's lines and writes them to stdout, as the
// project's spec tests do.
func printReport(t *testing.T, r *unified.Report) {
	t.Helper()
	for _, l := range r.Lines() {
		t.Log(l)
		fmt.Println(l)
	}
}
