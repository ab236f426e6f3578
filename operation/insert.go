package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// InsertOptions are the options of an insert. The zero value is an ordered
// insert with document validation.
type InsertOptions struct {
	// Unordered lets the server continue after a failed document and
	// Execute send every batch.
	Unordered                bool
	BypassDocumentValidation Optional[bool]
	Comment                  bson.RawValue
}

// Insert is the insert command, split into as many batches as the
// server's limits require. The documents are sent as they are: give each
// an _id first (the caller reports inserted ids). A document larger than
// maxBsonObjectSize fails the whole insert before anything is sent.
//
// Execute returns a *WriteException with the write errors of every batch
// (indexes into Documents) and the last write concern error. An error that
// stops the insert midway (network, command failure) is returned joined
// with the write errors of the batches before it; Result counts the
// batches that completed.
type Insert struct {
	DB, Collection string
	Documents      []bson.Raw
	Options        InsertOptions

	// Result is set by Execute.
	Result InsertResult

	batches writeBatches
	batchN  int64
}

// InsertResult counts what an insert did.
type InsertResult struct {
	// N is the number of documents inserted (acknowledged writes only).
	N int64
	// Acknowledged is false for a w: 0 insert: N means nothing.
	Acknowledged bool
	// Batches is the number of commands sent.
	Batches int
}

// Name returns "insert", the command name.
func (c *Insert) Name() string { return "insert" }

// Database returns DB.
func (c *Insert) Database() string { return c.DB }

// Traits: a retryable write with write concern.
func (c *Insert) Traits() Traits {
	return Traits{Write: true, Retry: RetryWrite, WriteConcern: true}
}

// AppendBody appends the insert command without its documents, which
// travel in the "documents" sequence.
func (c *Insert) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "insert"}
	w.str("insert", c.Collection)
	w.b = bson.AppendBooleanElement(w.b, "ordered", !c.Options.Unordered)
	w.optBool("bypassDocumentValidation", c.Options.BypassDocumentValidation)
	w.value("comment", c.Options.Comment)
	return w.done()
}

// Begin starts the insert over.
func (c *Insert) Begin() {
	c.Result = InsertResult{Acknowledged: true}
	c.batches.begin(c.Documents, "documents", !c.Options.Unordered, 0)
}

// Split chooses the next batch of documents.
func (c *Insert) Split(desc description.Server, _ bool) error {
	return c.batches.split("insert", desc, c.batches.bodyLen(c, desc))
}

// AppendSequences appends the batch's documents.
func (c *Insert) AppendSequences(dst []byte) []byte { return c.batches.appendSequence(dst) }

// Decode reads one batch's reply: n, writeErrors and writeConcernError.
func (c *Insert) Decode(_ context.Context, r *Reply) error {
	c.batchN = 0
	if !r.Acknowledged {
		c.Result.Acknowledged = false
		return nil
	}
	c.batchN = int64Field(r.Body, "n")
	return decodeWriteErrors("insert", r.Body, c.batches.start)
}

// Advance merges the batch into the result.
func (c *Insert) Advance(err error) (bool, error) {
	more, committed, final := c.batches.advance(err)
	if committed {
		c.Result.N += c.batchN
		c.Result.Batches++
	}
	return more, final
}

// decodeWriteErrors returns the *WriteException of a write reply, nil when
// it has no write error nor write concern error. A nil *WriteException
// must not become a non-nil error.
func decodeWriteErrors(cmd string, body bson.Raw, base int) error {
	we, err := writeException(cmd, body, base)
	if err != nil {
		return err
	}
	if we == nil {
		return nil
	}
	return we
}
