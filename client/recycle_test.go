package client_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// TestLargeBatchBuffersReused reads large batches (above
// pool.MaxRetainedBuffer, whose buffers cursors recycle) from two cursors
// interleaved, twice: a batch still in use must never be overwritten by
// another cursor's reply, and recycled buffers must carry the right
// documents.
func TestLargeBatchBuffersReused(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	const n, size = 1500, 8 << 10 // 12 MB: one large getMore batch
	docs := make([]any, n)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: int32(i)}, {Key: "p", Value: payload(i, size)}}
	}
	if _, err := e.coll.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 3; round++ {
		a := openSorted(t, ctx, e.coll)
		b := openSorted(t, ctx, e.coll)
		// a reads into its large batch and keeps its current document.
		for i := 0; i < 200; i++ {
			checkNext(t, ctx, a, i, size)
		}
		held := a.Current()
		// b reads everything: its batches must not land in a's buffer.
		for i := 0; i < n; i++ {
			checkNext(t, ctx, b, i, size)
		}
		if b.Next(ctx) || b.Err() != nil {
			t.Fatalf("round %d: b has more or failed: %v", round, b.Err())
		}
		checkDoc(t, held, 199, size)
		for i := 200; i < n; i++ {
			checkNext(t, ctx, a, i, size)
		}
		if err := a.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

func openSorted(t *testing.T, ctx context.Context, c *client.Collection) *client.Cursor {
	t.Helper()
	cur, err := c.Find(ctx, nil, client.FindOptions{Sort: bson.D{{Key: "_id", Value: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	return cur
}

func payload(i, size int) string {
	return string(bytes.Repeat([]byte{byte('a' + i%26)}, size))
}

func checkNext(t *testing.T, ctx context.Context, cur *client.Cursor, i, size int) {
	t.Helper()
	if !cur.Next(ctx) {
		t.Fatalf("document %d: cursor ended: %v", i, cur.Err())
	}
	checkDoc(t, cur.Current(), i, size)
}

func checkDoc(t *testing.T, doc bson.Raw, i, size int) {
	t.Helper()
	id, _ := doc.Lookup("_id").AsInt64OK()
	p, _ := doc.Lookup("p").StringValueOK()
	if id != int64(i) || p != payload(i, size) {
		t.Fatalf("document %d: got _id %d and a payload of %d bytes %q...", i, id, len(p), fmt.Sprint(p[:min(len(p), 8)]))
	}
}
