package spectest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"
)

func TestRootFindsSpecData(t *testing.T) {
	root := spectest.Root(t)
	if _, err := os.Stat(filepath.Join(root, "source", "bson-corpus", "tests")); err != nil {
		t.Fatalf("root %s has no bson-corpus: %v", root, err)
	}
	files := spectest.Files(t, spectest.Dir(t, "bson-corpus"), "*.json")
	if len(files) < 30 {
		t.Fatalf("found %d corpus files, want at least 30", len(files))
	}
}

func TestCountsRun(t *testing.T) {
	var c spectest.Counts
	c.Run(t, "passes", nil, func(t *testing.T) {})
	c.Run(t, "skipped", map[string]string{"skipped": "reason"}, func(t *testing.T) { t.Fatal("must not run") })
	if c.Passed != 1 || c.Skipped != 1 || c.Failed != 0 {
		t.Fatalf("counts = %+v", c)
	}
}
