package client

import (
	"context"

	"github.com/cwal-go/cwal/operation"
)

// DeleteOptions are the options of DeleteOne and DeleteMany.
type DeleteOptions struct {
	Collation any
	Hint      any
	Let       any
	Comment   any
}

// DeleteResult is the result of a delete.
type DeleteResult struct {
	DeletedCount int64
	Acknowledged bool
}

// DeleteOne deletes the first matching document.
func (c *Collection) DeleteOne(ctx context.Context, filter any, opts ...DeleteOptions) (*DeleteResult, error) {
	return c.delete(ctx, filter, false, last(opts))
}

// DeleteMany deletes every matching document.
func (c *Collection) DeleteMany(ctx context.Context, filter any, opts ...DeleteOptions) (*DeleteResult, error) {
	return c.delete(ctx, filter, true, last(opts))
}

func (c *Collection) delete(ctx context.Context, filter any, multi bool, o DeleteOptions) (*DeleteResult, error) {
	st, err := deleteStatement(filter, multi, &o)
	if err != nil {
		return nil, err
	}
	m := marshaler{}
	cmd := &operation.Delete{DB: c.db, Collection: c.name, Deletes: []operation.DeleteStatement{st}}
	cmd.Options = operation.DeleteOptions{Comment: m.value("comment", o.Comment), Let: m.doc("let", o.Let)}
	if m.err != nil {
		return nil, m.err
	}
	err = c.client.execute(ctx, cmd, c.st.writeOpts())
	if err != nil && !isWriteResultError(err) {
		return nil, err
	}
	return &DeleteResult{DeletedCount: cmd.Result.N, Acknowledged: cmd.Result.Acknowledged}, err
}

func deleteStatement(filter any, multi bool, o *DeleteOptions) (operation.DeleteStatement, error) {
	st := operation.DeleteStatement{Multi: multi}
	var err error
	if st.Filter, err = marshalFilter(filter); err != nil {
		return st, err
	}
	m := marshaler{}
	st.Collation = m.doc("collation", o.Collation)
	st.Hint = m.value("hint", o.Hint)
	return st, m.err
}
