package operation

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/pool"
)

// CursorResponse is the cursor document of a reply (find, aggregate,
// listCollections, listIndexes, getMore, bulkWrite): the cursor id, its
// namespace and one batch of documents. The batch and namespace are views
// into the reply the command keeps: valid until the command is executed
// again.
type CursorResponse struct {
	// ID is the server's cursor id; 0 when the cursor is exhausted.
	ID int64
	// Batch is firstBatch or nextBatch.
	Batch bson.RawArray
	// PostBatchResumeToken is the change stream resume token; nil when
	// absent.
	PostBatchResumeToken bson.Raw

	// Server is where the cursor lives: send getMore and killCursors
	// there (ExecOptions.Server).
	Server Server
	// Session is the session the cursor was opened with, when there is
	// one and the cursor is open; getMore and killCursors must use it.
	// When ImplicitSession is true it is an implicit session the caller
	// now owns: end it once the cursor is closed (Reply.KeepSession).
	Session         Session
	ImplicitSession bool

	ns []byte
	// given is the reply when the connection gave its buffer up (a large
	// reply kept without a copy); Release recycles it.
	given bson.Raw
}

// Release ends the use of the batch: when the reply was large enough for
// the connection to hand its buffer over, the buffer goes back to the
// pool's reuse (pool.RecycleBuffer) for a later large read. Batch,
// PostBatchResumeToken, the namespace and every document taken from the
// batch must not be used afterwards (copy what must outlive it); ID,
// Server and Session stay.
func (c *CursorResponse) Release() {
	if c.given != nil {
		pool.RecycleBuffer(c.given)
	}
	c.given, c.Batch, c.PostBatchResumeToken, c.ns = nil, nil, nil, nil
}

// Namespace returns the cursor's namespace, "db.collection".
func (c *CursorResponse) Namespace() string { return string(c.ns) }

// Collection returns the collection part of the namespace, for getMore.
func (c *CursorResponse) Collection() string {
	for i, b := range c.ns {
		if b == '.' {
			return string(c.ns[i+1:])
		}
	}
	return string(c.ns)
}

// Len returns the number of documents in the batch.
func (c *CursorResponse) Len() int {
	if len(c.Batch) == 0 {
		return 0
	}
	return c.Batch.Len()
}

// Documents returns an iterator over the batch.
func (c *CursorResponse) Documents() BatchIter {
	return BatchIter{it: c.Batch.Iter()}
}

// BatchIter iterates over the documents of a batch without allocating.
type BatchIter struct {
	it  bson.Iterator
	err error
}

// Next returns the next document, a view into the batch, or false at the
// end or on an element that is not a document (see Err).
func (b *BatchIter) Next() (bson.Raw, bool) {
	if b.err != nil || !b.it.Next() {
		if b.err == nil {
			b.err = b.it.Err()
		}
		return nil, false
	}
	d, ok := b.it.Value().DocumentOK()
	if !ok {
		b.err = &ReplyError{Command: "cursor", Field: "batch." + b.it.Key(), Problem: "not a document"}
		return nil, false
	}
	return d, true
}

// Err returns what stopped the iteration early, nil at a clean end.
func (b *BatchIter) Err() error { return b.err }

// ParseCursorResponse reads the cursor document of a reply. The result's
// views refer to reply. It fails with a *ReplyError when the cursor, its id
// or its batch is missing or of the wrong type.
func ParseCursorResponse(reply bson.Raw) (CursorResponse, error) {
	return parseCursor("cursor", reply)
}

// parseCursor is ParseCursorResponse naming the command in errors.
func parseCursor(cmd string, reply bson.Raw) (CursorResponse, error) {
	var cr CursorResponse
	cur, ok := reply.Lookup("cursor").DocumentOK()
	if !ok {
		return cr, &ReplyError{Command: cmd, Field: "cursor", Problem: "missing or not a document"}
	}
	var hasID, hasBatch bool
	it := cur.Iter()
	for it.Next() {
		v := it.Value()
		switch string(it.KeyBytes()) {
		case "id":
			cr.ID, hasID = v.AsInt64OK()
		case "ns":
			cr.ns, _ = v.StringBytes()
		case "firstBatch", "nextBatch":
			cr.Batch, hasBatch = v.ArrayOK()
		case "postBatchResumeToken":
			cr.PostBatchResumeToken, _ = v.DocumentOK()
		}
	}
	switch {
	case it.Err() != nil:
		return cr, &ReplyError{Command: cmd, Field: "cursor", Problem: it.Err().Error()}
	case !hasID:
		return cr, &ReplyError{Command: cmd, Field: "cursor.id", Problem: "missing or not a number"}
	case !hasBatch:
		return cr, &ReplyError{Command: cmd, Field: "cursor.firstBatch", Problem: "missing or not an array"}
	}
	return cr, nil
}

// decodeCursor keeps the reply, parses its cursor into cr and records
// where the cursor lives and the session it needs.
func decodeCursor(cmd string, buf *[]byte, r *Reply, cr *CursorResponse) error {
	body := keep(buf, r.Body)
	c, err := parseCursor(cmd, body)
	if err != nil {
		*cr = CursorResponse{}
		return err
	}
	if cap(body) > pool.MaxRetainedBuffer && cap(r.msg) > pool.MaxRetainedBuffer {
		// The connection gave this buffer up, so the result owns it
		// whole: the body is a capped view into r.msg.
		c.given = r.msg
	}
	c.Server = r.Server
	if c.ID != 0 {
		c.Session, c.ImplicitSession = r.KeepSession()
	}
	*cr = c
	return nil
}
