package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// MaxEndSessions is the largest number of sessions one endSessions command
// may end (driver sessions specification); send more in several commands.
const MaxEndSessions = 10_000

// EndSessions is the endSessions command, run on admin when a client
// disconnects (with read preference primaryPreferred). Errors are to be
// ignored by the caller.
type EndSessions struct {
	// IDs are the session id documents, at most MaxEndSessions.
	IDs []bson.Raw
}

// Name returns "endSessions", the command name.
func (c *EndSessions) Name() string { return "endSessions" }

// Database returns "admin", where the command runs.
func (c *EndSessions) Database() string { return "admin" }

// Traits: sent by read preference, never retried.
func (c *EndSessions) Traits() Traits { return Traits{ReadPreference: true} }

// AppendBody appends the endSessions command.
func (c *EndSessions) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "endSessions"}
	if len(c.IDs) > MaxEndSessions {
		w.fail("endSessions", "more than 10000 sessions")
	}
	var arr int
	w.b, arr = bson.AppendArrayElementStart(w.b, "endSessions")
	for i, id := range c.IDs {
		if !framed(id) {
			w.fail("endSessions", "a session id is not a BSON document")
			break
		}
		w.b = bson.AppendArrayHeader(w.b, bson.TypeEmbeddedDoc, i)
		w.b = append(w.b, id...)
	}
	w.b = bson.AppendDocumentEnd(w.b, arr)
	return w.done()
}

// Decode has nothing to read.
func (c *EndSessions) Decode(context.Context, *Reply) error { return nil }
