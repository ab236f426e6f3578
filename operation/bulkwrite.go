package operation

import (
	"context"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// BulkWriteKind is the kind of a BulkWriteModel.
type BulkWriteKind uint8

// The kinds of write models of the client bulkWrite.
const (
	InsertOne BulkWriteKind = iota + 1
	UpdateOne
	UpdateMany
	ReplaceOne
	DeleteOne
	DeleteMany
)

// String returns the model kind's name, such as "updateOne".
func (k BulkWriteKind) String() string {
	switch k {
	case InsertOne:
		return "insertOne"
	case UpdateOne:
		return "updateOne"
	case UpdateMany:
		return "updateMany"
	case ReplaceOne:
		return "replaceOne"
	case DeleteOne:
		return "deleteOne"
	case DeleteMany:
		return "deleteMany"
	}
	return fmt.Sprintf("BulkWriteKind(%d)", uint8(k))
}

// BulkWriteModel is one write of a client bulkWrite, on any namespace.
// Fields that do not apply to the model's kind are ignored.
type BulkWriteModel struct {
	// Namespace is "db.collection".
	Namespace string
	Kind      BulkWriteKind
	// Document is the document of InsertOne (give it an _id first: its
	// insert result reports it) or the replacement of ReplaceOne.
	Document bson.Raw
	// Filter selects the document(s) of an update, replace or delete.
	Filter bson.Raw
	// Update is the update document or pipeline of UpdateOne and
	// UpdateMany (DocValue or ArrayValue).
	Update       bson.RawValue
	ArrayFilters bson.RawArray
	Collation    bson.Raw
	Hint         bson.RawValue
	Upsert       bool
	// Sort picks the document of UpdateOne and ReplaceOne.
	Sort bson.Raw
}

// BulkWriteOptions are the options of the client bulkWrite.
type BulkWriteOptions struct {
	// Unordered lets the server continue after a failed write; the
	// default sends ordered: true, as the specification requires.
	Unordered                bool
	BypassDocumentValidation Optional[bool]
	Comment                  bson.RawValue
	Let                      bson.Raw
	// VerboseResults asks for the result of every write (errorsOnly:
	// false).
	VerboseResults bool
}

// BulkWrite is the client-level bulkWrite command of MongoDB 8.0: writes
// on several namespaces in one command, ops and nsInfo sent as document
// sequences on admin, split into batches by maxWriteBatchSize and
// maxMessageSizeBytes, each batch's results cursor read to the end with
// getMore on the same connection. A batch is retryable unless it holds an
// UpdateMany or DeleteMany.
//
// Execute returns a *BulkWriteException when a write or a write concern
// failed, or when a top-level error stopped the bulk write after results
// were seen; a top-level error before that is returned as it is.
type BulkWrite struct {
	Models  []BulkWriteModel
	Options BulkWriteOptions

	// Result is set by Execute; its verbose maps only when
	// Options.VerboseResults.
	Result BulkWriteResult

	ops     []byte // the encoded ops documents
	opOff   []int  // where each model's ops document starts in ops, and the end
	encErr  error
	batch   bulkSplit
	cur     bulkBatch
	acc     bulkAccumulator
	reply   []byte
	getMore GetMore
}

// Name returns "bulkWrite", the command name.
func (c *BulkWrite) Name() string { return "bulkWrite" }

// Database returns "admin", where the command runs.
func (c *BulkWrite) Database() string { return "admin" }

// Traits: a write with write concern, retryable when the current batch has
// no multi-document write.
func (c *BulkWrite) Traits() Traits {
	t := Traits{Write: true, Retry: RetryWrite, WriteConcern: true}
	lo, hi := c.batch.bounds(len(c.Models))
	for i := lo; i < hi; i++ {
		if k := c.Models[i].Kind; k == UpdateMany || k == DeleteMany {
			t.Retry = RetryNone
		}
	}
	return t
}

// AppendBody appends the bulkWrite command without ops and nsInfo.
func (c *BulkWrite) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	o := &c.Options
	w := bodyWriter{b: dst, cmd: "bulkWrite"}
	w.int32("bulkWrite", 1)
	w.b = bson.AppendBooleanElement(w.b, "errorsOnly", !o.VerboseResults)
	w.b = bson.AppendBooleanElement(w.b, "ordered", !o.Unordered)
	w.optBool("bypassDocumentValidation", o.BypassDocumentValidation)
	w.value("comment", o.Comment)
	w.doc("let", o.Let)
	return w.done()
}

