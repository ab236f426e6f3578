package client

import (
	"context"
	"fmt"
	"sync"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// InsertOptions are the options of InsertOne and InsertMany.
type InsertOptions struct {
	// Unordered lets the server go on after a failed document
	// (InsertMany); the default is ordered.
	Unordered                bool
	BypassDocumentValidation Optional[bool]
	Comment                  any
}

// InsertOneResult is the result of InsertOne.
type InsertOneResult struct {
	// InsertedID is the document's _id, given or generated.
	InsertedID bson.RawValue
	// Acknowledged is false for an unacknowledged write concern.
	Acknowledged bool
}

// InsertManyResult is the result of InsertMany.
type InsertManyResult struct {
	// InsertedIDs are the _id of every document, given or generated, in
	// the order of the documents. After a *WriteException, those at the
	// indexes of its write errors (and, for an ordered insert, after the
	// first of them) were not inserted.
	InsertedIDs []bson.RawValue
	// InsertedCount is what the server reported.
	InsertedCount int64
	Acknowledged  bool
}

// InsertOne inserts doc, generating an ObjectID _id first in the document
// when it has none. A failure of the document is a *WriteException.
func (c *Collection) InsertOne(ctx context.Context, doc any, opts ...InsertOptions) (*InsertOneResult, error) {
	buf := getDocBuffer()
	defer putDocBuffer(buf)
	raw, id, err := withID(buf, doc)
	if err != nil {
		return nil, err
	}
	// The id outlives the buffer, which the next InsertOne reuses.
	id.Value = append([]byte(nil), id.Value...)
	res, err := c.insertRaw(ctx, []bson.Raw{raw}, last(opts))
	if res == nil {
		return nil, err
	}
	return &InsertOneResult{InsertedID: id, Acknowledged: res.Acknowledged}, err
}

// docBuffers recycles the buffers InsertOne marshals into: a document is
// encoded, copied into the command's message, and done with, so the
// buffer can serve the next one instead of growing from nothing each time
// (a 2.7 MB document took 13 MB of growth).
var docBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledDoc is the largest buffer kept: a maximal document.
const maxPooledDoc = 16<<20 + 16<<10

func getDocBuffer() *[]byte {
	b := docBuffers.Get().(*[]byte)
	*b = (*b)[:0]
	return b
}

// putDocBuffer recycles buf: nothing may refer to what it holds any more.
func putDocBuffer(buf *[]byte) {
	if cap(*buf) <= maxPooledDoc {
		docBuffers.Put(buf)
	}
}

// InsertMany inserts docs in as many batches as the server's limits
// require, generating missing _ids as InsertOne does.
func (c *Collection) InsertMany(ctx context.Context, docs []any, opts ...InsertOptions) (*InsertManyResult, error) {
	if len(docs) == 0 {
		return nil, fmt.Errorf("%w: InsertMany of no documents", ErrInvalidArgument)
	}
	raws, ids, err := marshalDocs(len(docs), func(i int) any { return docs[i] })
	if err != nil {
		return nil, err
	}
	res, err := c.insertRaw(ctx, raws, last(opts))
	if res == nil {
		return nil, err
	}
	return &InsertManyResult{InsertedIDs: ids, InsertedCount: res.N, Acknowledged: res.Acknowledged}, err
}

// insertRaw runs the insert of documents that have their _id. The result
// is nil when nothing may have been written.
func (c *Collection) insertRaw(ctx context.Context, docs []bson.Raw, o InsertOptions) (*operation.InsertResult, error) {
	ins := &operation.Insert{DB: c.db, Collection: c.name, Documents: docs}
	comment, err := marshalValue("comment", o.Comment)
	if err != nil {
		return nil, err
	}
	ins.Options = operation.InsertOptions{Unordered: o.Unordered, BypassDocumentValidation: o.BypassDocumentValidation, Comment: comment}
	err = c.client.execute(ctx, ins, c.st.writeOpts())
	if err != nil && !isWriteResultError(err) {
		return nil, err
	}
	return &ins.Result, err
}

// isWriteResultError reports an error that comes with a result: write
// errors and write concern errors.
func isWriteResultError(err error) bool {
	_, ok := err.(*operation.WriteException)
	return ok
}
