package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// RenameCollection is the renameCollection command, run on admin.
type RenameCollection struct {
	// From and To are full namespaces, "db.collection".
	From, To   string
	DropTarget bool
	Comment    bson.RawValue
}

// Name returns "renameCollection", the command name.
func (c *RenameCollection) Name() string { return "renameCollection" }

// Database returns "admin", where the command runs.
func (c *RenameCollection) Database() string { return "admin" }

// Traits: a write with write concern, not retried.
func (c *RenameCollection) Traits() Traits { return Traits{Write: true, WriteConcern: true} }

// AppendBody appends the renameCollection command.
func (c *RenameCollection) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "renameCollection"}
	w.str("renameCollection", c.From)
	w.str("to", c.To)
	w.boolIf("dropTarget", c.DropTarget)
	w.value("comment", c.Comment)
	return w.done()
}

// Decode reads the write concern error.
func (c *RenameCollection) Decode(_ context.Context, r *Reply) error {
	return decodeWriteErrors("renameCollection", r.Body, 0)
}
