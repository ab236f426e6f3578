package operation

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// DistinctOptions are the options of distinct.
type DistinctOptions struct {
	Collation bson.Raw
	Comment   bson.RawValue
	Hint      bson.RawValue
	MaxTime   time.Duration
}

// Distinct is the distinct command. Result is the array of values, a view
// into the reply the command keeps.
type Distinct struct {
	DB, Collection string
	Key            string
	Query          bson.Raw
	Options        DistinctOptions

	Result bson.RawArray
	reply  []byte
}

// Name returns "distinct", the command name.
func (c *Distinct) Name() string { return "distinct" }

// Database returns DB.
func (c *Distinct) Database() string { return c.DB }

// Traits: a retryable read with read concern.
func (c *Distinct) Traits() Traits {
	return Traits{ReadPreference: true, Retry: RetryRead, ReadConcern: true}
}

// AppendBody appends the distinct command.
func (c *Distinct) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	o := &c.Options
	w := bodyWriter{b: dst, cmd: "distinct"}
	w.str("distinct", c.Collection)
	w.str("key", c.Key)
	w.doc("query", c.Query)
	w.doc("collation", o.Collation)
	w.value("comment", o.Comment)
	w.value("hint", o.Hint)
	w.maxTime(o.MaxTime)
	return w.done()
}

// Decode keeps the reply and reads values.
func (c *Distinct) Decode(_ context.Context, r *Reply) error {
	body := keep(&c.reply, r.Body)
	arr, ok := body.Lookup("values").ArrayOK()
	if !ok {
		c.Result = nil
		return &ReplyError{Command: "distinct", Field: "values", Problem: "missing or not an array"}
	}
	c.Result = arr
	return nil
}
