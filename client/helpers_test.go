package client_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/operation"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recorder keeps copies of the command started events.
type recorder struct {
	mu      sync.Mutex
	started []started
	failed  []string
}

type started struct {
	name string
	cmd  bson.Raw
}

func (r *recorder) monitor() *operation.CommandMonitor {
	return &operation.CommandMonitor{
		Started: func(e operation.CommandStartedEvent) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.started = append(r.started, started{e.CommandName, append(bson.Raw(nil), e.Command...)})
		},
		Failed: func(e operation.CommandFailedEvent) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.failed = append(r.failed, e.CommandName)
		},
	}
}

// commands returns the started commands named name.
func (r *recorder) commands(name string) []bson.Raw {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []bson.Raw
	for _, s := range r.started {
		if s.name == name {
			out = append(out, s.cmd)
		}
	}
	return out
}

// lastCommand returns the last started command named name, failing when
// there is none.
func (r *recorder) lastCommand(t testing.TB, name string) bson.Raw {
	t.Helper()
	cmds := r.commands(name)
	if len(cmds) == 0 {
		t.Fatalf("no %s command was sent", name)
	}
	return cmds[len(cmds)-1]
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started, r.failed = nil, nil
}

// env is one test's client on a fresh server, with its event recorder.
type env struct {
	srv    *mongotest.Server // nil against MONGODB_URI
	client *client.Client
	rec    *recorder
	db     *client.Database
	coll   *client.Collection
}

// newEnv connects to MONGODB_URI, or to a new mongotest server, with a
// recorder; Disconnect runs at cleanup, after which goleak checks.
func newEnv(t testing.TB, opts ...client.Option) *env {
	t.Helper()
	e := &env{rec: &recorder{}}
	uri := os.Getenv("MONGODB_URI")
	if uri == "" {
		e.srv = mongotest.NewServer()
		t.Cleanup(e.srv.Close)
		uri = e.srv.URI()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	opts = append([]client.Option{client.WithMonitor(e.rec.monitor())}, opts...)
	c, err := client.Connect(ctx, uri, opts...)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := c.Disconnect(ctx); err != nil {
			t.Errorf("Disconnect: %v", err)
		}
	})
	e.client = c
	e.db = c.Database("cwal_client_test")
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	e.coll = e.db.Collection(name)
	if err := e.coll.Drop(ctx); err != nil {
		t.Fatalf("Drop: %v", err)
	}
	e.rec.reset()
	return e
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// ext parses relaxed extended JSON.
func ext(t testing.TB, s string) bson.Raw {
	t.Helper()
	b, err := bson.ParseExtJSON(nil, []byte(s), false)
	if err != nil {
		t.Fatalf("bad extended JSON %s: %v", s, err)
	}
	return b
}

// inUse returns the connections in use over every pool of the client.
func inUse(c *client.Client) int {
	n := 0
	for _, s := range c.Topology().Servers() {
		n += s.Pool().Stats().InUse
	}
	return n
}

// srvURI returns the URI the env connected to.
func (e *env) srvURI(t testing.TB) string {
	if e.srv != nil {
		return e.srv.URI()
	}
	return os.Getenv("MONGODB_URI")
}
