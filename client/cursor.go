package client

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// killTimeout bounds the killCursors of a cursor that is closed or failed
// (the caller's context may be the reason it failed) or abandoned.
const killTimeout = 5 * time.Second

// Cursor iterates over the results of Find, Aggregate and the list
// commands, fetching batches with getMore. It is not safe for concurrent
// use. Close it when done, or read it to the end: a Cursor dropped while
// open is closed by a runtime cleanup, which kills it on the server and
// counts it in Client.LeakedCursors.
type Cursor struct {
	st       *cursorState
	cleanup  runtime.Cleanup
	batch    operation.BatchIter
	left     int
	cur      bson.Raw
	err      error
	closed   bool
	tailable bool
	gm       *operation.GetMore
	// first is the reply of the first batch, released with it.
	first *operation.CursorResponse
	opts  cursorOptions
}

// cursorState is what the runtime cleanup needs to kill an abandoned
// cursor; it must not refer to the Cursor.
type cursorState struct {
	client *Client
	server operation.Server
	db     string
	coll   string
	id     int64
	// session is the session the cursor was opened with; implicit when
	// the cursor owns it and ends it once closed.
	session  operation.Session
	implicit bool
}

// cursorOptions are the getMore settings a command gives its cursor.
type cursorOptions struct {
	batchSize int32
	maxAwait  time.Duration
	comment   bson.RawValue
	tailable  bool
}

// newCursor wraps the first batch of resp, a reply of a command on db.
// The cursor takes resp over (it releases its batch), so resp must not
// belong to a recycled command.
func newCursor(c *Client, db string, resp *operation.CursorResponse, o cursorOptions) *Cursor {
	cur := &Cursor{
		st: &cursorState{client: c, server: resp.Server, db: db, coll: resp.Collection(), id: resp.ID,
			session: resp.Session, implicit: resp.ImplicitSession},
		left:     resp.Len(),
		tailable: o.tailable,
	}
	if len(resp.Batch) > 0 {
		cur.batch = resp.Documents()
		cur.first = resp
	}
	cur.opts = o
	if resp.ID != 0 {
		cur.cleanup = runtime.AddCleanup(cur, (*cursorState).abandoned, cur.st)
	}
	return cur
}

// ID returns the server's cursor id; 0 once the cursor is exhausted or
// closed.
func (c *Cursor) ID() int64 { return c.st.id }

// Err returns the error that stopped the cursor, nil at a clean end.
func (c *Cursor) Err() error { return c.err }

// Current returns the document Next moved to, a view valid until the
// next call of Next, TryNext or Close: the batch's memory is then reused
// for later replies, so copy (or Decode) what must outlive the step.
func (c *Cursor) Current() bson.Raw { return c.cur }

// RemainingBatchLength returns how many documents of the current batch
// Next can return without a round trip.
func (c *Cursor) RemainingBatchLength() int { return c.left }

// Decode unmarshals the current document into v.
func (c *Cursor) Decode(v any) error {
	if c.closed {
		return ErrCursorClosed
	}
	if c.cur == nil {
		return errors.New("client: Decode before Next")
	}
	return bson.Unmarshal(c.cur, v)
}

// Next moves to the next document, fetching batches as needed, and
// reports whether there is one. On a tailable cursor it waits for new
// documents until ctx ends. false with a nil Err means the end.
func (c *Cursor) Next(ctx context.Context) bool {
	for {
		if ok, done := c.step(ctx); done {
			return ok
		}
	}
}

// TryNext is Next with at most one getMore: on a tailable cursor it
// returns false with a nil Err when no new document has arrived yet.
func (c *Cursor) TryNext(ctx context.Context) bool {
	ok, done := c.step(ctx)
	if done {
		return ok
	}
	// One batch was fetched: take from it without fetching another.
	if doc, ok := c.batch.Next(); ok {
		c.cur = doc
		c.left--
		return true
	}
	return false
}

// step returns the next document of the batch, or fetches the next
// batch; done is false when the caller should step again.
func (c *Cursor) step(ctx context.Context) (ok, done bool) {
	if c.closed || c.err != nil {
		return false, true
	}
	if doc, ok := c.batch.Next(); ok {
		c.cur = doc
		c.left--
		return true, true
	}
	if err := c.batch.Err(); err != nil {
		c.fail(ctx, err)
		return false, true
	}
	c.cur = nil
	if c.st.id == 0 {
		c.release()
		c.st.endSession()
		return false, true
	}
	if err := c.getMore(ctx); err != nil {
		c.fail(ctx, err)
		return false, true
	}
	return false, false
}

