package client

import (
	"context"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// UpdateOptions are the options of UpdateOne, UpdateMany and ReplaceOne
// (ArrayFilters does not apply to ReplaceOne).
type UpdateOptions struct {
	ArrayFilters             any
	BypassDocumentValidation Optional[bool]
	Collation                any
	Hint                     any
	Upsert                   bool
	Let                      any
	Comment                  any
	// Sort picks the document UpdateOne or ReplaceOne changes (8.0+).
	Sort any
}

// UpdateResult is the result of an update or replace.
type UpdateResult struct {
	MatchedCount, ModifiedCount, UpsertedCount int64
	// UpsertedID is the _id of the inserted document; Type 0 when none.
	UpsertedID   bson.RawValue
	Acknowledged bool
}

// UpdateOne applies update (a document of update operators, or a
// pipeline) to the first matching document.
func (c *Collection) UpdateOne(ctx context.Context, filter, update any, opts ...UpdateOptions) (*UpdateResult, error) {
	return c.update(ctx, filter, update, false, false, last(opts))
}

// UpdateMany applies update to every matching document.
func (c *Collection) UpdateMany(ctx context.Context, filter, update any, opts ...UpdateOptions) (*UpdateResult, error) {
	return c.update(ctx, filter, update, true, false, last(opts))
}

// ReplaceOne replaces the first matching document with replacement,
// which must not contain update operators.
func (c *Collection) ReplaceOne(ctx context.Context, filter, replacement any, opts ...UpdateOptions) (*UpdateResult, error) {
	return c.update(ctx, filter, replacement, false, true, last(opts))
}

func (c *Collection) update(ctx context.Context, filter, update any, multi, replace bool, o UpdateOptions) (*UpdateResult, error) {
	st, err := updateStatement(filter, update, multi, replace, &o)
	if err != nil {
		return nil, err
	}
	m := marshaler{}
	cmd := &operation.Update{DB: c.db, Collection: c.name, Updates: []operation.UpdateStatement{st}}
	cmd.Options = operation.UpdateOptions{
		BypassDocumentValidation: o.BypassDocumentValidation,
		Comment:                  m.value("comment", o.Comment),
		Let:                      m.doc("let", o.Let),
	}
	if m.err != nil {
		return nil, m.err
	}
	err = c.client.execute(ctx, cmd, c.st.writeOpts())
	if err != nil && !isWriteResultError(err) {
		return nil, err
	}
	r := cmd.Result
	res := &UpdateResult{MatchedCount: r.N, ModifiedCount: r.NModified, Acknowledged: r.Acknowledged}
	if len(r.Upserted) > 0 {
		res.UpsertedCount, res.UpsertedID = int64(len(r.Upserted)), r.Upserted[0].ID
		res.MatchedCount -= res.UpsertedCount
	}
	return res, err
}

// updateStatement checks and encodes one update or replacement.
func updateStatement(filter, update any, multi, replace bool, o *UpdateOptions) (operation.UpdateStatement, error) {
	u, err := updateValue(update, replace)
	if err != nil {
		return operation.UpdateStatement{}, err
	}
	st := operation.UpdateStatement{Update: u, Multi: multi, Upsert: o.Upsert}
	if st.Filter, err = marshalFilter(filter); err != nil {
		return st, err
	}
	m := marshaler{}
	st.Collation = m.doc("collation", o.Collation)
	st.Hint = m.value("hint", o.Hint)
	st.Sort = m.doc("sort", o.Sort)
	if !replace {
		st.ArrayFilters = m.array("arrayFilters", o.ArrayFilters)
	}
	return st, m.err
}

// updateValue encodes an update (operators or a pipeline) or a
// replacement (no operators), refusing the wrong kind as the CRUD
// specification asks.
func updateValue(update any, replace bool) (bson.RawValue, error) {
	v, err := marshalValue("update", update)
	if err != nil {
		return v, err
	}
	switch v.Type {
	case bson.TypeArray:
		if replace {
			return v, fmt.Errorf("%w: a replacement cannot be a pipeline", ErrInvalidArgument)
		}
		return v, nil
	case bson.TypeEmbeddedDoc:
	default:
		return v, fmt.Errorf("%w: update must be a document or a pipeline, got %s", ErrInvalidArgument, v.Type)
	}
	it := v.Document().Iter()
	first := it.Next()
	switch {
	case replace && first && len(it.Key()) > 0 && it.Key()[0] == '$':
		return v, fmt.Errorf("%w: replacement document contains operator %q", ErrInvalidArgument, it.Key())
	case !replace && (!first || len(it.Key()) == 0 || it.Key()[0] != '$'):
		return v, fmt.Errorf("%w: update document must contain only update operators", ErrInvalidArgument)
	}
	return v, nil
}
