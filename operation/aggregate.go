package operation

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// AggregateOptions are the options of an aggregate (CRUD specification).
// The zero value of each field sends nothing.
type AggregateOptions struct {
	AllowDiskUse Optional[bool]
	// BatchSize is cursor.batchSize; 0 is meaningful (an empty first
	// batch), hence Optional. It is not sent for a pipeline ending in $out
	// or $merge.
	BatchSize                Optional[int32]
	BypassDocumentValidation Optional[bool]
	Collation                bson.Raw
	Comment                  bson.RawValue
	Hint                     bson.RawValue
	Let                      bson.Raw
	MaxTime                  time.Duration
}

// Aggregate is the aggregate command. An empty Collection runs a
// database-level aggregation (aggregate: 1). A pipeline whose last stage
// is $out or $merge is a write: it runs on the primary, is not retried,
// and takes the write concern. Result holds the first batch and the
// cursor.
type Aggregate struct {
	DB, Collection string
	// Pipeline is the encoded array of stages.
	Pipeline bson.RawArray
	Options  AggregateOptions

	Result CursorResponse
	reply  []byte
}

// Name returns "aggregate", the command name.
func (c *Aggregate) Name() string { return "aggregate" }

// Database returns DB.
func (c *Aggregate) Database() string { return c.DB }

// Traits: a retryable read with read concern, or, for $out and $merge, a
// read that writes (WriteStage): not retried, with the write concern, on
// a secondary only when the read preference allows it and the server is
// 5.0+.
func (c *Aggregate) Traits() Traits {
	if c.HasWriteStage() {
		return Traits{ReadPreference: true, ReadConcern: true, WriteConcern: true, WriteStage: true}
	}
	return Traits{ReadPreference: true, Retry: RetryRead, ReadConcern: true}
}

// HasWriteStage reports whether the pipeline's last stage is $out or
// $merge.
func (c *Aggregate) HasWriteStage() bool {
	if len(c.Pipeline) == 0 {
		return false
	}
	var last bson.Raw
	it := c.Pipeline.Iter()
	for it.Next() {
		last, _ = it.Value().DocumentOK()
	}
	it2 := last.Iter()
	if !it2.Next() {
		return false
	}
	k := string(it2.KeyBytes())
	return k == "$out" || k == "$merge"
}

// AppendBody appends the aggregate command.
func (c *Aggregate) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	o := &c.Options
	w := bodyWriter{b: dst, cmd: "aggregate"}
	if c.Collection == "" {
		w.int32("aggregate", 1)
	} else {
		w.str("aggregate", c.Collection)
	}
	if len(c.Pipeline) == 0 {
		w.b = bson.AppendArrayElement(w.b, "pipeline", emptyDoc)
	} else {
		w.array("pipeline", c.Pipeline)
	}
	w.optBool("allowDiskUse", o.AllowDiskUse)
	var cur int
	w.b, cur = bson.AppendDocumentElementStart(w.b, "cursor")
	if n, ok := o.BatchSize.Get(); ok && !c.HasWriteStage() {
		w.int32("batchSize", n)
	}
	w.b = bson.AppendDocumentEnd(w.b, cur)
	w.optBool("bypassDocumentValidation", o.BypassDocumentValidation)
	w.doc("collation", o.Collation)
	w.value("comment", o.Comment)
	w.value("hint", o.Hint)
	w.doc("let", o.Let)
	w.maxTime(o.MaxTime)
	return w.done()
}

// Decode keeps the reply and reads its cursor.
func (c *Aggregate) Decode(_ context.Context, r *Reply) error {
	return decodeCursor("aggregate", &c.reply, r, &c.Result)
}
