package operation

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// CountOptions are the options of the count command.
type CountOptions struct {
	Limit, Skip int64
	Hint        bson.RawValue
	Collation   bson.Raw
	Comment     bson.RawValue
	MaxTime     time.Duration
}

// Count is the count command, which estimatedDocumentCount uses (the CRUD
// countDocuments is an aggregate). Result is the count.
type Count struct {
	DB, Collection string
	// Query filters the documents; nil counts from the collection's
	// metadata.
	Query   bson.Raw
	Options CountOptions

	Result int64
}

// Name returns "count", the command name.
func (c *Count) Name() string { return "count" }

// Database returns DB.
func (c *Count) Database() string { return c.DB }

// Traits: a retryable read with read concern.
func (c *Count) Traits() Traits {
	return Traits{ReadPreference: true, Retry: RetryRead, ReadConcern: true}
}

// AppendBody appends the count command.
func (c *Count) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	o := &c.Options
	w := bodyWriter{b: dst, cmd: "count"}
	w.str("count", c.Collection)
	w.doc("query", c.Query)
	w.int64If("limit", o.Limit)
	w.int64If("skip", o.Skip)
	w.value("hint", o.Hint)
	w.doc("collation", o.Collation)
	w.value("comment", o.Comment)
	w.maxTime(o.MaxTime)
	return w.done()
}

// Decode reads n.
func (c *Count) Decode(_ context.Context, r *Reply) error {
	n, ok := r.Body.Lookup("n").AsInt64OK()
	if !ok {
		return &ReplyError{Command: "count", Field: "n", Problem: "missing or not a number"}
	}
	c.Result = n
	return nil
}
