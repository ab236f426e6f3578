package wire

import (
	"encoding/binary"
	"iter"

	"github.com/cwal-go/cwal/bson"
)

// MsgFlags are the flagBits of an OP_MSG. The low 16 bits are required
// bits: a reader must reject any it does not know. The high 16 bits are
// optional and ignored when unknown.
type MsgFlags uint32

// The OP_MSG flag bits.
const (
	// ChecksumPresent says a CRC-32C of the message follows the sections.
	ChecksumPresent MsgFlags = 1 << 0
	// MoreToCome on a request says no reply is wanted (unacknowledged
	// writes); on a reply it says another reply follows (exhaust).
	MoreToCome MsgFlags = 1 << 1
	// ExhaustAllowed on a request says the sender accepts several replies.
	ExhaustAllowed MsgFlags = 1 << 16
)

const (
	requiredFlagBits = 0xffff
	knownFlagBits    = ChecksumPresent | MoreToCome
)

// Section kinds (payloadType).
const (
	sectionBody     = 0
	sectionSequence = 1
)

// Msg is a parsed OP_MSG: a view into the message bytes, valid as long as
// they are not modified or reused.
type Msg struct {
	Header Header
	// Flags as received. ChecksumPresent set means the checksum was verified.
	Flags MsgFlags
	// Body is the kind-0 section's document, framing checked (length and
	// final 0x00), contents not validated.
	Body bson.Raw

	sections []byte // all sections, framing checked, checksum excluded
	nseq     int
}

// NumSequences returns the number of kind-1 sections (document sequences).
func (m Msg) NumSequences() int { return m.nseq }

// Sequence returns the document sequence with the given identifier, such as
// "documents" for an insert, and whether there is one. It does not allocate.
func (m Msg) Sequence(identifier string) (Sequence, bool) {
	for off := 0; ; {
		s, next, ok := nextSequence(m.sections, off)
		if !ok {
			return Sequence{}, false
		}
		if string(s.id) == identifier {
			return s, true
		}
		off = next
	}
}

// Sequences returns an iterator over the document sequences in message
// order.
func (m Msg) Sequences() iter.Seq[Sequence] {
	b := m.sections
	return func(yield func(Sequence) bool) {
		for off := 0; ; {
			s, next, ok := nextSequence(b, off)
			if !ok || !yield(s) {
				return
			}
			off = next
		}
	}
}

// nextSequence returns the first kind-1 section at or after off in b, which
// holds sections already checked by scanSections, and the offset after it.
// It reports false at the end, and on malformed bytes instead of panicking.
func nextSequence(b []byte, off int) (Sequence, int, bool) {
	for off < len(b) {
		if len(b)-off < 5 {
			return Sequence{}, 0, false
		}
		n := int(int32(binary.LittleEndian.Uint32(b[off+1:])))
		if n < 5 || n > len(b)-off-1 {
			return Sequence{}, 0, false
		}
		if b[off] == sectionBody {
			off += 1 + n
			continue
		}
		sec := b[off+5 : off+1+n]
		for i, c := range sec {
			if c == 0 {
				return Sequence{id: sec[:i:i], docs: sec[i+1:]}, off + 1 + n, true
			}
		}
		return Sequence{}, 0, false
	}
	return Sequence{}, 0, false
}

// Sequence is a view of one kind-1 section of an OP_MSG: an identifier
// naming the command argument and the documents that are its value.
type Sequence struct {
	id   []byte
	docs []byte
}

// Identifier returns the sequence's identifier, such as "documents". It
// returns a copy, so it allocates.
func (s Sequence) Identifier() string { return string(s.id) }

// Documents returns an allocation-free iterator over the documents.
func (s Sequence) Documents() DocIter { return DocIter{rest: s.docs} }

// All returns the documents as a range-over-func iterator.
func (s Sequence) All() iter.Seq[bson.Raw] { return allDocs(s.docs) }

// Len returns the number of documents. It walks the sequence.
func (s Sequence) Len() int { return countDocs(s.docs) }

// Bytes returns the documents as they are on the wire, concatenated.
func (s Sequence) Bytes() []byte { return s.docs }
