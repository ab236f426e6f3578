package mongotest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// insertN inserts documents {_id: 0..n-1} into test.c.
func insertN(t *testing.T, c *client, coll string, n int) {
	t.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"_id": %d}`, i)
	}
	expect(t, c.cmd("test", `{"insert": "`+coll+`", "documents": [`+b.String()+`]}`), fmt.Sprintf(`{"n": %d}`, n))
}

func cursorID(t *testing.T, reply bson.Raw) int64 {
	t.Helper()
	id, ok := reply.Lookup("cursor", "id").Int64OK()
	if !ok {
		t.Fatalf("no cursor id in %s", extJSON(reply))
	}
	return id
}

func batchLen(reply bson.Raw, field string) int {
	return reply.Lookup("cursor", field).Array().Len()
}

func TestGetMore(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	insertN(t, c, "c", 250)
	r := c.cmd("test", `{"find": "c"}`)
	if n := batchLen(r, "firstBatch"); n != 101 {
		t.Fatalf("default first batch: %d documents", n)
	}
	id := cursorID(t, r)
	gm := fmt.Sprintf(`{"getMore": {"$numberLong": "%d"}, "collection": "c", "batchSize": 100}`, id)
	r = c.cmd("test", gm)
	expect(t, r, fmt.Sprintf(`{"cursor": {"id": {"$numberLong": "%d"}, "ns": "test.c", "nextBatch": {"$$type": "array"}}, "ok": 1}`, id))
	if n := batchLen(r, "nextBatch"); n != 100 {
		t.Fatalf("second batch: %d", n)
	}
	// Another connection may continue the cursor.
	r = dial(t, s).cmd("test", fmt.Sprintf(`{"getMore": {"$numberLong": "%d"}, "collection": "c"}`, id))
	expect(t, r, `{"cursor": {"id": 0, "nextBatch": {"$$type": "array"}}}`)
	if n := batchLen(r, "nextBatch"); n != 49 {
		t.Fatalf("last batch: %d", n)
	}
	runScript(t, c, []step{
		{cmd: gm, want: fmt.Sprintf(`{"ok": 0, "code": 43, "codeName": "CursorNotFound", "errmsg": "cursor id %d not found"}`, id)},
		{cmd: `{"getMore": 5, "collection": "c"}`, want: `{"ok": 0, "code": 14}`},
		{cmd: `{"getMore": {"$numberLong": "5"}}`, want: `{"ok": 0, "code": 40414}`},
	})
	// The namespace must match the cursor's.
	id = cursorID(t, c.cmd("test", `{"find": "c", "batchSize": 1}`))
	expect(t, c.cmd("test", fmt.Sprintf(`{"getMore": {"$numberLong": "%d"}, "collection": "other"}`, id)), `{"ok": 0, "code": 13}`)
	expect(t, c.cmd("test", fmt.Sprintf(`{"getMore": {"$numberLong": "%d"}, "collection": "c", "batchSize": -1}`, id)), `{"ok": 0, "code": 2}`)
	// limit ends the cursor exactly at the limit.
	r = c.cmd("test", `{"find": "c", "limit": 5, "batchSize": 3}`)
	id = cursorID(t, r)
	expect(t, c.cmd("test", fmt.Sprintf(`{"getMore": {"$numberLong": "%d"}, "collection": "c"}`, id)),
		`{"cursor": {"id": 0, "nextBatch": [{"_id": 3}, {"_id": 4}]}}`)
}

func TestKillCursors(t *testing.T) {
	c := dial(t, newServer(t))
	insertN(t, c, "c", 10)
	a := cursorID(t, c.cmd("test", `{"find": "c", "batchSize": 1}`))
	b := cursorID(t, c.cmd("test", `{"aggregate": "c", "pipeline": [], "cursor": {"batchSize": 1}}`))
	r := c.cmd("test", fmt.Sprintf(`{"killCursors": "c", "cursors": [{"$numberLong": "%d"}, {"$numberLong": "%d"}, {"$numberLong": "12345"}]}`, a, b))
	expect(t, r, fmt.Sprintf(`{"cursorsKilled": [{"$numberLong": "%d"}, {"$numberLong": "%d"}], "cursorsNotFound": [{"$numberLong": "12345"}],
		"cursorsAlive": [], "cursorsUnknown": [], "ok": 1}`, a, b))
	expect(t, c.cmd("test", fmt.Sprintf(`{"getMore": {"$numberLong": "%d"}, "collection": "c"}`, a)), `{"ok": 0, "code": 43}`)
	expect(t, c.cmd("test", `{"killCursors": "c"}`), `{"ok": 0, "code": 40414}`)
}

func TestLargeBatchesSplitBySize(t *testing.T) {
	c := dial(t, newServer(t))
	pad := strings.Repeat("x", 1<<20)
	for i := 0; i < 20; i++ {
		expect(t, c.cmd("test", fmt.Sprintf(`{"insert": "big", "documents": [{"_id": %d, "p": "%s"}]}`, i, pad)), `{"n": 1}`)
	}
	r := c.cmd("test", `{"find": "big"}`)
	n := batchLen(r, "firstBatch")
	if n < 10 || n > 16 || len(r) > 16*1024*1024+16*1024 {
		t.Fatalf("first batch of 1 MiB documents: %d documents, %d bytes", n, len(r))
	}
}

func TestTailableCursor(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	expect(t, c.cmd("test", `{"create": "cap", "capped": true, "size": 4096}`), `{"ok": 1}`)
	insertN(t, c, "cap", 2)
	r := c.cmd("test", `{"find": "cap", "tailable": true, "awaitData": true, "filter": {"_id": {"$ne": 3}}}`)
	expect(t, r, `{"cursor": {"firstBatch": [{"_id": 0}, {"_id": 1}]}}`)
	id := cursorID(t, r)
	if id == 0 {
		t.Fatal("tailable cursor closed")
	}
	gm := fmt.Sprintf(`{"getMore": {"$numberLong": "%d"}, "collection": "cap", "maxTimeMS": 50}`, id)
	start := time.Now()
	expect(t, c.cmd("test", gm), fmt.Sprintf(`{"cursor": {"nextBatch": [], "id": {"$numberLong": "%d"}}}`, id))
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("awaitData getMore returned after %v", d)
	}
	other := dial(t, s)
	done := make(chan bson.Raw)
	go func() {
		time.Sleep(30 * time.Millisecond)
		done <- other.cmd("test", `{"insert": "cap", "documents": [{"_id": 3}, {"_id": 4}]}`)
	}()
	gm = fmt.Sprintf(`{"getMore": {"$numberLong": "%d"}, "collection": "cap", "maxTimeMS": 5000}`, id)
	expect(t, c.cmd("test", gm), `{"cursor": {"nextBatch": [{"_id": 4}]}}`)
	expect(t, <-done, `{"n": 2}`)
	expect(t, c.cmd("test", `{"drop": "cap"}`), `{"ok": 1}`)
	expect(t, c.cmd("test", gm), `{"ok": 0, "code": 175}`)
}
