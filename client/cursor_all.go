package client

import (
	"context"
	"errors"
	"iter"
	"reflect"

	"github.com/cwal-go/cwal/bson"
)

// All decodes every remaining document into the slice out points to
// (appending to it), then closes the cursor.
func (c *Cursor) All(ctx context.Context, out any) error {
	defer c.Close(context.WithoutCancel(ctx))
	sv := reflect.ValueOf(out)
	if sv.Kind() != reflect.Pointer || sv.Elem().Kind() != reflect.Slice {
		return errors.New("client: All needs a pointer to a slice")
	}
	s := sv.Elem()
	for c.Next(ctx) {
		s = reflect.Append(s, reflect.Zero(s.Type().Elem()))
		if err := bson.Unmarshal(c.cur, s.Index(s.Len()-1).Addr().Interface()); err != nil {
			sv.Elem().Set(s)
			return err
		}
	}
	sv.Elem().Set(s)
	return c.Err()
}

// Docs returns an iterator over the remaining documents: each is a view
// valid during its iteration step. The cursor is closed when the loop
// ends, by exhaustion, error or break; an error is yielded once, last:
//
//	for doc, err := range cur.Docs(ctx) {
//		if err != nil { ... }
//	}
func (c *Cursor) Docs(ctx context.Context) iter.Seq2[bson.Raw, error] {
	return func(yield func(bson.Raw, error) bool) {
		defer c.Close(context.WithoutCancel(ctx))
		for c.Next(ctx) {
			if !yield(c.cur, nil) {
				return
			}
		}
		if err := c.Err(); err != nil {
			yield(nil, err)
		}
	}
}
