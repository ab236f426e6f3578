package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// KillCursors is the killCursors command. Run it on the cursors' server
// (ExecOptions.Server) with their session.
type KillCursors struct {
	DB, Collection string
	CursorIDs      []int64

	// Result is set by a successful Execute.
	Result KillCursorsResult
	reply  []byte
}

// KillCursorsResult lists the cursor ids by fate; views into the reply the
// command keeps. The cursorsAlive list may be ignored.
type KillCursorsResult struct {
	Killed, NotFound, Alive, Unknown bson.RawArray
}

// Name returns "killCursors", the command name.
func (c *KillCursors) Name() string { return "killCursors" }

// Database returns DB.
func (c *KillCursors) Database() string { return c.DB }

// Traits: not retried, no concerns.
func (c *KillCursors) Traits() Traits { return Traits{} }

// AppendBody appends the killCursors command.
func (c *KillCursors) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	dst = bson.AppendStringElement(dst, "killCursors", c.Collection)
	dst, arr := bson.AppendArrayElementStart(dst, "cursors")
	for i, id := range c.CursorIDs {
		dst = bson.AppendArrayHeader(dst, bson.TypeInt64, i)
		dst = bson.AppendInt64(dst, id)
	}
	return bson.AppendDocumentEnd(dst, arr), nil
}

// Decode keeps the reply and reads the id lists.
func (c *KillCursors) Decode(_ context.Context, r *Reply) error {
	body := keep(&c.reply, r.Body)
	c.Result = KillCursorsResult{
		Killed:   body.Lookup("cursorsKilled").Array(),
		NotFound: body.Lookup("cursorsNotFound").Array(),
		Alive:    body.Lookup("cursorsAlive").Array(),
		Unknown:  body.Lookup("cursorsUnknown").Array(),
	}
	return nil
}
