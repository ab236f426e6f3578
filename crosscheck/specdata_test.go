package crosscheck

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"
)

// specDir returns the specifications checkout ($MONGO_SPEC_DIR, else
// ../shared/specifications beside the repository); without it the test
// fails under CI and skips locally.
func specDir(tb testing.TB) string {
	tb.Helper()
	return spectest.Root(tb)
}

func readSpecFile(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(specDir(tb), "source", rel))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
