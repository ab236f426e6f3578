package operation_test

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// ext parses relaxed extended JSON into a document.
func ext(t testing.TB, s string) bson.Raw {
	t.Helper()
	b, err := bson.ParseExtJSON(nil, []byte(s), false)
	if err != nil {
		t.Fatalf("bad extended JSON %s: %v", s, err)
	}
	return b
}

// arr parses a JSON array into an encoded BSON array.
func arr(t testing.TB, s string) bson.RawArray {
	t.Helper()
	return bson.RawArray(ext(t, `{"a": `+s+`}`).Lookup("a").Array())
}

// sameDoc fails unless got and want are the same bytes, showing both as
// extended JSON.
func sameDoc(t testing.TB, got, want bson.Raw) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Fatalf("document mismatch\n got: %s\nwant: %s", got, want)
	}
}

// body builds the body document a command appends for desc.
func body(t testing.TB, c operation.Command, desc description.Server) bson.Raw {
	t.Helper()
	b, start := bson.AppendDocumentStart(nil)
	b, err := c.AppendBody(b, desc)
	if err != nil {
		t.Fatalf("%s: AppendBody: %v", c.Name(), err)
	}
	return bson.AppendDocumentEnd(b, start)
}

// testServer is a Deployment server over a real pool, counting checkouts,
// checkins and Done calls and recording the SDAM errors it is given. Its
// description may be edited (smaller limits for batch splitting tests).
type testServer struct {
	pool *pool.Pool

	mu                         sync.Mutex
	desc                       description.Server
	checkouts, checkins, dones int
	errs                       []topology.AppError
}

func (s *testServer) Description() description.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.desc
}

func (s *testServer) Checkout(ctx context.Context) (*pool.Conn, error) {
	c, err := s.pool.Checkout(ctx, pool.OwnerOperation)
	if err == nil {
		s.mu.Lock()
		s.checkouts++
		s.mu.Unlock()
	}
	return c, err
}

func (s *testServer) Checkin(c *pool.Conn) error {
	s.mu.Lock()
	s.checkins++
	s.mu.Unlock()
	return s.pool.Checkin(c)
}

func (s *testServer) HandleError(_ context.Context, e topology.AppError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, e)
}

func (s *testServer) Done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dones++
}

// balanced fails unless every checkout was checked in and the pool has no
// connection in use.
func (s *testServer) balanced(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	out, in := s.checkouts, s.checkins
	s.mu.Unlock()
	if out != in {
		t.Fatalf("%d checkouts, %d checkins", out, in)
	}
	if st := s.pool.Stats(); st.InUse != 0 {
		t.Fatalf("pool has %d connections in use", st.InUse)
	}
}

func (s *testServer) appErrors() []topology.AppError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.errs)
}

func (s *testServer) setLimits(maxDoc, maxMsg, maxCount int32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.desc.MaxBSONObjectSize, s.desc.MaxMessageSizeBytes, s.desc.MaxWriteBatchSize = maxDoc, maxMsg, maxCount
}

// testDeployment selects among its servers: the first that is not
// deprioritized, else the first. It counts selections.
type testDeployment struct {
	kind    topology.Kind
	servers []*testServer

	mu       sync.Mutex
	selects  int
	criteria []topology.Criteria
}

func (d *testDeployment) SelectServer(_ context.Context, c topology.Criteria) (operation.Server, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.selects++
	d.criteria = append(d.criteria, c)
	for _, s := range d.servers {
		if !slices.Contains(c.Deprioritized, s.Description().Addr) {
			return s, nil
		}
	}
	return d.servers[0], nil
}

func (d *testDeployment) Kind() topology.Kind { return d.kind }

// newMongotest starts a mongotest server and a pool to it, both closed at
// the end of the test, and returns the deployment's server.
func newMongotest(t testing.TB, opts ...mongotest.Option) (*mongotest.Server, *testServer) {
	t.Helper()
	srv := mongotest.NewServer(opts...)
	t.Cleanup(srv.Close)
	p := pool.New(pool.Config{Address: srv.Addr(), MaintainInterval: -1})
	p.Ready()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		p.Close(ctx)
	})
	ts := &testServer{pool: p}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := p.Checkout(ctx, pool.OwnerOperation)
	if err != nil {
		t.Fatalf("checkout from mongotest: %v", err)
	}
	ts.desc = c.Description()
	if err := p.Checkin(c); err != nil {
		t.Fatal(err)
	}
	return srv, ts
}

