package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// RunCommand runs a document the caller built, as it is (run command
// specification): Execute adds only the command-agnostic fields ($db,
// lsid, $clusterTime, $readPreference), never a txnNumber nor the
// ExecOptions' concerns, and never retries it. It is selected by
// ExecOptions.ReadPref (primary by default). Result is a copy of the
// reply.
type RunCommand struct {
	DB string
	// Command is the command document; its first key is the command name.
	Command bson.Raw

	Result bson.Raw
	reply  []byte
}

// Name returns the first key of the command.
func (c *RunCommand) Name() string {
	it := c.Command.Iter()
	if it.Next() {
		return it.Key()
	}
	return ""
}

// Database returns DB.
func (c *RunCommand) Database() string { return c.DB }

// Traits: selected by read preference, nothing added, not retried.
func (c *RunCommand) Traits() Traits { return Traits{ReadPreference: true} }

// AppendBody appends the elements of the command document.
func (c *RunCommand) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	if !framed(c.Command) || len(c.Command) == 5 {
		return dst, &ArgumentError{Command: "runCommand", Field: "command", Problem: "not a non-empty BSON document"}
	}
	return append(dst, c.Command[4:len(c.Command)-1]...), nil
}

// Decode copies the reply.
func (c *RunCommand) Decode(_ context.Context, r *Reply) error {
	c.Result = keep(&c.reply, r.Body)
	return nil
}
