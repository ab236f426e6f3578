package client_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/operation"
)

// wireLog records, in order, each command sent and the reply it got.
type wireLog struct {
	mu      sync.Mutex
	sent    []started
	replies map[int64]bson.Raw // by request id
	ids     []int64
}

func (w *wireLog) monitor() *operation.CommandMonitor {
	w.replies = map[int64]bson.Raw{}
	return &operation.CommandMonitor{
		Started: func(e operation.CommandStartedEvent) {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.sent = append(w.sent, started{e.CommandName, append(bson.Raw(nil), e.Command...)})
			w.ids = append(w.ids, int64(e.RequestID))
		},
		Succeeded: func(e operation.CommandSucceededEvent) {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.replies[int64(e.RequestID)] = append(bson.Raw(nil), e.Reply...)
		},
	}
}

// last returns the last command named name and its reply (nil if none).
func (w *wireLog) last(t *testing.T, name string) (cmd, reply bson.Raw) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := len(w.sent) - 1; i >= 0; i-- {
		if w.sent[i].name == name {
			return w.sent[i].cmd, w.replies[w.ids[i]]
		}
	}
	t.Fatalf("no %s command was sent", name)
	return nil, nil
}

// all returns every command named name, in order.
func (w *wireLog) all(name string) []bson.Raw {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []bson.Raw
	for _, s := range w.sent {
		if s.name == name {
			out = append(out, s.cmd)
		}
	}
	return out
}

func newWireEnv(t *testing.T, opts ...client.Option) (*env, *wireLog) {
	w := &wireLog{}
	e := newEnv(t, append([]client.Option{client.WithMonitor(w.monitor())}, opts...)...)
	return e, w
}

func startSession(t *testing.T, c *client.Client, opts ...client.SessionOptions) *client.Session {
	t.Helper()
	s, err := c.StartSession(opts...)
	if err != nil {
		t.Fatalf("StartSession: %v", err)
	}
	t.Cleanup(func() { s.EndSession(context.Background()) })
	return s
}

// Prose test 4: explicit and implicit session arguments.
func TestExplicitSessionLsid(t *testing.T) {
	e, w := newWireEnv(t)
	ctx := ctxT(t)
	s := startSession(t, e.client)
	if s.Client() != e.client {
		t.Fatal("Client() is not the starting client")
	}
	sctx := client.NewSessionContext(ctx, s)
	if client.SessionFromContext(sctx) != s || client.SessionFromContext(ctx) != nil {
		t.Fatal("SessionFromContext")
	}
	ops := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"insert", func(ctx context.Context) error { _, err := e.coll.InsertOne(ctx, bson.D{}); return err }},
		{"find", func(ctx context.Context) error { return ignoreNoDocs(e.coll.FindOne(ctx, nil).Err()) }},
		{"aggregate", func(ctx context.Context) error { _, err := e.coll.CountDocuments(ctx, nil); return err }},
		{"distinct", func(ctx context.Context) error { _, err := e.coll.Distinct(ctx, "x", nil); return err }},
		{"ping", func(ctx context.Context) error { return e.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err() }},
		{"listCollections", func(ctx context.Context) error { _, err := e.db.ListCollectionNames(ctx, nil); return err }},
		{"delete", func(ctx context.Context) error { _, err := e.coll.DeleteMany(ctx, bson.D{}); return err }},
	}
	for _, op := range ops {
		if err := op.run(sctx); err != nil {
			t.Fatalf("%s with the session: %v", op.name, err)
		}
		if cmd, _ := w.last(t, op.name); !bytes.Equal(cmd.Lookup("lsid").Document(), s.ID()) {
			t.Fatalf("%s sent lsid %s, want the session's %s", op.name, cmd.Lookup("lsid"), s.ID())
		}
		if err := op.run(ctx); err != nil {
			t.Fatalf("%s without a session: %v", op.name, err)
		}
		cmd, _ := w.last(t, op.name)
		if lsid := cmd.Lookup("lsid").Document(); len(lsid) == 0 || bytes.Equal(lsid, s.ID()) {
			t.Fatalf("%s without a session sent lsid %s", op.name, lsid)
		}
	}
}

func ignoreNoDocs(err error) error {
	if errors.Is(err, client.ErrNoDocuments) {
		return nil
	}
	return err
}

// Prose tests 5 and 6: a session of another client, an ended session.
func TestSessionRefused(t *testing.T) {
	e, w := newWireEnv(t)
	ctx := ctxT(t)
	other, err := client.Connect(ctx, e.srvURI(t))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Disconnect(context.Background())
	foreign := startSession(t, other)
	ended := startSession(t, e.client)
	ended.EndSession(ctx)
	ended.EndSession(ctx) // a second call is ignored
	cases := []struct {
		s    *client.Session
		want error
	}{{foreign, client.ErrSessionOtherClient}, {ended, client.ErrSessionEnded}}
	for _, c := range cases {
		sctx := client.NewSessionContext(ctx, c.s)
		if _, err := e.coll.InsertOne(sctx, bson.D{}); !errors.Is(err, c.want) {
			t.Fatalf("InsertOne: %v, want %v", err, c.want)
		}
		if _, err := e.coll.Find(sctx, nil); !errors.Is(err, c.want) {
			t.Fatalf("Find: %v, want %v", err, c.want)
		}
		if err := e.client.Ping(sctx); !errors.Is(err, c.want) {
			t.Fatalf("Ping: %v, want %v", err, c.want)
		}
	}
	if n := len(w.all("insert")) + len(w.all("find")); n != 0 {
		t.Fatalf("%d commands were sent with a refused session", n)
	}
}