// Begin encodes every model's ops document and starts over.
func (c *BulkWrite) Begin() {
	c.Result = BulkWriteResult{Acknowledged: true, HasVerboseResults: c.Options.VerboseResults}
	c.acc.reset()
	c.batch.reset()
	c.ops, c.opOff, c.encErr = c.ops[:0], c.opOff[:0], nil
	for i := range c.Models {
		c.opOff = append(c.opOff, len(c.ops))
		var err error
		c.ops, err = c.Models[i].appendOp(c.ops)
		if err != nil && c.encErr == nil {
			c.encErr = fmt.Errorf("operation: bulkWrite model %d: %w", i, err)
		}
	}
	c.opOff = append(c.opOff, len(c.ops))
}

// opKey returns the first key of a kind's ops document.
func opKey(k BulkWriteKind) string {
	switch k {
	case InsertOne:
		return "insert"
	case DeleteOne, DeleteMany:
		return "delete"
	}
	return "update"
}

// appendOp encodes the model's ops document, with 0 as its namespace
// index until split patches it.
func (m *BulkWriteModel) appendOp(dst []byte) ([]byte, error) {
	if m.Kind < InsertOne || m.Kind > DeleteMany {
		return dst, &ArgumentError{Command: "bulkWrite", Field: "kind", Problem: m.Kind.String() + " is not a write model"}
	}
	if m.Namespace == "" {
		return dst, &ArgumentError{Command: "bulkWrite", Field: "namespace", Problem: "empty"}
	}
	dst, start := bson.AppendDocumentStart(dst)
	w := bodyWriter{b: dst, cmd: "bulkWrite"}
	w.int32(opKey(m.Kind), 0)
	switch m.Kind {
	case InsertOne:
		w.docAlways("document", m.Document)
	case UpdateOne, UpdateMany, ReplaceOne:
		w.docAlways("filter", m.Filter)
		if m.Kind == ReplaceOne {
			w.docAlways("updateMods", m.Document)
		} else if m.Update.Type == 0 {
			w.fail("updateMods", "no update")
		} else {
			w.value("updateMods", m.Update)
		}
		w.b = bson.AppendBooleanElement(w.b, "multi", m.Kind == UpdateMany)
		w.boolIf("upsert", m.Upsert)
		w.array("arrayFilters", m.ArrayFilters)
		w.doc("collation", m.Collation)
		w.value("hint", m.Hint)
		w.doc("sort", m.Sort)
	default:
		w.docAlways("filter", m.Filter)
		w.b = bson.AppendBooleanElement(w.b, "multi", m.Kind == DeleteMany)
		w.doc("collation", m.Collation)
		w.value("hint", m.Hint)
	}
	if w.err != nil {
		return dst[:start], w.err
	}
	return bson.AppendDocumentEnd(w.b, start), nil
}

// Split chooses the next batch. It refuses an unacknowledged bulk write
// that is ordered or asks for verbose results, and a model that cannot fit
// in a message.
func (c *BulkWrite) Split(desc description.Server, acknowledged bool) error {
	switch {
	case c.encErr != nil:
		return c.encErr
	case len(c.Models) == 0:
		return fmt.Errorf("%w: bulkWrite", ErrEmptyWrite)
	case !acknowledged && !c.Options.Unordered:
		return ErrUnacknowledgedOrdered
	case !acknowledged && c.Options.VerboseResults:
		return ErrUnacknowledgedVerbose
	}
	body, _ := c.AppendBody(c.batch.scratch[:0], desc)
	c.batch.scratch = body
	return c.batch.split(c, desc, len(body)+5)
}

// AppendSequences appends the batch's ops and nsInfo sequences.
func (c *BulkWrite) AppendSequences(dst []byte) []byte { return c.batch.appendSequences(c, dst) }

// Decode reads one batch's reply and its whole results cursor.
func (c *BulkWrite) Decode(ctx context.Context, r *Reply) error {
	c.cur.reset(c.batch.start, c.batch.end)
	if !r.Acknowledged {
		c.Result.Acknowledged = false
		c.Result.HasVerboseResults = false
		return nil
	}
	return c.decodeBatch(ctx, r)
}

// Advance merges the batch into the result.
func (c *BulkWrite) Advance(err error) (bool, error) {
	return c.acc.advance(c, err)
}
