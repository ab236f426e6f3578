package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// DeleteStatement is one statement of a delete command.
type DeleteStatement struct {
	// Filter selects the documents (q); nil matches every document.
	Filter bson.Raw
	// Multi deletes every matching document (limit: 0) instead of one.
	Multi     bool
	Collation bson.Raw
	Hint      bson.RawValue
}

// DeleteOptions are the options of a delete command.
type DeleteOptions struct {
	Unordered bool
	Comment   bson.RawValue
	Let       bson.Raw
}

// Delete is the delete command, split into batches like Insert, with the
// same errors. It is retryable unless a statement has Multi.
type Delete struct {
	DB, Collection string
	Deletes        []DeleteStatement
	Options        DeleteOptions

	// Result is set by Execute.
	Result DeleteResult

	batches writeBatches
	stmts   []byte
	views   []bson.Raw
	encErr  error // the first statement that could not be encoded
	batchN  int64
}

// DeleteResult counts what a delete did.
type DeleteResult struct {
	// N is the number of documents deleted.
	N int64
	// Acknowledged is false for a w: 0 delete.
	Acknowledged bool
	Batches      int
}

// Name returns "delete", the command name.
func (c *Delete) Name() string { return "delete" }

// Database returns DB.
func (c *Delete) Database() string { return c.DB }

// Traits: a write with write concern, retryable unless a statement has
// Multi.
func (c *Delete) Traits() Traits {
	t := Traits{Write: true, Retry: RetryWrite, WriteConcern: true}
	lo, hi := c.batches.bounds(len(c.Deletes))
	for i := lo; i < hi; i++ {
		if c.Deletes[i].Multi {
			t.Retry = RetryNone
		}
	}
	return t
}

// AppendBody appends the delete command without its statements.
func (c *Delete) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "delete"}
	w.str("delete", c.Collection)
	w.b = bson.AppendBooleanElement(w.b, "ordered", !c.Options.Unordered)
	w.value("comment", c.Options.Comment)
	w.doc("let", c.Options.Let)
	return w.done()
}

// Begin encodes the statements and starts over.
func (c *Delete) Begin() {
	c.Result = DeleteResult{Acknowledged: true}
	c.stmts, c.views = c.stmts[:0], c.views[:0]
	offsets := make([]int, 0, len(c.Deletes)+1)
	c.encErr = nil
	for i := range c.Deletes {
		offsets = append(offsets, len(c.stmts))
		var err error
		c.stmts, err = c.Deletes[i].append(c.stmts)
		if err != nil && c.encErr == nil {
			c.encErr = err
		}
	}
	offsets = append(offsets, len(c.stmts))
	for i := range c.Deletes {
		c.views = append(c.views, bson.Raw(c.stmts[offsets[i]:offsets[i+1]]))
	}
	c.batches.begin(c.views, "deletes", !c.Options.Unordered, commandAllowance)
}

// append encodes the statement as a document.
func (s *DeleteStatement) append(dst []byte) ([]byte, error) {
	dst, start := bson.AppendDocumentStart(dst)
	w := bodyWriter{b: dst, cmd: "delete"}
	w.docAlways("q", s.Filter)
	limit := int32(1)
	if s.Multi {
		limit = 0
	}
	w.int32("limit", limit)
	w.doc("collation", s.Collation)
	w.value("hint", s.Hint)
	if w.err != nil {
		return dst[:start], w.err
	}
	return bson.AppendDocumentEnd(w.b, start), nil
}

// Split chooses the next batch of statements.
func (c *Delete) Split(desc description.Server, _ bool) error {
	if c.encErr != nil {
		return c.encErr
	}
	if c.batches.start == 0 {
		limit := limitsOf(desc).maxDoc
		for i := range c.Deletes {
			if err := checkPart("deletes", i, "q", len(c.Deletes[i].Filter), limit); err != nil {
				return err
			}
		}
	}
	return c.batches.split("delete", desc, c.batches.bodyLen(c, desc))
}

// AppendSequences appends the batch's statements.
func (c *Delete) AppendSequences(dst []byte) []byte { return c.batches.appendSequence(dst) }

// Decode reads one batch's reply: n, writeErrors and writeConcernError.
func (c *Delete) Decode(_ context.Context, r *Reply) error {
	c.batchN = 0
	if !r.Acknowledged {
		c.Result.Acknowledged = false
		return nil
	}
	c.batchN = int64Field(r.Body, "n")
	return decodeWriteErrors("delete", r.Body, c.batches.start)
}

// Advance merges the batch into the result.
func (c *Delete) Advance(err error) (bool, error) {
	more, committed, final := c.batches.advance(err)
	if committed {
		c.Result.N += c.batchN
		c.Result.Batches++
	}
	return more, final
}
