package unified_test

import (
	"os"
	"testing"

	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

// TestUnifiedSuites runs the unified suites of DefaultSuites against
// MONGODB_URI or an embedded mongotest. Every test that does not pass is
// in the skip table (unified.Skips) with its reason, so a failure here is
// a regression.
func TestUnifiedSuites(t *testing.T) {
	dir := specDir(t)
	uri := os.Getenv("MONGODB_URI")
	if uri == "" {
		srv := mongotest.NewServer()
		t.Cleanup(srv.Close)
		uri = srv.URI()
	}
	runSuites(t, dir, uri, "unified", unified.DefaultSuites)
}
