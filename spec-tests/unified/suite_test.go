package unified_test

import (
	"context"
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
	ctx := context.Background()
	r, err := unified.NewRunner(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close(ctx) })
	rep := unified.NewReport("unified")
	err = r.RunSuites(ctx, dir, unified.DefaultSuites, rep, func(ref unified.FileRef, res unified.TestResult) {
		t.Run(ref.Key()+"/"+res.Test, func(t *testing.T) {
			switch res.Outcome {
			case unified.Failed:
				t.Error(res.Err)
			case unified.Skipped:
				t.Skip(res.Reason)
			}
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	printReport(t, rep)
	tot := rep.Totals()
	t.Logf("unified total: %d passed, %d skipped, %d failed", tot.Passed, tot.Skipped, tot.Failed)
}
