package client_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

func TestImplicitSessions(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 5)
	for i := 0; i < 2; i++ {
		if err := e.coll.FindOne(ctx, nil).Err(); err != nil {
			t.Fatal(err)
		}
	}
	finds := e.rec.commands("find")
	a, b := finds[0].Lookup("lsid").Document(), finds[1].Lookup("lsid").Document()
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatalf("sequential operations should reuse one session: %s vs %s", a, b)
	}
	if _, err := e.coll.InsertOne(ctx, bson.D{}); err != nil {
		t.Fatal(err)
	}
	if ins := e.rec.lastCommand(t, "insert"); ins.Lookup("txnNumber").Type == 0 {
		t.Fatalf("retryable insert without txnNumber: %s", ins)
	}
	// A cursor keeps its session for getMore and killCursors.
	cur, err := e.coll.Find(ctx, nil, client.FindOptions{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	cur.Next(ctx)
	cur.Next(ctx)
	cur.Next(ctx)
	cur.Close(ctx)
	find, gm, kc := e.rec.lastCommand(t, "find"), e.rec.lastCommand(t, "getMore"), e.rec.lastCommand(t, "killCursors")
	if !bytes.Equal(find.Lookup("lsid").Document(), gm.Lookup("lsid").Document()) || !bytes.Equal(find.Lookup("lsid").Document(), kc.Lookup("lsid").Document()) {
		t.Fatal("the cursor's commands do not share its session")
	}
}

func TestDisconnectEndsSessions(t *testing.T) {
	e := newEnv(t)
	rec := e.rec
	c, err := client.Connect(ctxT(t), e.srvURI(t), client.WithMonitor(rec.monitor()))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := c.Database("d").Collection("c").FindOne(ctxT(t), nil).Err(); err != client.ErrNoDocuments {
		t.Fatal(err)
	}
	if err := c.Disconnect(context.Background()); err != nil {
		t.Fatal(err)
	}
	es := rec.lastCommand(t, "endSessions")
	if es.Lookup("endSessions").Array().Len() != 1 {
		t.Fatalf("endSessions %s", es)
	}
}