// newDeployment is a replica set deployment with one mongotest primary.
func newDeployment(t testing.TB, opts ...mongotest.Option) (*mongotest.Server, *testServer, *testDeployment) {
	t.Helper()
	srv, ts := newMongotest(t, opts...)
	return srv, ts, &testDeployment{kind: topology.ReplicaSetWithPrimary, servers: []*testServer{ts}}
}

// fakeSession is a Session with a fixed lsid and a counter.
type fakeSession struct {
	lsid     bson.Raw
	txn      int64
	observed int
	netErrs  int
}

func newFakeSession() *fakeSession {
	id := bson.NewUUID()
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendBinaryElement(b, "id", id.Subtype, id.Data)
	return &fakeSession{lsid: bson.AppendDocumentEnd(b, start)}
}

func (s *fakeSession) LSID() bson.Raw       { return s.lsid }
func (s *fakeSession) NextTxnNumber() int64 { s.txn++; return s.txn }
func (s *fakeSession) Observe(_ bson.Raw, err error) {
	s.observed++
	if operation.IsNetworkError(err) {
		s.netErrs++
	}
}

// sessionDeployment adds implicit sessions and a cluster clock to a
// testDeployment.
type sessionDeployment struct {
	*testDeployment
	mu             sync.Mutex
	started, ended int
	last           *fakeSession
	clusterTime    bson.Raw
	advanced       int
}

func (d *sessionDeployment) StartImplicitSession() (operation.Session, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.started++
	d.last = newFakeSession()
	return d.last, nil
}

func (d *sessionDeployment) EndImplicitSession(operation.Session) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ended++
}

func (d *sessionDeployment) ClusterTime() bson.Raw { return d.clusterTime }

func (d *sessionDeployment) AdvanceClusterTime(ct bson.Raw) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.advanced++
	d.clusterTime = slices.Clone(ct)
}

// recorder collects command monitoring events.
type recorder struct {
	mu        sync.Mutex
	started   []operation.CommandStartedEvent
	succeeded []operation.CommandSucceededEvent
	failed    []operation.CommandFailedEvent
}

func (r *recorder) monitor() *operation.CommandMonitor {
	return &operation.CommandMonitor{
		Started: func(e operation.CommandStartedEvent) {
			r.mu.Lock()
			defer r.mu.Unlock()
			e.Command = slices.Clone(e.Command)
			r.started = append(r.started, e)
		},
		Succeeded: func(e operation.CommandSucceededEvent) {
			r.mu.Lock()
			defer r.mu.Unlock()
			e.Reply = slices.Clone(e.Reply)
			r.succeeded = append(r.succeeded, e)
		},
		Failed: func(e operation.CommandFailedEvent) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.failed = append(r.failed, e)
		},
	}
}

// startedNamed returns the started events of one command.
func (r *recorder) startedNamed(name string) []operation.CommandStartedEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []operation.CommandStartedEvent
	for _, e := range r.started {
		if e.CommandName == name {
			out = append(out, e)
		}
	}
	return out
}

// run executes a command with a 10 s deadline.
func run(t testing.TB, d operation.Deployment, c operation.Command, o operation.ExecOptions) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return operation.Execute(ctx, d, c, o)
}

// failPoint configures mongotest's failCommand fail point.
func failPoint(t testing.TB, d operation.Deployment, spec string) {
	t.Helper()
	c := &operation.RunCommand{DB: "admin", Command: ext(t, spec)}
	if err := run(t, d, c, operation.ExecOptions{}); err != nil {
		t.Fatalf("configureFailPoint: %v", err)
	}
}

// docs makes n documents {_id: i, x: <pad bytes of "x">}.
func docs(n, pad int) []bson.Raw {
	out := make([]bson.Raw, n)
	s := string(bytes.Repeat([]byte("x"), pad))
	for i := range out {
		b, start := bson.AppendDocumentStart(nil)
		b = bson.AppendInt32Element(b, "_id", int32(i))
		if pad > 0 {
			b = bson.AppendStringElement(b, "x", s)
		}
		out[i] = bson.AppendDocumentEnd(b, start)
	}
	return out
}

// mongotestStandalone makes mongotest a standalone mongod.
func mongotestStandalone() mongotest.Option { return mongotest.WithStandalone() }
