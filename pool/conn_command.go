package pool

import (
	"context"
	"encoding/binary"
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/wire"
)

// DocumentSequence is a kind-1 section of an OP_MSG: documents sent as
// the value of one command argument, such as an insert's "documents".
type DocumentSequence struct {
	Identifier string
	Documents  []bson.Raw
}

// errBadCommand reports a command that is not a document.
var errBadCommand = errors.New("pool: the command is not a BSON document")

// RunCommand runs cmd against database db and returns the reply's body, a
// view valid until the next I/O call on c. It appends "$db" to cmd (which
// must not carry one), sends the document sequences after the body, and
// returns a *CommandError when the reply's ok is not 1. Errors of I/O are
// as WriteMessage and ReadMessage describe.
func (c *Conn) RunCommand(ctx context.Context, db string, cmd bson.Raw, seqs ...DocumentSequence) (bson.Raw, error) {
	if err := c.enter(); err != nil {
		return nil, err
	}
	defer c.leave()
	return c.runCommand(ctx, db, cmd, seqs)
}

// runCommand arms the watch for the whole exchange; the handshake calls it
// directly.
func (c *Conn) runCommand(ctx context.Context, db string, cmd bson.Raw, seqs []DocumentSequence) (bson.Raw, error) {
	if cap(c.cmdbuf) > maxRetainedBuffer {
		c.cmdbuf = nil
	}
	msg, err := c.appendCommand(c.cmdbuf[:0], db, cmd, seqs)
	if err != nil {
		return nil, err
	}
	c.cmdbuf = msg
	c.watch.arm(ctx, c.socketTimeout)
	defer c.watch.disarm()
	if err := c.writeMessage(ctx, msg); err != nil {
		return nil, err
	}
	_, m, err := c.readMessage(ctx)
	if err != nil {
		return nil, err
	}
	return m.Body, commandError(m.Body)
}

// appendCommand builds the OP_MSG for a command.
func (c *Conn) appendCommand(dst []byte, db string, cmd bson.Raw, seqs []DocumentSequence) ([]byte, error) {
	if len(cmd) < 5 || int(binary.LittleEndian.Uint32(cmd)) != len(cmd) || cmd[len(cmd)-1] != 0 {
		return dst, errBadCommand
	}
	b, start := wire.BeginMsg(dst, wire.NextRequestID(), 0, 0)
	b = append(b, 0) // body section
	body := len(b)
	b = append(b, cmd[:len(cmd)-1]...)
	b = c.serverAPI.AppendElements(b)
	b = bson.AppendStringElement(b, "$db", db)
	b = append(b, 0)
	binary.LittleEndian.PutUint32(b[body:], uint32(len(b)-body))
	for _, s := range seqs {
		var at int
		b, at = wire.BeginSequence(b, s.Identifier)
		for _, d := range s.Documents {
			b = wire.AppendSequenceDocument(b, d)
		}
		b = wire.EndSequence(b, at)
	}
	return wire.FinishMsg(b, start, false)
}
