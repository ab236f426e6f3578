package crosscheck

import (
	"os"
	"path/filepath"
	"testing"
)

// specDir returns the specifications checkout: $MONGO_SPEC_DIR, else
// ../../shared/specifications relative to this module. Without it the
// test fails under CI and skips locally.
func specDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("MONGO_SPEC_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "specifications")
	}
	if _, err := os.Stat(filepath.Join(dir, "source")); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("specification data not found at %s (set MONGO_SPEC_DIR): %v", dir, err)
		}
		tb.Skipf("specification data not found at %s (set MONGO_SPEC_DIR)", dir)
	}
	return dir
}

func readSpecFile(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(specDir(tb), "source", rel))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
