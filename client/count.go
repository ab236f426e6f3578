package client

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// CountOptions are the options of CountDocuments.
type CountOptions struct {
	Skip, Limit int64
	Collation   any
	Hint        any
	Comment     any
	MaxTime     time.Duration
}

// CountDocuments counts the documents matching filter exactly, with an
// aggregation ($match, $skip, $limit, $group) as the CRUD specification
// prescribes.
func (c *Collection) CountDocuments(ctx context.Context, filter any, opts ...CountOptions) (int64, error) {
	o := last(opts)
	f, err := marshalFilter(filter)
	if err != nil {
		return 0, err
	}
	pipe := bson.A{bson.D{{Key: "$match", Value: f}}}
	if o.Skip > 0 {
		pipe = append(pipe, bson.D{{Key: "$skip", Value: o.Skip}})
	}
	if o.Limit > 0 {
		pipe = append(pipe, bson.D{{Key: "$limit", Value: o.Limit}})
	}
	pipe = append(pipe, bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: 1}, {Key: "n", Value: bson.D{{Key: "$sum", Value: 1}}}}}})
	cur, err := c.Aggregate(ctx, pipe, AggregateOptions{Collation: o.Collation, Hint: o.Hint, Comment: o.Comment, MaxTime: o.MaxTime})
	if err != nil {
		return 0, err
	}
	defer cur.Close(context.WithoutCancel(ctx))
	if !cur.Next(ctx) {
		return 0, cur.Err()
	}
	n, _ := cur.Current().Lookup("n").AsInt64OK()
	return n, nil
}

// EstimatedCountOptions are the options of EstimatedDocumentCount.
type EstimatedCountOptions struct {
	Comment any
	MaxTime time.Duration
}

// EstimatedDocumentCount returns the collection's document count from its
// metadata (the count command), without scanning.
func (c *Collection) EstimatedDocumentCount(ctx context.Context, opts ...EstimatedCountOptions) (int64, error) {
	o := last(opts)
	comment, err := marshalValue("comment", o.Comment)
	if err != nil {
		return 0, err
	}
	cmd := &operation.Count{DB: c.db, Collection: c.name, Options: operation.CountOptions{Comment: comment, MaxTime: o.MaxTime}}
	if err := c.client.execute(ctx, cmd, c.st.readOpts()); err != nil {
		if isNamespaceNotFound(err) {
			return 0, nil
		}
		return 0, err
	}
	return cmd.Result, nil
}

// DistinctOptions are the options of Distinct.
type DistinctOptions struct {
	Collation any
	Comment   any
	Hint      any
	MaxTime   time.Duration
}

// Distinct returns the distinct values of field among the documents
// matching filter, as a BSON array (decode it with Unmarshal into a slice,
// or read it in place).
func (c *Collection) Distinct(ctx context.Context, field string, filter any, opts ...DistinctOptions) (bson.RawArray, error) {
	o := last(opts)
	q, err := marshalFilter(filter)
	if err != nil {
		return nil, err
	}
	m := marshaler{}
	cmd := &operation.Distinct{DB: c.db, Collection: c.name, Key: field, Query: q}
	cmd.Options = operation.DistinctOptions{
		Collation: m.doc("collation", o.Collation), Comment: m.value("comment", o.Comment),
		Hint: m.value("hint", o.Hint), MaxTime: o.MaxTime,
	}
	if m.err != nil {
		return nil, m.err
	}
	if err := c.client.execute(ctx, cmd, c.st.readOpts()); err != nil {
		return nil, err
	}
	return cmd.Result, nil
}
