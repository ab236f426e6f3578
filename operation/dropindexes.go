package operation

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// DropIndexes is the dropIndexes command.
type DropIndexes struct {
	DB, Collection string
	// Index names what to drop: an index name, "*" for all but _id, a key
	// pattern document, or an array of names. Type 0 sends "*".
	Index   bson.RawValue
	Comment bson.RawValue
	MaxTime time.Duration
}

// Name returns "dropIndexes", the command name.
func (c *DropIndexes) Name() string { return "dropIndexes" }

// Database returns DB.
func (c *DropIndexes) Database() string { return c.DB }

// Traits: a write with write concern, not retried.
func (c *DropIndexes) Traits() Traits { return Traits{Write: true, WriteConcern: true} }

// AppendBody appends the dropIndexes command.
func (c *DropIndexes) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "dropIndexes"}
	w.str("dropIndexes", c.Collection)
	if c.Index.Type == 0 {
		w.str("index", "*")
	} else {
		w.value("index", c.Index)
	}
	w.value("comment", c.Comment)
	w.maxTime(c.MaxTime)
	return w.done()
}

// Decode reads the write concern error.
func (c *DropIndexes) Decode(_ context.Context, r *Reply) error {
	return decodeWriteErrors("dropIndexes", r.Body, 0)
}
