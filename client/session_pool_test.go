package client_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// A network error makes a session dirty: an explicit one keeps its lsid
// for the retry and later operations, but its server session is not
// reused; an implicit one is discarded after the operation.
func TestDirtySessionDiscarded(t *testing.T) {
	e, w := newWireEnv(t)
	ctx := ctxT(t)
	s := startSession(t, e.client)
	sctx := client.NewSessionContext(ctx, s)
	failOnce(t, e, "insert", bson.D{{Key: "closeConnection", Value: true}})
	if _, err := e.coll.InsertOne(sctx, bson.D{}); err != nil {
		t.Fatalf("retried insert: %v", err)
	}
	ins := w.all("insert")
	if len(ins) != 2 || !bytes.Equal(ins[0].Lookup("lsid").Document(), ins[1].Lookup("lsid").Document()) ||
		!bytes.Equal(ins[1].Lookup("lsid").Document(), s.ID()) {
		t.Fatalf("the retry did not reuse the dirty session: %d inserts", len(ins))
	}
	if !s.Dirty() {
		t.Fatal("the session is not dirty after a network error")
	}
	if err := e.coll.FindOne(sctx, nil).Err(); err != nil || !s.Dirty() {
		t.Fatalf("a later success: %v, dirty %v", err, s.Dirty())
	}
	id := s.ID()
	s.EndSession(ctx)
	if next := startSession(t, e.client); bytes.Equal(next.ID(), id) {
		t.Fatal("a dirty server session was reused")
	}

	// Implicit: the failed find's lsid is not seen again.
	failOnce(t, e, "find", bson.D{{Key: "closeConnection", Value: true}})
	_ = e.coll.FindOne(ctx, nil).Err()
	find, _ := w.last(t, "find")
	if err := e.coll.FindOne(ctx, nil).Err(); err != nil {
		t.Fatal(err)
	}
	next, _ := w.last(t, "find")
	if bytes.Equal(find.Lookup("lsid").Document(), next.Lookup("lsid").Document()) {
		t.Fatal("a dirty implicit session was reused")
	}
}

// Disconnect ends the pooled sessions in batches of 10,000; explicit
// sessions ended before it are among them.
func TestDisconnectEndSessionsBatches(t *testing.T) {
	e, _ := newWireEnv(t)
	rec := &wireLog{}
	c, err := client.Connect(ctxT(t), e.srvURI(t), client.WithMonitor(rec.monitor()))
	if err != nil {
		t.Fatal(err)
	}
	const n = 10_001
	sessions := make([]*client.Session, n)
	for i := range sessions {
		if sessions[i], err = c.StartSession(); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range sessions {
		s.EndSession(context.Background())
	}
	if err := c.Disconnect(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	es := rec.all("endSessions")
	if len(es) != 2 {
		t.Fatalf("%d endSessions commands, want 2", len(es))
	}
	total := 0
	for _, cmd := range es {
		total += cmd.Lookup("endSessions").Array().Len()
		if !cmd.Lookup("lsid").IsZero() {
			t.Fatal("endSessions sent with an lsid")
		}
	}
	if total != n || es[0].Lookup("endSessions").Array().Len() != 10_000 {
		t.Fatalf("ended %d sessions", total)
	}
	if _, err := c.StartSession(); err != client.ErrClientDisconnected {
		t.Fatalf("StartSession after Disconnect: %v", err)
	}
}

// Prose test 14: implicit sessions take their server session only after
// a connection is checked out, so with maxPoolSize=1 concurrent
// operations share fewer sessions than there are operations.
func TestImplicitSessionAfterCheckout(t *testing.T) {
	e, _ := newWireEnv(t)
	ctx := ctxT(t)
	onlyOnce := false
	for try := 0; try < 5; try++ {
		w := &wireLog{}
		c, err := client.Connect(ctx, uriWith(e.srvURI(t), "maxPoolSize=1&retryWrites=true"), client.WithMonitor(w.monitor()))
		if err != nil {
			t.Fatal(err)
		}
		coll := c.Database("d").Collection("prose14")
		set := bson.D{{Key: "$set", Value: bson.D{{Key: "a", Value: 1}}}}
		ops := []func() error{
			func() error { _, err := coll.InsertOne(ctx, bson.D{}); return err },
			func() error { _, err := coll.DeleteOne(ctx, bson.D{}); return err },
			func() error { _, err := coll.UpdateOne(ctx, bson.D{}, set); return err },
			func() error {
				_, err := coll.BulkWrite(ctx, []client.WriteModel{client.UpdateOneModel{Filter: bson.D{}, Update: set}})
				return err
			},
			func() error { return ignoreNoDocs(coll.FindOneAndDelete(ctx, bson.D{}).Err()) },
			func() error { return ignoreNoDocs(coll.FindOneAndUpdate(ctx, bson.D{}, set).Err()) },
			func() error {
				return ignoreNoDocs(coll.FindOneAndReplace(ctx, bson.D{}, bson.D{{Key: "a", Value: 1}}).Err())
			},
			func() error {
				cur, err := coll.Find(ctx, bson.D{})
				if err == nil {
					err = cur.All(ctx, new([]bson.Raw))
				}
				return err
			},
		}
		var wg sync.WaitGroup
		errs := make([]error, len(ops))
		for i, op := range ops {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = op() }()
		}
		wg.Wait()
		_ = c.Disconnect(context.Background())
		for i, err := range errs {
			if err != nil {
				t.Fatalf("operation %d: %v", i, err)
			}
		}
		lsids := map[string]bool{}
		for _, s := range w.sent {
			if s.name != "endSessions" && s.name != "hello" {
				lsids[string(s.cmd.Lookup("lsid").Document())] = true
			}
		}
		if len(lsids) >= len(ops) {
			t.Fatalf("try %d: %d sessions for %d operations", try, len(lsids), len(ops))
		}
		onlyOnce = onlyOnce || len(lsids) == 1
	}
	if !onlyOnce {
		t.Fatal("no try used a single session")
	}
}

// uriWith adds URI options to uri.
func uriWith(uri, q string) string {
	if strings.Contains(uri, "?") {
		return uri + "&" + q
	}
	if strings.Count(uri, "/") < 3 {
		uri += "/"
	}
	return uri + "?" + q
}
