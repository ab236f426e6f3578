package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// ListIndexesOptions are the options of listIndexes.
type ListIndexesOptions struct {
	// BatchSize is cursor.batchSize; 0 is meaningful, hence Optional.
	BatchSize Optional[int32]
	Comment   bson.RawValue
}

// ListIndexes is the listIndexes command. On a collection that does not
// exist it fails with NamespaceNotFound (26), which the index management
// specification asks the caller to turn into an empty list.
type ListIndexes struct {
	DB, Collection string
	Options        ListIndexesOptions

	Result CursorResponse
	reply  []byte
}

// Name returns "listIndexes", the command name.
func (c *ListIndexes) Name() string { return "listIndexes" }

// Database returns DB.
func (c *ListIndexes) Database() string { return c.DB }

// Traits: a retryable read.
func (c *ListIndexes) Traits() Traits {
	return Traits{ReadPreference: true, Retry: RetryRead}
}

// AppendBody appends the listIndexes command.
func (c *ListIndexes) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "listIndexes"}
	w.str("listIndexes", c.Collection)
	appendCursorOption(&w, c.Options.BatchSize)
	w.value("comment", c.Options.Comment)
	return w.done()
}

// Decode keeps the reply and reads its cursor.
func (c *ListIndexes) Decode(_ context.Context, r *Reply) error {
	return decodeCursor("listIndexes", &c.reply, r, &c.Result)
}
