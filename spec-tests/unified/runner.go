package unified

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// Runner runs unified test files against one deployment with cwal's
// client: it creates each test's entities, loads its initial data, runs
// its operations through Ops and checks its expectations. A Runner runs
// one test at a time; it is not safe for concurrent use.
type Runner struct {
	// URI is the deployment's connection string.
	URI string
	// Info describes the deployment, for runOnRequirements.
	Info ServerInfo
	// Ops holds the operations the runner supports; NewRunner fills it
	// with ClientOps and the runner's own testRunner operations.
	Ops OpTable

	internal *client.Client
	mu       sync.Mutex
	// failPoints are the fail points set by the current test, as
	// {client, name}, turned off when it ends.
	failPoints []failPointRef
	// clients are the current test's client entities, also those its
	// createEntities operations add.
	clients map[string]*clientEntity
	// fastHeartbeat: the current test sets fail points, so its clients
	// get a short heartbeatFrequencyMS (runner_heartbeat.go).
	fastHeartbeat bool
}

type failPointRef struct {
	c    *client.Client
	name string
}

// TestResult is the outcome of one test with the reason of a skip or the
// error of a failure.
type TestResult struct {
	Test    string
	Outcome Outcome
	Reason  string
	Err     error
}

// NewRunner connects an internal client to uri, reads the deployment's
// description and returns a runner with the full operation table. Close
// releases the internal client.
func NewRunner(ctx context.Context, uri string) (*Runner, error) {
	c, err := client.Connect(ctx, uri)
	if err != nil {
		return nil, fmt.Errorf("unified: connect %s: %w", uri, err)
	}
	r := &Runner{URI: uri, internal: c, Ops: OpTable{}}
	if r.Info, err = serverInfo(ctx, c); err != nil {
		_ = c.Disconnect(ctx)
		return nil, err
	}
	r.Info.Auth = uriHasCredential(uri)
	ClientOps(r.Ops)
	r.registerTestRunnerOps()
	return r, nil
}

// Close disconnects the internal client.
func (r *Runner) Close(ctx context.Context) error { return r.internal.Disconnect(ctx) }

// serverInfo asks the deployment for its version, topology and
// parameters.
func serverInfo(ctx context.Context, c *client.Client) (ServerInfo, error) {
	admin := c.Database("admin")
	bi, err := admin.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Raw()
	if err != nil {
		return ServerInfo{}, fmt.Errorf("unified: buildInfo: %w", err)
	}
	hello, err := admin.RunCommand(ctx, bson.D{{Key: "hello", Value: 1}}).Raw()
	if err != nil {
		return ServerInfo{}, fmt.Errorf("unified: hello: %w", err)
	}
	info := ServerInfo{Version: bi.Lookup("version").StringValue(), Topology: TopologySingle}
	switch {
	case hello.Lookup("msg").StringValue() == "isdbgrid":
		info.Topology = TopologySharded
	case !hello.Lookup("setName").IsZero():
		info.Topology = TopologyReplicaSet
	}
	if params, err := admin.RunCommand(ctx, bson.D{{Key: "getParameter", Value: "*"}}).Raw(); err == nil {
		info.ServerParameters = params
	}
	return info, nil
}

// RunFile runs every test of f (found at ref) and returns one result per
// test in file order; rep, when not nil, counts them.
func (r *Runner) RunFile(ctx context.Context, ref FileRef, f *File, rep *Report) []TestResult {
	out := make([]TestResult, 0, len(f.Tests))
	for i := range f.Tests {
		res := r.RunTest(ctx, ref, f, &f.Tests[i])
		out = append(out, res)
		if rep == nil {
			continue
		}
		if res.Outcome == Skipped {
			rep.Skip(ref.Key(), res.Test, res.Reason)
		} else {
			rep.Add(ref.Key(), res.Outcome)
		}
	}
	return out
}

// RunTest runs one test of f, or says why it is skipped.
func (r *Runner) RunTest(ctx context.Context, ref FileRef, f *File, t *Test) TestResult {
	res := TestResult{Test: t.Description}
	if reason := r.skipReason(ref, f, t); reason != "" {
		res.Outcome, res.Reason = Skipped, reason
		return res
	}
	if err := r.runTest(ctx, f, t); err != nil {
		res.Outcome, res.Err = Failed, err
		return res
	}
	res.Outcome = Passed
	return res
}

// skipReason returns why a test is not run, or "".
func (r *Runner) skipReason(ref FileRef, f *File, t *Test) string {
	if reason, ok := SkipReason(ref.Suite, ref.Name, t.Description); ok {
		return reason
	}
	if t.SkipReason != "" {
		return "skipReason: " + t.SkipReason
	}
	if ok, why := Satisfied(f.RunOnRequirements, r.Info); !ok {
		return "runOnRequirements (file): " + why
	}
	if ok, why := Satisfied(t.RunOnRequirements, r.Info); !ok {
		return "runOnRequirements: " + why
	}
	return unsupportedFeature(f, t)
}

// unsupportedFeature names a feature the test needs that cwal lacks.
func unsupportedFeature(f *File, t *Test) string {
	if op := transactionOp(t); op != "" {
		return "client: transactions are not implemented yet (" + op + ")"
	}
	for _, e := range f.CreateEntities {
		switch {
		case e.Kind == "clientEncryption" || (e.Client != nil && len(e.Client.AutoEncryptOpts) > 0):
			return "client: client-side field level encryption is not implemented"
		}
	}
	for _, op := range t.Operations {
		if !op.Arguments.Lookup("timeoutMS").IsZero() {
			return "client: no client-side operation timeout (timeoutMS, CSOT)"
		}
	}
	return ""
}

// errTestFailed marks a failure found after the operations ran.
var errTestFailed = errors.New("test failed")

func joinNonNil(errs ...error) error {
	var keep []string
	for _, e := range errs {
		if e != nil {
			keep = append(keep, e.Error())
		}
	}
	if len(keep) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", errTestFailed, strings.Join(keep, "; "))
}
