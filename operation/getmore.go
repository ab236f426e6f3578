package operation

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// GetMore is the getMore command: the next batch of an open cursor. Run it
// on the cursor's server (ExecOptions.Server) with its session. Result
// holds the batch and the cursor id (0 once exhausted).
type GetMore struct {
	DB, Collection string
	CursorID       int64
	// BatchSize caps the batch; 0 sends none.
	BatchSize int32
	// MaxTime is the wait of an awaitData cursor (maxAwaitTimeMS); 0
	// sends none.
	MaxTime time.Duration
	Comment bson.RawValue

	Result CursorResponse
	reply  []byte
}

// Name returns "getMore", the command name.
func (c *GetMore) Name() string { return "getMore" }

// Database returns DB.
func (c *GetMore) Database() string { return c.DB }

// Traits: not retried, no concerns, no read preference (the cursor keeps
// the find's).
func (c *GetMore) Traits() Traits { return Traits{} }

// AppendBody appends the getMore command.
func (c *GetMore) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "getMore"}
	w.int64("getMore", c.CursorID)
	w.str("collection", c.Collection)
	if c.BatchSize > 0 {
		w.int32("batchSize", c.BatchSize)
	}
	w.maxTime(c.MaxTime)
	w.value("comment", c.Comment)
	return w.done()
}

// Decode keeps the reply and reads its cursor.
func (c *GetMore) Decode(_ context.Context, r *Reply) error {
	return decodeCursor("getMore", &c.reply, r, &c.Result)
}
