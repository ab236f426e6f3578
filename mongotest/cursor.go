package mongotest

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// maxBatchBytes bounds the documents of one batch, as mongod does, so a
// reply stays within 16 MiB plus overhead.
const maxBatchBytes = maxBsonObjectSize

// defaultFirstBatch is mongod's first batch size when none is given.
const defaultFirstBatch = 101

// cursor is an open server cursor. Query results are computed when the
// cursor opens; a tailable cursor also follows later inserts.
type cursor struct {
	id   int64
	ns   string
	user string // owner, "" without authentication
	lsid string // canonical lsid of the session that opened it, or ""

	mu   sync.Mutex // held by the getMore using the cursor
	docs []bson.Raw // pending results
	left int64      // results the limit still allows, -1 for no limit

	// Tailable cursors on capped collections.
	tailable, awaitData bool
	coll                *store.Collection
	lastRID             int64
	accept              func(bson.Raw) (bson.Raw, bool, error) // filter and project a new document
}

// cursorTable holds the open cursors.
type cursorTable struct {
	mu sync.Mutex
	m  map[int64]*cursor
}

func newCursorTable() *cursorTable { return &cursorTable{m: make(map[int64]*cursor)} }

func (t *cursorTable) add(c *cursor) int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		id := rand.Int64N(1<<62) + 1
		if _, taken := t.m[id]; !taken {
			c.id = id
			t.m[id] = c
			return id
		}
	}
}

func (t *cursorTable) get(id int64) *cursor {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[id]
}

// remove deletes a cursor and reports whether it was open.
func (t *cursorTable) remove(id int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.m[id]
	delete(t.m, id)
	return ok
}

// removeSession kills the cursors of ended sessions.
func (t *cursorTable) removeSession(lsid string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id, c := range t.m {
		if c.lsid == lsid {
			delete(t.m, id)
		}
	}
}

func (t *cursorTable) closeAll() {
	t.mu.Lock()
	clear(t.m)
	t.mu.Unlock()
}

// takeBatch removes and returns the next batch: at most n documents
// (n <= 0: no count limit) and at most maxBatchBytes, but at least one
// document when any is pending.
func (c *cursor) takeBatch(n int) []bson.Raw {
	size, i := 0, 0
	for i < len(c.docs) && (n <= 0 || i < n) {
		size += len(c.docs[i])
		if i > 0 && size > maxBatchBytes {
			break
		}
		i++
	}
	batch := c.docs[:i:i]
	c.docs = c.docs[i:]
	return batch
}

// exhausted reports whether the cursor can return nothing more.
func (c *cursor) exhausted() bool {
	return len(c.docs) == 0 && (!c.tailable || c.left == 0)
}

// follow gathers documents inserted after the last one a tailable cursor
// saw; with awaitData it waits up to d for the first of them.
func (c *cursor) follow(r *request, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		ch := c.coll.Changed() // before reading, so no insert is missed
		var recs []store.Record
		var dropped bool
		c.coll.Read(func(rd *store.Reader) {
			dropped = rd.Dropped()
			recs = rd.After(c.lastRID)
		})
		if dropped {
			return errorf(codeQueryPlanKilled, "collection dropped")
		}
		for _, rec := range recs {
			c.lastRID = rec.RID
			doc, ok, err := c.accept(rec.Doc)
			if err != nil {
				return err
			}
			if ok {
				c.docs = append(c.docs, doc)
			}
		}
		if len(c.docs) > 0 || !c.awaitData {
			return nil
		}
		wait := time.Until(deadline)
		if wait <= 0 {
			return nil
		}
		if !waitChange(r, ch, wait) {
			return nil
		}
	}
}

// waitChange waits for ch, d, or the end of the request; true means ch.
func waitChange(r *request, ch <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
		return true
	case <-t.C:
	case <-r.ctx.Done():
	}
	return false
}

// appendCursor writes the cursor document of a find, aggregate, getMore
// or list command reply.
func appendCursor(bl *builder, batchField string, batch []bson.Raw, id int64, ns string) {
	bl.startDoc("cursor").docs(batchField, batch).int64("id", id).str("ns", ns).end()
}