// getMore fetches the next batch on the cursor's server.
func (c *Cursor) getMore(ctx context.Context) error {
	if c.gm == nil {
		c.gm = getMorePool.Get().(*operation.GetMore)
		// Set the fields one by one: the command's unexported reply
		// buffer is what the pool is for.
		gm := c.gm
		gm.DB, gm.Collection, gm.BatchSize, gm.MaxTime, gm.Comment = c.st.db, c.st.coll, c.opts.batchSize, c.opts.maxAwait, c.opts.comment
	}
	c.dropBatch()
	c.gm.CursorID = c.st.id
	err := c.st.client.execute(ctx, c.gm, operation.ExecOptions{Server: c.st.server, Session: c.st.session})
	if err != nil {
		return err
	}
	c.st.id = c.gm.Result.ID
	c.batch = c.gm.Result.Documents()
	c.left = c.gm.Result.Len()
	if c.st.id == 0 {
		// Exhausted: an implicit session goes back to the pool now, not
		// when the last document is read (driver sessions specification).
		c.st.endSession()
	}
	return nil
}

// fail records err and frees the server cursor.
func (c *Cursor) fail(ctx context.Context, err error) {
	c.err = err
	c.cur = nil
	c.release()
	c.st.kill(context.WithoutCancel(ctx))
	c.st.endSession()
}

// release stops the cleanup once nothing is held on the server, and
// recycles the getMore command, whose reply buffer the documents of the
// last batch were views into: the cursor has no document left to show.
func (c *Cursor) release() {
	c.cleanup.Stop()
	c.dropBatch()
	if c.gm != nil {
		putGetMore(c.gm)
		c.gm = nil
	}
}

// dropBatch ends the use of the current batch, whose documents Current
// and Docs promised only until the next step: a large reply's buffer is
// recycled for the next large read (operation.CursorResponse.Release), so
// a cursor emptying a big result does not allocate 16 MiB per batch.
func (c *Cursor) dropBatch() {
	c.batch, c.cur, c.left = operation.BatchIter{}, nil, 0
	if c.first != nil {
		c.first.Release()
		c.first = nil
	}
	if c.gm != nil {
		c.gm.Result.Release()
	}
}

// getMorePool recycles getMore commands and, with them, their reply
// buffers: a cursor over a large result reads batches of up to 16 MB, and
// allocating one per cursor doubles the garbage of a find.
var getMorePool = sync.Pool{New: func() any { return new(operation.GetMore) }}

func putGetMore(gm *operation.GetMore) {
	gm.Result = operation.CursorResponse{}
	gm.Comment = bson.RawValue{}
	getMorePool.Put(gm)
}

// Close kills the server cursor if it is still open. Errors of the
// killCursors command are ignored, as the CRUD specification asks; Close
// returns only ErrClientDisconnected-type failures to reach the server.
func (c *Cursor) Close(ctx context.Context) error {
	if c.closed {
		return nil
	}
	c.closed = true
	c.cur = nil
	c.left = 0
	c.release()
	c.st.kill(ctx)
	c.st.endSession()
	return nil
}

// kill sends killCursors for an open cursor and forgets it.
func (st *cursorState) kill(ctx context.Context) {
	if st.id == 0 || st.server == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, killTimeout)
	defer cancel()
	kc := &operation.KillCursors{DB: st.db, Collection: st.coll, CursorIDs: []int64{st.id}}
	st.id = 0
	_ = st.client.executeBackground(ctx, kc, operation.ExecOptions{Server: st.server, Session: st.session})
}

// endSession gives back the implicit session the cursor owned.
func (st *cursorState) endSession() {
	if st.implicit && st.session != nil {
		st.client.dep.EndImplicitSession(st.session)
	}
	st.session, st.implicit = nil, false
}

// abandoned runs when a Cursor was dropped while open: it kills the
// server cursor in the background, tracked so that Disconnect waits.
func (st *cursorState) abandoned() {
	c := st.client
	c.bgMu.Lock()
	defer c.bgMu.Unlock()
	if c.disconnected.Load() {
		return
	}
	c.leaked.Add(1)
	noteAbandoned(st.server)
	c.background.Add(1)
	go func() {
		defer c.background.Done()
		st.kill(context.Background())
		st.endSession()
	}()
}