func TestSessionUnacknowledgedWrite(t *testing.T) {
	e, _ := newWireEnv(t)
	ctx := ctxT(t)
	s := startSession(t, e.client)
	coll := e.db.Collection(e.coll.Name(), client.Settings{WriteConcern: client.Unacknowledged()})
	if _, err := coll.InsertOne(client.NewSessionContext(ctx, s), bson.D{}); !errors.Is(err, operation.ErrUnacknowledgedSession) {
		t.Fatalf("unacknowledged write with an explicit session: %v", err)
	}
}

// Prose test 2: the pool is LIFO.
func TestSessionPoolLIFO(t *testing.T) {
	e, _ := newWireEnv(t)
	ctx := ctxT(t)
	a, b := startSession(t, e.client), startSession(t, e.client)
	aID, bID := a.ID(), b.ID()
	a.EndSession(ctx)
	b.EndSession(ctx)
	if c := startSession(t, e.client); !bytes.Equal(c.ID(), bID) {
		t.Fatal("the first new session should reuse B's server session")
	}
	if d := startSession(t, e.client); !bytes.Equal(d.ID(), aID) {
		t.Fatal("the second new session should reuse A's server session")
	}
}

// Prose tests 1 and 21-23: option validation and snapshotTime.
func TestSessionOptionErrors(t *testing.T) {
	e, _ := newWireEnv(t)
	if _, err := e.client.StartSession(client.SessionOptions{Snapshot: true, CausalConsistency: client.Some(true)}); !errors.Is(err, client.ErrSnapshotCausal) {
		t.Fatalf("snapshot and causalConsistency: %v", err)
	}
	if _, err := e.client.StartSession(client.SessionOptions{SnapshotTime: bson.Timestamp{T: 1}}); !errors.Is(err, client.ErrSnapshotTimeWithoutSnapshot) {
		t.Fatalf("snapshotTime without snapshot: %v", err)
	}
	s := startSession(t, e.client, client.SessionOptions{Snapshot: false})
	if ts, ok := s.SnapshotTime(); ok || !ts.IsZero() {
		t.Fatalf("non-snapshot session has snapshot time %v", ts)
	}
	if err := s.AdvanceClusterTime(bson.Raw{5, 0, 0, 0, 0}); !errors.Is(err, client.ErrBadClusterTime) {
		t.Fatalf("AdvanceClusterTime({}): %v", err)
	}
}

// An explicit session stays with its cursor across getMores and is not
// ended when the cursor is exhausted (prose test 11 for the primary).
func TestExplicitSessionCursor(t *testing.T) {
	e, w := newWireEnv(t)
	ctx := ctxT(t)
	seed(t, e, 5)
	s := startSession(t, e.client)
	sctx := client.NewSessionContext(ctx, s)
	cur, err := e.coll.Find(sctx, nil, client.FindOptions{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for cur.Next(context.Background()) { // the cursor keeps its session, not the ctx's
		n++
	}
	if err := cur.Close(ctx); err != nil || n != 5 {
		t.Fatalf("read %d documents: %v", n, err)
	}
	gms := w.all("getMore")
	if len(gms) != 2 {
		t.Fatalf("%d getMores", len(gms))
	}
	for _, c := range append(w.all("find"), gms...) {
		if !bytes.Equal(c.Lookup("lsid").Document(), s.ID()) {
			t.Fatalf("%s sent without the session's lsid", c)
		}
	}
	if _, err := e.coll.InsertOne(sctx, bson.D{}); err != nil {
		t.Fatalf("the session ended with its cursor: %v", err)
	}
}

// Prose tests 8 and 9: an implicit session goes back to the pool as soon
// as the cursor is exhausted, before the last document is read.
func TestImplicitSessionReturnedWhenExhausted(t *testing.T) {
	e, w := newWireEnv(t)
	ctx := ctxT(t)
	seed(t, e, 5)
	for _, batch := range []int32{0, 3} {
		cur, err := e.coll.Find(ctx, nil, client.FindOptions{BatchSize: batch})
		if err != nil {
			t.Fatal(err)
		}
		find, _ := w.last(t, "find")
		for i := 0; i < 4; i++ {
			cur.Next(ctx)
		}
		// The cursor is exhausted (id 0) but one document is left.
		s := startSession(t, e.client)
		if !bytes.Equal(s.ID(), find.Lookup("lsid").Document()) {
			t.Fatalf("batchSize %d: the cursor's implicit session was not returned", batch)
		}
		s.EndSession(ctx)
		cur.Close(ctx)
	}
}
