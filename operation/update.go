package operation

import (
	"context"
	"slices"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// UpdateStatement is one statement of an update command.
type UpdateStatement struct {
	// Filter selects the documents (q); nil matches every document.
	Filter bson.Raw
	// Update is an update document, a replacement document, or a pipeline
	// (an array): DocValue or ArrayValue.
	Update bson.RawValue
	Multi  bool
	Upsert bool
	// ArrayFilters is the encoded array of filters; nil sends none.
	ArrayFilters bson.RawArray
	Collation    bson.Raw
	Hint         bson.RawValue
	// Sort picks the document an updateOne or replaceOne changes
	// (MongoDB 8.0+).
	Sort bson.Raw
}

// UpdateOptions are the options of an update command.
type UpdateOptions struct {
	Unordered                bool
	BypassDocumentValidation Optional[bool]
	Comment                  bson.RawValue
	Let                      bson.Raw
}

// Update is the update command, split into batches like Insert, with the
// same errors. It is retryable unless a statement has Multi.
type Update struct {
	DB, Collection string
	Updates        []UpdateStatement
	Options        UpdateOptions

	// Result is set by Execute.
	Result UpdateResult

	batches writeBatches
	stmts   []byte // the encoded statements
	views   []bson.Raw
	encErr  error // the first statement that could not be encoded // views of stmts, one per statement
	cur     UpdateResult
}

// UpdateResult counts what an update did.
type UpdateResult struct {
	// N is the number of documents matched (upserts included), NModified
	// the number changed.
	N, NModified int64
	// Upserted lists the statements that inserted a document; IDs are
	// copies.
	Upserted []Upserted
	// Acknowledged is false for a w: 0 update.
	Acknowledged bool
	Batches      int
}

// Upserted is the _id of a document an upsert inserted.
type Upserted struct {
	// Index is the statement's position in Updates.
	Index int
	ID    bson.RawValue
}

// Name returns "update", the command name.
func (c *Update) Name() string { return "update" }

// Database returns DB.
func (c *Update) Database() string { return c.DB }

// Traits: a write with write concern, retryable unless a statement of the
// current batch has Multi.
func (c *Update) Traits() Traits {
	t := Traits{Write: true, Retry: RetryWrite, WriteConcern: true}
	lo, hi := c.batches.bounds(len(c.Updates))
	for i := lo; i < hi; i++ {
		if c.Updates[i].Multi {
			t.Retry = RetryNone
		}
	}
	return t
}

// AppendBody appends the update command without its statements.
func (c *Update) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "update"}
	w.str("update", c.Collection)
	w.b = bson.AppendBooleanElement(w.b, "ordered", !c.Options.Unordered)
	w.optBool("bypassDocumentValidation", c.Options.BypassDocumentValidation)
	w.value("comment", c.Options.Comment)
	w.doc("let", c.Options.Let)
	return w.done()
}

// Begin encodes the statements and starts over.
func (c *Update) Begin() {
	c.Result = UpdateResult{Acknowledged: true}
	c.stmts, c.views = c.stmts[:0], c.views[:0]
	offsets := make([]int, 0, len(c.Updates)+1)
	c.encErr = nil
	for i := range c.Updates {
		offsets = append(offsets, len(c.stmts))
		var err error
		c.stmts, err = c.Updates[i].append(c.stmts)
		if err != nil && c.encErr == nil {
			c.encErr = err
		}
	}
	offsets = append(offsets, len(c.stmts))
	for i := range c.Updates {
		c.views = append(c.views, bson.Raw(c.stmts[offsets[i]:offsets[i+1]]))
	}
	c.batches.begin(c.views, "updates", !c.Options.Unordered, commandAllowance)
}

// append encodes the statement as a document.
func (s *UpdateStatement) append(dst []byte) ([]byte, error) {
	dst, start := bson.AppendDocumentStart(dst)
	w := bodyWriter{b: dst, cmd: "update"}
	w.docAlways("q", s.Filter)
	if s.Update.Type == 0 {
		w.docAlways("u", nil)
	} else {
		w.value("u", s.Update)
	}
	w.boolIf("upsert", s.Upsert)
	w.boolIf("multi", s.Multi)
	w.array("arrayFilters", s.ArrayFilters)
	w.doc("collation", s.Collation)
	w.value("hint", s.Hint)
	w.doc("sort", s.Sort)
	if w.err != nil {
		return dst[:start], w.err
	}
	return bson.AppendDocumentEnd(w.b, start), nil
}

// Split chooses the next batch of statements.
func (c *Update) Split(desc description.Server, _ bool) error {
	if c.encErr != nil {
		return c.encErr
	}
	if c.batches.start == 0 {
		limit := limitsOf(desc).maxDoc
		for i := range c.Updates {
			u := &c.Updates[i]
			if err := checkPart("updates", i, "q", len(u.Filter), limit); err != nil {
				return err
			}
			if err := checkPart("updates", i, "u", len(u.Update.Value), limit); err != nil {
				return err
			}
		}
	}
	return c.batches.split("update", desc, c.batches.bodyLen(c, desc))
}

// AppendSequences appends the batch's statements.
func (c *Update) AppendSequences(dst []byte) []byte { return c.batches.appendSequence(dst) }

// Decode reads one batch's reply: n, nModified, upserted, writeErrors and
// writeConcernError.
func (c *Update) Decode(_ context.Context, r *Reply) error {
	c.cur = UpdateResult{}
	if !r.Acknowledged {
		c.Result.Acknowledged = false
		return nil
	}
	c.cur.N = int64Field(r.Body, "n")
	c.cur.NModified = int64Field(r.Body, "nModified")
	if arr, ok := r.Body.Lookup("upserted").ArrayOK(); ok {
		it := arr.Iter()
		for it.Next() {
			d, _ := it.Value().DocumentOK()
			id := d.Lookup("_id")
			id.Value = slices.Clone(id.Value)
			c.cur.Upserted = append(c.cur.Upserted, Upserted{Index: c.batches.start + int(int32Value(d.Lookup("index"))), ID: id})
		}
	}
	return decodeWriteErrors("update", r.Body, c.batches.start)
}

// Advance merges the batch into the result.
func (c *Update) Advance(err error) (bool, error) {
	more, committed, final := c.batches.advance(err)
	if committed {
		c.Result.N += c.cur.N
		c.Result.NModified += c.cur.NModified
		c.Result.Upserted = append(c.Result.Upserted, c.cur.Upserted...)
		c.Result.Batches++
	}
	return more, final
}
