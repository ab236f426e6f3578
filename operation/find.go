package operation

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// FindOptions are the options of a find (CRUD specification). The zero
// value of each field sends nothing.
type FindOptions struct {
	Sort       bson.Raw
	Projection bson.Raw
	// Hint is an index name (string) or key pattern (document).
	Hint bson.RawValue
	Skip int64
	// Limit caps the documents returned; a negative limit asks for one
	// batch of at most -Limit documents (the legacy convention).
	Limit int64
	// BatchSize is the size of the first batch (and of getMores); a
	// negative value asks for a single batch.
	BatchSize int32
	// SingleBatch closes the cursor after the first batch.
	SingleBatch  bool
	Comment      bson.RawValue
	MaxTime      time.Duration
	Max, Min     bson.Raw
	ReturnKey    bool
	ShowRecordID bool
	// Tailable and AwaitData make a tailable cursor on a capped collection.
	Tailable, AwaitData bool
	NoCursorTimeout     bool
	AllowPartialResults bool
	Collation           bson.Raw
	AllowDiskUse        Optional[bool]
	Let                 bson.Raw
}

// Find is the find command. Result holds the first batch and the cursor.
type Find struct {
	DB, Collection string
	Filter         bson.Raw
	Options        FindOptions

	// Result is set by a successful Execute.
	Result CursorResponse
	reply  []byte
}

// Name returns "find", the command name.
func (c *Find) Name() string { return "find" }

// Database returns DB.
func (c *Find) Database() string { return c.DB }

// Traits: a read, retryable, with read concern and read preference.
func (c *Find) Traits() Traits {
	return Traits{ReadPreference: true, Retry: RetryRead, ReadConcern: true}
}

// AppendBody appends the find command, applying the limit, batchSize and
// singleBatch rules of the find and CRUD specifications.
func (c *Find) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	o := &c.Options
	limit, batch, single := findLimits(o.Limit, o.BatchSize, o.SingleBatch)
	w := bodyWriter{b: dst, cmd: "find"}
	w.str("find", c.Collection)
	w.doc("filter", c.Filter)
	w.doc("sort", o.Sort)
	w.doc("projection", o.Projection)
	w.value("hint", o.Hint)
	w.int64If("skip", o.Skip)
	w.int64If("limit", limit)
	if batch != 0 {
		w.int32("batchSize", batch)
	}
	w.boolIf("singleBatch", single)
	w.value("comment", o.Comment)
	w.maxTime(o.MaxTime)
	w.doc("max", o.Max)
	w.doc("min", o.Min)
	w.boolIf("returnKey", o.ReturnKey)
	w.boolIf("showRecordId", o.ShowRecordID)
	w.boolIf("tailable", o.Tailable)
	w.boolIf("noCursorTimeout", o.NoCursorTimeout)
	w.boolIf("awaitData", o.AwaitData)
	w.boolIf("allowPartialResults", o.AllowPartialResults)
	w.doc("collation", o.Collation)
	w.optBool("allowDiskUse", o.AllowDiskUse)
	w.doc("let", o.Let)
	return w.done()
}

// findLimits turns the CRUD limit and batchSize into the find command's
// limit, batchSize and singleBatch: a negative limit or batchSize asks for
// a single batch, and a batchSize equal to the limit is sent as limit+1 so
// that the server closes the cursor.
func findLimits(limit int64, batchSize int32, single bool) (int64, int32, bool) {
	single = single || limit < 0 || batchSize < 0
	if limit < 0 {
		limit = -limit
	}
	if batchSize < 0 {
		batchSize = -batchSize
	}
	switch {
	case single && limit != 0:
		batchSize = 0 // limit alone bounds the single batch
	case limit != 0 && int64(batchSize) == limit:
		batchSize++
	}
	return limit, batchSize, single
}

// Decode keeps the reply and reads its cursor.
func (c *Find) Decode(_ context.Context, r *Reply) error {
	return decodeCursor("find", &c.reply, r, &c.Result)
}
