package unified

import (
	"context"
	"errors"
	"fmt"
)

// DefaultSuites are the suites the runner is expected to pass (issue 7);
// later suites join this list as the client grows.
var DefaultSuites = []string{
	"crud", "collection-management", "index-management", "run-command",
	"command-logging-and-monitoring", "read-write-concern",
	"unified-test-format/valid-pass", "unified-test-format/valid-fail", "gridfs",
	"server-selection/logging", "connection-monitoring-and-pooling/logging", "server-discovery-and-monitoring",
	"sessions", "causal-consistency", "retryable-reads", "retryable-writes",
}

// validFailSuite holds files every test of which must fail: a runner that
// passes one of them is too lenient.
const validFailSuite = "unified-test-format/valid-fail"

// invalidSuite holds files that break the format's schema: each must be
// refused, so its verdict is inverted like valid-fail's.
const invalidSuite = "unified-test-format/invalid"

// RunSuites runs the unified test files of suites found under specDir
// and reports each test to onResult (may be nil) and rep (may be nil). In
// valid-fail and invalid, a failure is the expected outcome and counts as
// a pass. A file that does not load fails as one test named "(file)",
// except in those two suites where that is its expected outcome.
func (r *Runner) RunSuites(ctx context.Context, specDir string, suites []string, rep *Report, onResult func(FileRef, TestResult)) error {
	refs, err := Discover(specDir, suites...)
	if err != nil {
		return err
	}
	if len(refs) == 0 {
		return fmt.Errorf("unified: no test files for suites %q under %s", suites, specDir)
	}
	for _, ref := range refs {
		for _, res := range r.runRef(ctx, ref) {
			if rep != nil {
				record(rep, ref, res)
			}
			if onResult != nil {
				onResult(ref, res)
			}
		}
	}
	return nil
}

func record(rep *Report, ref FileRef, res TestResult) {
	if res.Outcome == Skipped {
		rep.Skip(ref.Key(), res.Test, res.Reason)
		return
	}
	rep.Add(ref.Key(), res.Outcome)
}

// runRef loads and runs one file.
func (r *Runner) runRef(ctx context.Context, ref FileRef) []TestResult {
	validFail := ref.Suite == validFailSuite || ref.Suite == invalidSuite

	f, err := Load(ref.Path)
	if err != nil {
		var use *UnsupportedSchemaError
		if reason, ok := SkipReason(ref.Suite, ref.Name, ""); ok {
			return []TestResult{{Test: "(file)", Outcome: Skipped, Reason: reason}}
		}
		if errors.As(err, &use) && !validFail {
			return []TestResult{{Test: "(file)", Outcome: Skipped, Reason: use.Error()}}
		}
		res := TestResult{Test: "(file)", Outcome: Failed, Err: err}
		if validFail {
			res.Outcome, res.Err = Passed, nil
		}
		return []TestResult{res}
	}
	results := r.RunFile(ctx, ref, f, nil)
	if validFail {
		for i := range results {
			invert(&results[i])
		}
	}
	return results
}

// invert turns the outcome of a valid-fail test into its verdict.
func invert(res *TestResult) {
	switch res.Outcome {
	case Failed:
		res.Outcome, res.Err = Passed, nil
	case Passed:
		res.Outcome, res.Err = Failed, errors.New("valid-fail test passed: the runner accepted a test that must fail")
	}
}
