package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// RunCursorCommand runs a cursor-creating command the caller built (the
// run command specification's runCursorCommand): like RunCommand it is
// sent as given, with only the command-agnostic fields added, selected by
// ExecOptions.ReadPref and never retried; its reply must hold a cursor
// document, read into Result (a *ReplyError otherwise). Read the rest of
// the cursor with GetMore on Result.Server.
type RunCursorCommand struct {
	DB string
	// Command is the command document; its first key is the command name.
	Command bson.Raw

	Result CursorResponse
	reply  []byte
}

// Name returns the first key of the command.
func (c *RunCursorCommand) Name() string {
	it := c.Command.Iter()
	if it.Next() {
		return it.Key()
	}
	return ""
}

// Database returns DB.
func (c *RunCursorCommand) Database() string { return c.DB }

// Traits: selected by read preference, nothing added, not retried.
func (c *RunCursorCommand) Traits() Traits { return Traits{ReadPreference: true} }

// AppendBody appends the elements of the command document.
func (c *RunCursorCommand) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	if !framed(c.Command) || len(c.Command) == 5 {
		return dst, &ArgumentError{Command: "runCursorCommand", Field: "command", Problem: "not a non-empty BSON document"}
	}
	return append(dst, c.Command[4:len(c.Command)-1]...), nil
}

// Decode keeps the reply and reads its cursor.
func (c *RunCursorCommand) Decode(_ context.Context, r *Reply) error {
	return decodeCursor(c.Name(), &c.reply, r, &c.Result)
}
