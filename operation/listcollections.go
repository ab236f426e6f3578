package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// ListCollectionsOptions are the options of listCollections.
type ListCollectionsOptions struct {
	NameOnly              bool
	AuthorizedCollections bool
	// BatchSize is cursor.batchSize; 0 is meaningful, hence Optional.
	BatchSize Optional[int32]
	Comment   bson.RawValue
}

// ListCollections is the listCollections command. Result holds the first
// batch and the cursor.
type ListCollections struct {
	DB      string
	Filter  bson.Raw
	Options ListCollectionsOptions

	Result CursorResponse
	reply  []byte
}

// Name returns "listCollections", the command name.
func (c *ListCollections) Name() string { return "listCollections" }

// Database returns DB.
func (c *ListCollections) Database() string { return c.DB }

// Traits: a retryable read (enumerate collections specification).
func (c *ListCollections) Traits() Traits {
	return Traits{ReadPreference: true, Retry: RetryRead}
}

// AppendBody appends the listCollections command.
func (c *ListCollections) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	o := &c.Options
	w := bodyWriter{b: dst, cmd: "listCollections"}
	w.int32("listCollections", 1)
	w.doc("filter", c.Filter)
	w.boolIf("nameOnly", o.NameOnly)
	w.boolIf("authorizedCollections", o.AuthorizedCollections)
	appendCursorOption(&w, o.BatchSize)
	w.value("comment", o.Comment)
	return w.done()
}

// Decode keeps the reply and reads its cursor.
func (c *ListCollections) Decode(_ context.Context, r *Reply) error {
	return decodeCursor("listCollections", &c.reply, r, &c.Result)
}

// appendCursorOption appends cursor: {batchSize} when a batch size is set.
func appendCursorOption(w *bodyWriter, batchSize Optional[int32]) {
	if n, ok := batchSize.Get(); ok {
		var cur int
		w.b, cur = bson.AppendDocumentElementStart(w.b, "cursor")
		w.int32("batchSize", n)
		w.b = bson.AppendDocumentEnd(w.b, cur)
	}
}
