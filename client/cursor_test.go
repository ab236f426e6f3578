package client_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

func TestCursorBatches(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 10)
	cur, err := e.coll.Find(ctx, nil, client.FindOptions{BatchSize: 3, Sort: bson.D{{Key: "_id", Value: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if cur.ID() == 0 || cur.RemainingBatchLength() != 3 {
		t.Fatalf("first batch: id %d, %d left", cur.ID(), cur.RemainingBatchLength())
	}
	var ids []int32
	for cur.Next(ctx) {
		var d struct {
			ID int32 `bson:"_id"`
		}
		if err := cur.Decode(&d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if err := cur.Err(); err != nil || len(ids) != 10 || ids[9] != 9 {
		t.Fatalf("ids %v, err %v", ids, err)
	}
	gms := e.rec.commands("getMore")
	if len(gms) != 3 || gms[0].Lookup("batchSize").Int32() != 3 {
		t.Fatalf("%d getMores: %v", len(gms), gms)
	}
	if cur.ID() != 0 || inUse(e.client) != 0 {
		t.Fatalf("after exhaustion: id %d, %d in use", cur.ID(), inUse(e.client))
	}
	if err := cur.Close(ctx); err != nil || len(e.rec.commands("killCursors")) != 0 {
		t.Fatalf("Close of an exhausted cursor: %v, %d kills", err, len(e.rec.commands("killCursors")))
	}
}

func TestCursorCloseKills(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 10)
	cur, err := e.coll.Find(ctx, nil, client.FindOptions{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	id := cur.ID()
	if !cur.Next(ctx) {
		t.Fatal(cur.Err())
	}
	if err := cur.Close(ctx); err != nil {
		t.Fatal(err)
	}
	kc := e.rec.lastCommand(t, "killCursors")
	if kc.Lookup("cursors").Array().Index(0).Int64() != id {
		t.Fatalf("killCursors %s for id %d", kc, id)
	}
	if cur.Next(ctx) || cur.ID() != 0 {
		t.Fatal("Next after Close")
	}
}

func TestCursorIterator(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 7)
	cur, err := e.coll.Find(ctx, nil, client.FindOptions{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for doc, err := range cur.Docs(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if doc.Lookup("_id").Type == 0 {
			t.Fatalf("doc %s", doc)
		}
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 || cur.ID() != 0 || len(e.rec.commands("killCursors")) != 1 {
		t.Fatalf("break: n %d, id %d, kills %d", n, cur.ID(), len(e.rec.commands("killCursors")))
	}
}

func TestCursorErrorFrees(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 6)
	cur, err := e.coll.Find(ctx, nil, client.FindOptions{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Fail the next getMore once.
	fp := bson.D{{Key: "configureFailPoint", Value: "failCommand"}, {Key: "mode", Value: bson.D{{Key: "times", Value: 1}}},
		{Key: "data", Value: bson.D{{Key: "failCommands", Value: bson.A{"getMore"}}, {Key: "errorCode", Value: 96}}}}
	if err := e.client.Database("admin").RunCommand(ctx, fp).Err(); err != nil {
		t.Skipf("fail points unavailable: %v", err)
	}
	for cur.Next(ctx) {
	}
	if cur.Err() == nil || cur.ID() != 0 || inUse(e.client) != 0 {
		t.Fatalf("after a failed getMore: err %v id %d in use %d", cur.Err(), cur.ID(), inUse(e.client))
	}
	if len(e.rec.commands("killCursors")) != 1 {
		t.Fatal("the failed cursor was not killed")
	}
}

func TestAbandonedCursorCleanup(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 10)
	func() {
		cur, err := e.coll.Find(ctx, nil, client.FindOptions{BatchSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		cur.Next(ctx)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for e.client.LeakedCursors() == 0 || len(e.rec.commands("killCursors")) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("abandoned cursor not cleaned: %d leaked, %d kills", e.client.LeakedCursors(), len(e.rec.commands("killCursors")))
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	var abandoned uint64
	for _, s := range e.client.PoolStats() {
		abandoned += s.Abandoned
	}
	if abandoned != 1 {
		t.Fatalf("pool stats count %d abandoned cursors, want 1", abandoned)
	}
}

func TestTailableCursor(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	err := e.db.CreateCollection(ctx, e.coll.Name(), client.CreateCollectionOptions{Capped: true, Size: 1 << 16})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, e, 2)
	cur, err := e.coll.Find(ctx, nil, client.FindOptions{Tailable: true, AwaitData: true, MaxAwaitTime: 50 * time.Millisecond, BatchSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer cur.Close(ctx)
	for i := 0; i < 2; i++ {
		if !cur.Next(ctx) {
			t.Fatalf("doc %d: %v", i, cur.Err())
		}
	}
	if cur.TryNext(ctx) || cur.Err() != nil || cur.ID() == 0 {
		t.Fatalf("TryNext on an idle tailable cursor: err %v id %d", cur.Err(), cur.ID())
	}
	if gm := e.rec.lastCommand(t, "getMore"); gm.Lookup("maxTimeMS").Type == 0 {
		t.Fatalf("getMore without maxTimeMS: %s", gm)
	}
	if _, err := e.coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 100}}); err != nil {
		t.Fatal(err)
	}
	if !cur.Next(ctx) || cur.Current().Lookup("_id").Int32() != 100 {
		t.Fatalf("tailable Next after insert: %v %s", cur.Err(), cur.Current())
	}
}
