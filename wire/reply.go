package wire

import (
	"encoding/binary"
	"iter"

	"github.com/cwal-go/cwal/bson"
)

// ReplyFlags are the responseFlags of a legacy OP_REPLY.
type ReplyFlags int32

// The OP_REPLY flag bits.
const (
	ReplyCursorNotFound   ReplyFlags = 1 << 0
	ReplyQueryFailure     ReplyFlags = 1 << 1
	ReplyShardConfigStale ReplyFlags = 1 << 2
	ReplyAwaitCapable     ReplyFlags = 1 << 3
)

// replyPrefix is responseFlags, cursorID, startingFrom and numberReturned.
const replyPrefix = 4 + 8 + 4 + 4

// Reply is a legacy OP_REPLY, the answer to an OP_QUERY. The test server
// writes one to answer a legacy hello; cwal's tests read it back.
type Reply struct {
	Header         Header
	Flags          ReplyFlags
	CursorID       int64
	StartingFrom   int32
	NumberReturned int32

	docs []byte
}

// Documents returns an allocation-free iterator over the documents.
func (r Reply) Documents() DocIter { return DocIter{rest: r.docs} }

// All returns the documents as a range-over-func iterator.
func (r Reply) All() iter.Seq[bson.Raw] { return allDocs(r.docs) }

// ParseReply parses one whole OP_REPLY, header included. It checks the
// framing of every document and that there are numberReturned of them.
func ParseReply(msg []byte) (Reply, error) {
	h, err := parseFrame(msg, OpReply)
	if err != nil {
		return Reply{}, err
	}
	off := HeaderLen
	if len(msg)-off < replyPrefix {
		return Reply{}, errf(ErrTruncated, off, "responseFlags", "%d bytes left, need %d before the documents", len(msg)-off, replyPrefix)
	}
	r := Reply{
		Header:         h,
		Flags:          ReplyFlags(binary.LittleEndian.Uint32(msg[off:])),
		CursorID:       int64(binary.LittleEndian.Uint64(msg[off+4:])),
		StartingFrom:   int32(binary.LittleEndian.Uint32(msg[off+12:])),
		NumberReturned: int32(binary.LittleEndian.Uint32(msg[off+16:])),
	}
	off += replyPrefix
	count, err := checkDocs(msg, off, len(msg), "document")
	if err != nil {
		return Reply{}, err
	}
	if int64(count) != int64(r.NumberReturned) {
		return Reply{}, errf(ErrMalformed, HeaderLen+16, "numberReturned", "%d, but the message holds %d documents", r.NumberReturned, count)
	}
	r.docs = msg[off:]
	return r, nil
}

// AppendReply appends an OP_REPLY answering request responseTo and holding
// docs. numberReturned is len(docs). It checks the documents' framing; on
// error dst keeps its original length.
func AppendReply(dst []byte, requestID, responseTo int32, flags ReplyFlags, cursorID int64, startingFrom int32, docs ...bson.Raw) ([]byte, error) {
	b, start := AppendHeaderPlaceholder(dst, requestID, responseTo, OpReply)
	b = binary.LittleEndian.AppendUint32(b, uint32(flags))
	b = binary.LittleEndian.AppendUint64(b, uint64(cursorID))
	b = binary.LittleEndian.AppendUint32(b, uint32(startingFrom))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(docs)))
	for _, d := range docs {
		b = append(b, d...)
	}
	b, err := FinishMessage(b, start)
	if err == nil {
		_, err = ParseReply(b[start:])
	}
	if err != nil {
		return b[:start], err
	}
	return b, nil
}
