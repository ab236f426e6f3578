package wire

import (
	"encoding/binary"
	"iter"

	"github.com/cwal-go/cwal/bson"
)

// docAt checks the framing of the document at b[off:] that must end by end:
// a length prefix of at least 5 that stays within end, and a final 0x00. It
// does not look inside the document. It returns the document's length.
func docAt(b []byte, off, end int, field string) (int, error) {
	// The fast path is kept small enough to inline into the scanning loops.
	if end-off >= 5 && off >= 0 && end <= len(b) {
		n := int(int32(binary.LittleEndian.Uint32(b[off:])))
		if n >= 5 && n <= end-off && b[off+n-1] == 0 {
			return n, nil
		}
	}
	return 0, docError(b, off, end, field)
}

// docError says what is wrong with the document docAt refused.
func docError(b []byte, off, end int, field string) error {
	if end-off < 4 {
		return errf(ErrTruncated, off, field, "%d bytes left, need a 4-byte document length", end-off)
	}
	n := int(int32(binary.LittleEndian.Uint32(b[off:])))
	if n < 5 {
		return errf(ErrMalformed, off, field, "document length %d is less than 5", n)
	}
	if n > end-off {
		return errf(ErrTruncated, off, field, "document length %d overruns the %d bytes left", n, end-off)
	}
	return errf(ErrMalformed, off+n-1, field, "document does not end with 0x00")
}

// checkDocs checks that b[off:end] is exactly a run of framed documents and
// returns how many there are. It repeats docAt's test inline because this
// loop runs once per document of every sequence.
func checkDocs(b []byte, off, end int, field string) (int, error) {
	if off < 0 || end > len(b) {
		return 0, errf(ErrMalformed, max(off, 0), field, "range %d-%d is outside the %d-byte message", off, end, len(b))
	}
	count := 0
	for off < end {
		if end-off < 5 {
			return count, docError(b, off, end, field)
		}
		n := int(int32(binary.LittleEndian.Uint32(b[off:])))
		if n < 5 || n > end-off || b[off+n-1] != 0 {
			return count, docError(b, off, end, field)
		}
		off += n
		count++
	}
	return count, nil
}

// DocIter iterates over a run of concatenated documents (an OP_MSG document
// sequence or the documents of an OP_REPLY) without allocating. The zero
// DocIter yields nothing.
type DocIter struct {
	rest []byte
}

// Next returns the next document, or false at the end. The documents were
// checked when the message was parsed; should the bytes be malformed anyway,
// Next stops rather than panics.
func (it *DocIter) Next() (bson.Raw, bool) {
	if len(it.rest) < 5 {
		return nil, false
	}
	n := int(int32(binary.LittleEndian.Uint32(it.rest)))
	if n < 5 || n > len(it.rest) {
		it.rest = nil
		return nil, false
	}
	doc := bson.Raw(it.rest[:n:n])
	it.rest = it.rest[n:]
	return doc, true
}

// allDocs returns an iterator over the documents in b.
func allDocs(b []byte) iter.Seq[bson.Raw] {
	return func(yield func(bson.Raw) bool) {
		it := DocIter{rest: b}
		for doc, ok := it.Next(); ok; doc, ok = it.Next() {
			if !yield(doc) {
				return
			}
		}
	}
}

// countDocs returns the number of documents in b.
func countDocs(b []byte) int {
	it := DocIter{rest: b}
	n := 0
	for _, ok := it.Next(); ok; _, ok = it.Next() {
		n++
	}
	return n
}
