package client

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/operation"
)

// FindOneAndOptions are the options of FindOneAndUpdate,
// FindOneAndReplace and FindOneAndDelete (those that do not apply to the
// method are ignored).
type FindOneAndOptions struct {
	// ReturnAfter returns the document as changed instead of as it was
	// (returnDocument: "After").
	ReturnAfter              bool
	Projection               any
	Sort                     any
	Upsert                   bool
	ArrayFilters             any
	BypassDocumentValidation Optional[bool]
	Collation                any
	Hint                     any
	Let                      any
	Comment                  any
	MaxTime                  time.Duration
}

// FindOneAndUpdate updates the first matching document and returns it as
// it was (or as it became, with ReturnAfter); ErrNoDocuments when none
// matched and nothing was upserted.
func (c *Collection) FindOneAndUpdate(ctx context.Context, filter, update any, opts ...FindOneAndOptions) *SingleResult {
	u, err := updateValue(update, false)
	if err != nil {
		return &SingleResult{err: err}
	}
	o := last(opts)
	return c.findAndModify(ctx, filter, &o, func(fo *operation.FindAndModifyOptions, m *marshaler) {
		fo.Update, fo.Upsert, fo.New = u, o.Upsert, o.ReturnAfter
		fo.ArrayFilters = m.array("arrayFilters", o.ArrayFilters)
		fo.BypassDocumentValidation = o.BypassDocumentValidation
	})
}

// FindOneAndReplace replaces the first matching document and returns it
// as FindOneAndUpdate does.
func (c *Collection) FindOneAndReplace(ctx context.Context, filter, replacement any, opts ...FindOneAndOptions) *SingleResult {
	u, err := updateValue(replacement, true)
	if err != nil {
		return &SingleResult{err: err}
	}
	o := last(opts)
	return c.findAndModify(ctx, filter, &o, func(fo *operation.FindAndModifyOptions, _ *marshaler) {
		fo.Update, fo.Upsert, fo.New = u, o.Upsert, o.ReturnAfter
		fo.BypassDocumentValidation = o.BypassDocumentValidation
	})
}

// FindOneAndDelete deletes the first matching document and returns it.
func (c *Collection) FindOneAndDelete(ctx context.Context, filter any, opts ...FindOneAndOptions) *SingleResult {
	o := last(opts)
	return c.findAndModify(ctx, filter, &o, func(fo *operation.FindAndModifyOptions, _ *marshaler) {
		fo.Remove = true
	})
}

// findAndModify runs the command with the options common to the three
// methods and those set applies.
func (c *Collection) findAndModify(ctx context.Context, filter any, o *FindOneAndOptions, set func(*operation.FindAndModifyOptions, *marshaler)) *SingleResult {
	q, err := marshalFilter(filter)
	if err != nil {
		return &SingleResult{err: err}
	}
	cmd := &operation.FindAndModify{DB: c.db, Collection: c.name, Query: q}
	fo, m := &cmd.Options, marshaler{}
	fo.Fields = m.doc("projection", o.Projection)
	fo.Sort = m.doc("sort", o.Sort)
	fo.Collation = m.doc("collation", o.Collation)
	fo.Hint = m.value("hint", o.Hint)
	fo.Let = m.doc("let", o.Let)
	fo.Comment = m.value("comment", o.Comment)
	fo.MaxTime = o.MaxTime
	set(fo, &m)
	if m.err != nil {
		return &SingleResult{err: m.err}
	}
	err = c.client.execute(ctx, cmd, c.st.writeOpts())
	switch {
	case err != nil && !isWriteResultError(err):
		return &SingleResult{err: err}
	case err != nil:
		return &SingleResult{raw: cmd.Result.Value, err: err}
	case cmd.Result.Value == nil:
		return &SingleResult{err: ErrNoDocuments}
	}
	return &SingleResult{raw: cmd.Result.Value}
}
