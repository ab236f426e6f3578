package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// Drop is the drop command. Dropping a collection that does not exist
// fails with NamespaceNotFound (26), which the CRUD API ignores.
type Drop struct {
	DB, Collection string
	Comment        bson.RawValue
}

// Name returns "drop", the command name.
func (c *Drop) Name() string { return "drop" }

// Database returns DB.
func (c *Drop) Database() string { return c.DB }

// Traits: a write with write concern, not retried.
func (c *Drop) Traits() Traits { return Traits{Write: true, WriteConcern: true} }

// AppendBody appends the drop command.
func (c *Drop) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "drop"}
	w.str("drop", c.Collection)
	w.value("comment", c.Comment)
	return w.done()
}

// Decode reads the write concern error.
func (c *Drop) Decode(_ context.Context, r *Reply) error {
	return decodeWriteErrors("drop", r.Body, 0)
}

// DropDatabase is the dropDatabase command.
type DropDatabase struct {
	DB      string
	Comment bson.RawValue
}

// Name returns "dropDatabase", the command name.
func (c *DropDatabase) Name() string { return "dropDatabase" }

// Database returns DB.
func (c *DropDatabase) Database() string { return c.DB }

// Traits: a write with write concern, not retried.
func (c *DropDatabase) Traits() Traits { return Traits{Write: true, WriteConcern: true} }

// AppendBody appends the dropDatabase command.
func (c *DropDatabase) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "dropDatabase"}
	w.int32("dropDatabase", 1)
	w.value("comment", c.Comment)
	return w.done()
}

// Decode reads the write concern error.
func (c *DropDatabase) Decode(_ context.Context, r *Reply) error {
	return decodeWriteErrors("dropDatabase", r.Body, 0)
}
