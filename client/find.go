package client

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/operation"
)

// FindOptions are the options of Find and FindOne (CRUD specification).
// Document-valued fields take anything that marshals to a document (nil:
// not sent); zero values send nothing.
type FindOptions struct {
	Sort, Projection any
	// Hint is an index name or a key pattern document.
	Hint        any
	Skip, Limit int64
	// BatchSize is the size of every batch; 0 is the server's default.
	BatchSize int32
	// SingleBatch closes the cursor after the first batch.
	SingleBatch bool
	Comment     any
	MaxTime     time.Duration
	// MaxAwaitTime is how long a getMore of a tailable awaitData cursor
	// waits for new documents.
	MaxAwaitTime        time.Duration
	Max, Min            any
	ReturnKey           bool
	ShowRecordID        bool
	Tailable, AwaitData bool
	NoCursorTimeout     bool
	AllowPartialResults bool
	Collation           any
	AllowDiskUse        Optional[bool]
	Let                 any
}

// Find runs a find and returns a cursor over the matching documents. A
// nil filter matches every document.
func (c *Collection) Find(ctx context.Context, filter any, opts ...FindOptions) (*Cursor, error) {
	o := last(opts)
	f, err := c.findCommand(filter, &o)
	if err != nil {
		return nil, err
	}
	if err := c.client.execute(ctx, f, c.st.readOpts()); err != nil {
		return nil, err
	}
	return newCursor(c.client, c.db, &f.Result, cursorOptions{
		batchSize: o.BatchSize, maxAwait: o.MaxAwaitTime, comment: f.Options.Comment, tailable: o.Tailable,
	}), nil
}

// FindOne returns the first matching document (limit 1, single batch),
// or ErrNoDocuments. A nil filter matches every document.
func (c *Collection) FindOne(ctx context.Context, filter any, opts ...FindOptions) *SingleResult {
	o := last(opts)
	o.Limit, o.SingleBatch, o.BatchSize = 1, true, 0
	f, err := c.findCommand(filter, &o)
	if err != nil {
		return &SingleResult{err: err}
	}
	if err := c.client.execute(ctx, f, c.st.readOpts()); err != nil {
		return &SingleResult{err: err}
	}
	it := f.Result.Documents()
	doc, ok := it.Next()
	if !ok {
		if err := it.Err(); err != nil {
			return &SingleResult{err: err}
		}
		return &SingleResult{err: ErrNoDocuments}
	}
	return &SingleResult{raw: doc}
}

// findCommand builds the find command of filter and o.
func (c *Collection) findCommand(filter any, o *FindOptions) (*operation.Find, error) {
	f := &operation.Find{DB: c.db, Collection: c.name}
	var err error
	if f.Filter, err = marshalFilter(filter); err != nil {
		return nil, err
	}
	fo := &f.Options
	m := marshaler{}
	fo.Sort = m.doc("sort", o.Sort)
	fo.Projection = m.doc("projection", o.Projection)
	fo.Hint = m.value("hint", o.Hint)
	fo.Comment = m.value("comment", o.Comment)
	fo.Max = m.doc("max", o.Max)
	fo.Min = m.doc("min", o.Min)
	fo.Collation = m.doc("collation", o.Collation)
	fo.Let = m.doc("let", o.Let)
	if m.err != nil {
		return nil, m.err
	}
	fo.Skip, fo.Limit, fo.BatchSize, fo.SingleBatch = o.Skip, o.Limit, o.BatchSize, o.SingleBatch
	fo.MaxTime, fo.ReturnKey, fo.ShowRecordID = o.MaxTime, o.ReturnKey, o.ShowRecordID
	fo.Tailable, fo.AwaitData, fo.NoCursorTimeout = o.Tailable, o.AwaitData, o.NoCursorTimeout
	fo.AllowPartialResults, fo.AllowDiskUse = o.AllowPartialResults, o.AllowDiskUse
	return f, nil
}
