package unified_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

// TestUnifiedSuitesMongotest runs suites whose tests need another
// deployment than TestUnifiedSuites' replica set: StandaloneSuites on a
// standalone mongotest (topology "single") and AuthSuites on a replica
// set with authentication (auth: true). With MONGODB_URI set,
// TestUnifiedSuites covers that deployment instead.
func TestUnifiedSuitesMongotest(t *testing.T) {
	dir := specDir(t)
	if os.Getenv("MONGODB_URI") != "" {
		t.Skip("MONGODB_URI is set: the suites run against it in TestUnifiedSuites")
	}
	deployments := []struct {
		name   string
		opts   []mongotest.Option
		auth   bool
		suites []string
	}{
		{"standalone", []mongotest.Option{mongotest.WithStandalone()}, false, unified.StandaloneSuites},
		{"auth", []mongotest.Option{mongotest.WithUser("runner", "pencil")}, true, unified.AuthSuites},
	}
	for _, d := range deployments {
		t.Run(d.name, func(t *testing.T) {
			srv := mongotest.NewServer(d.opts...)
			t.Cleanup(srv.Close)
			uri := srv.URI()
			if d.auth {
				uri = strings.Replace(uri, "mongodb://", "mongodb://runner:pencil@", 1)
			}
			runSuites(t, dir, uri, "unified-"+d.name, d.suites)
		})
	}
}

// runSuites runs suites against uri, one subtest per test, and prints the
// per-file counts under the report name.
func runSuites(t *testing.T, dir, uri, name string, suites []string) {
	ctx := context.Background()
	r, err := unified.NewRunner(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close(ctx) })
	if want := strings.Contains(uri, "@"); r.Info.Auth != want {
		t.Fatalf("runner sees auth %v on %s", r.Info.Auth, name)
	}
	rep := unified.NewReport(name)
	err = r.RunSuites(ctx, dir, suites, rep, func(ref unified.FileRef, res unified.TestResult) {
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
	t.Logf("%s total: %d passed, %d skipped, %d failed", name, tot.Passed, tot.Skipped, tot.Failed)
}
