package client

import (
	"context"
	"fmt"
	"iter"

	"github.com/cwal-go/cwal/bson"
)

// TypedCollection is a Collection whose documents are T values: InsertOne
// takes a T, Find yields T values. It runs on the same engine as
// Collection (each document is marshaled straight into the command's
// buffer and unmarshaled straight from the reply). Untyped returns the
// Collection for the methods it does not repeat.
type TypedCollection[T any] struct {
	coll *Collection
}

// CollectionOf returns the named collection of db as a TypedCollection.
func CollectionOf[T any](db *Database, name string, opts ...Settings) *TypedCollection[T] {
	return &TypedCollection[T]{coll: db.Collection(name, opts...)}
}

// Typed returns c as a TypedCollection of T.
func Typed[T any](c *Collection) *TypedCollection[T] { return &TypedCollection[T]{coll: c} }

// Untyped returns the underlying Collection.
func (c *TypedCollection[T]) Untyped() *Collection { return c.coll }

// InsertOne inserts v, generating an _id first when v's encoding has
// none (read it from InsertedID: v is a copy, so nothing is written back).
// v is marshaled straight into the command's buffer.
func (c *TypedCollection[T]) InsertOne(ctx context.Context, v T, opts ...InsertOptions) (*InsertOneResult, error) {
	return c.coll.InsertOne(ctx, &v, opts...)
}

// InsertMany inserts vs in as many batches as needed.
func (c *TypedCollection[T]) InsertMany(ctx context.Context, vs []T, opts ...InsertOptions) (*InsertManyResult, error) {
	if len(vs) == 0 {
		return nil, fmt.Errorf("%w: InsertMany of no documents", ErrInvalidArgument)
	}
	raws, ids, err := marshalDocs(len(vs), func(i int) any { return &vs[i] })
	if err != nil {
		return nil, err
	}
	res, err := c.coll.insertRaw(ctx, raws, last(opts))
	if res == nil {
		return nil, err
	}
	return &InsertManyResult{InsertedIDs: ids, InsertedCount: res.N, Acknowledged: res.Acknowledged}, err
}

// FindOne returns the first matching document as a T, or ErrNoDocuments.
func (c *TypedCollection[T]) FindOne(ctx context.Context, filter any, opts ...FindOptions) (T, error) {
	var v T
	err := c.coll.FindOne(ctx, filter, opts...).Decode(&v)
	return v, err
}

// Find returns a cursor of T values.
func (c *TypedCollection[T]) Find(ctx context.Context, filter any, opts ...FindOptions) (*TypedCursor[T], error) {
	cur, err := c.coll.Find(ctx, filter, opts...)
	if err != nil {
		return nil, err
	}
	return &TypedCursor[T]{Cursor: cur}, nil
}

// TypedCursor is a Cursor whose documents decode to T.
type TypedCursor[T any] struct {
	*Cursor
}

// Value decodes the current document.
func (c *TypedCursor[T]) Value() (T, error) {
	var v T
	err := c.Decode(&v)
	return v, err
}

// Collect decodes every remaining document and closes the cursor.
func (c *TypedCursor[T]) Collect(ctx context.Context) ([]T, error) {
	var out []T
	err := c.All(ctx, &out)
	return out, err
}

// Values returns an iterator over the remaining documents as T values; the
// cursor is closed when the loop ends. An error is yielded once, last.
func (c *TypedCursor[T]) Values(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for doc, err := range c.Docs(ctx) {
			var v T
			if err == nil {
				err = bson.Unmarshal(doc, &v)
			}
			if !yield(v, err) || err != nil {
				return
			}
		}
	}
}
