package operation

import (
	"errors"
	"fmt"
	"slices"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/wire"
)

// Size allowances of batch splitting.
const (
	// messageOverhead is reserved in every message for the fields Execute
	// appends (lsid, txnNumber, $clusterTime, concerns...), as the bulk
	// write specification allows.
	messageOverhead = 1000
	// commandAllowance is what a statement may exceed maxBsonObjectSize by
	// (write commands specification: 16 MiB + 16 KiB).
	commandAllowance = 16 * 1024
)

// limits are the server limits batch splitting honours, the defaults
// filling in what a description does not say.
type limits struct {
	maxDoc, maxMsg, maxCount int
}

func limitsOf(desc description.Server) limits {
	l := limits{int(desc.MaxBSONObjectSize), int(desc.MaxMessageSizeBytes), int(desc.MaxWriteBatchSize)}
	if l.maxDoc <= 0 {
		l.maxDoc = description.DefaultMaxBSONObjectSize
	}
	if l.maxMsg <= 0 {
		l.maxMsg = description.DefaultMaxMessageSizeBytes
	}
	if l.maxCount <= 0 {
		l.maxCount = description.DefaultMaxWriteBatchSize
	}
	return l
}

// writeBatches splits the documents of an insert, or the statements of an
// update or delete, into batches sent as one document sequence each, and
// merges the write errors of the batches.
type writeBatches struct {
	docs     []bson.Raw
	ident    string // the sequence identifier: documents, updates, deletes
	ordered  bool
	extraMax int // allowance over maxBsonObjectSize for one document

	start, end int
	merged     WriteException
	scratch    []byte
}

// begin starts over with docs.
func (b *writeBatches) begin(docs []bson.Raw, ident string, ordered bool, extraMax int) {
	b.docs, b.ident, b.ordered, b.extraMax = docs, ident, ordered, extraMax
	b.start, b.end = 0, 0
	b.merged = WriteException{}
}

// split chooses the next batch for desc: as many documents from start as
// fit within maxWriteBatchSize and a message of maxMessageSizeBytes with
// the command's body (bodyLen bytes) and the overhead allowance. Before
// the first batch it checks every document, so that a document too large
// fails the write before anything is sent.
func (b *writeBatches) split(cmd string, desc description.Server, bodyLen int) error {
	l := limitsOf(desc)
	if len(b.docs) == 0 {
		return fmt.Errorf("%w: %s", ErrEmptyWrite, cmd)
	}
	if b.start == 0 {
		if err := b.check(cmd, l.maxDoc+b.extraMax); err != nil {
			return err
		}
	}
	budget := l.maxMsg - messageOverhead - (wire.HeaderLen + 4 + 1 + bodyLen) - (1 + 4 + len(b.ident) + 1)
	end, size := b.start, 0
	for end < len(b.docs) && end-b.start < l.maxCount {
		if size+len(b.docs[end]) > budget {
			break
		}
		size += len(b.docs[end])
		end++
	}
	if end == b.start {
		return fmt.Errorf("%w: %s[%d] is %d bytes and does not fit in a %d-byte message", ErrDocumentTooLarge, b.ident, b.start, len(b.docs[b.start]), l.maxMsg)
	}
	b.end = end
	return nil
}

// check verifies the framing and size of every document.
func (b *writeBatches) check(cmd string, maxDoc int) error {
	for i, d := range b.docs {
		if !framed(d) {
			return &ArgumentError{Command: cmd, Field: fmt.Sprintf("%s[%d]", b.ident, i), Problem: "not a BSON document (bad length or terminator)"}
		}
		if len(d) > maxDoc {
			return fmt.Errorf("%w: %s[%d] is %d bytes, over the limit of %d", ErrDocumentTooLarge, b.ident, i, len(d), maxDoc)
		}
	}
	return nil
}

// bounds returns the positions of the current batch; every position
// before the first split.
func (b *writeBatches) bounds(n int) (lo, hi int) {
	if b.end > b.start && b.end <= n {
		return b.start, b.end
	}
	return 0, n
}

// appendSequence appends the current batch as one document sequence.
func (b *writeBatches) appendSequence(dst []byte) []byte {
	// Grow once to the batch's size: append's own growth, 1.25x at these
	// sizes, would allocate and copy a 48 MB message several times over.
	need := 1 + 4 + len(b.ident) + 1
	for _, d := range b.docs[b.start:b.end] {
		need += len(d)
	}
	dst = slices.Grow(dst, need)
	dst, seq := wire.BeginSequence(dst, b.ident)
	for _, d := range b.docs[b.start:b.end] {
		dst = wire.AppendSequenceDocument(dst, d)
	}
	return wire.EndSequence(dst, seq)
}

// advance records the outcome of the current batch. committed reports
// that the batch's counts belong to the result (it ran, possibly with
// write errors). A top-level error stops the write: it is returned, joined
// with the write errors of earlier batches.
func (b *writeBatches) advance(err error) (more, committed bool, final error) {
	writeErrors := 0
	if err != nil {
		we := asWriteException(err)
		if we == nil {
			return false, false, b.finish(err)
		}
		b.mergeErrors(we)
		writeErrors = len(we.WriteErrors)
	}
	b.start = b.end
	stop := b.ordered && writeErrors > 0
	if b.end < len(b.docs) && !stop {
		return true, true, nil
	}
	return false, true, b.finish(nil)
}

// asWriteException returns the *WriteException in err's chain, nil if
// none.
func asWriteException(err error) *WriteException {
	if we, ok := err.(*WriteException); ok {
		return we
	}
	var we *WriteException
	if errors.As(err, &we) {
		return we
	}
	return nil
}

// mergeErrors adds a batch's write errors, write concern error and labels.
func (b *writeBatches) mergeErrors(we *WriteException) {
	b.merged.WriteErrors = append(b.merged.WriteErrors, we.WriteErrors...)
	if we.WriteConcernError != nil {
		b.merged.WriteConcernError = we.WriteConcernError
	}
	for _, l := range we.Labels {
		if !b.merged.HasErrorLabel(l) {
			b.merged.Labels = append(b.merged.Labels, l)
		}
	}
}

// finish returns the error of the whole write: the merged write errors
// (a new value the caller owns), with the top-level error that stopped
// the write, if any.
func (b *writeBatches) finish(top error) error {
	var merged error
	if len(b.merged.WriteErrors) > 0 || b.merged.WriteConcernError != nil {
		we := b.merged
		merged = &we
	}
	b.merged = WriteException{}
	switch {
	case top == nil:
		return merged
	case merged == nil:
		return top
	}
	return errors.Join(top, merged)
}

// bodyLen measures the body of a batched command for split.
func (b *writeBatches) bodyLen(c Command, desc description.Server) int {
	body, _ := c.AppendBody(b.scratch[:0], desc)
	b.scratch = body
	return len(body) + 5
}

// checkPart refuses a query or update document of a statement that is
// larger than maxBsonObjectSize (write commands specification).
func checkPart(ident string, i int, field string, size, limit int) error {
	if size > limit {
		return fmt.Errorf("%w: %s[%d].%s is %d bytes, over the limit of %d", ErrDocumentTooLarge, ident, i, field, size, limit)
	}
	return nil
}
