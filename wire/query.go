package wire

import (
	"bytes"
	"encoding/binary"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// QueryFlags are the flags of a legacy OP_QUERY.
type QueryFlags int32

// The OP_QUERY flag bits (bit 0 is reserved).
const (
	QueryTailableCursor  QueryFlags = 1 << 1
	QuerySecondaryOK     QueryFlags = 1 << 2 // "SlaveOk" in the legacy reference
	QueryOplogReplay     QueryFlags = 1 << 3
	QueryNoCursorTimeout QueryFlags = 1 << 4
	QueryAwaitData       QueryFlags = 1 << 5
	QueryExhaust         QueryFlags = 1 << 6
	QueryPartial         QueryFlags = 1 << 7
)

// Query is a legacy OP_QUERY. cwal never sends one to a server; the test
// server reads it because other drivers may open a connection with a legacy
// hello ({isMaster: 1} on "admin.$cmd"). Documents are views.
type Query struct {
	Header             Header
	Flags              QueryFlags
	FullCollectionName string // "db.collection"; "db.$cmd" for a command
	NumberToSkip       int32
	NumberToReturn     int32
	Query              bson.Raw
	// ReturnFieldsSelector is nil when the message has none.
	ReturnFieldsSelector bson.Raw
}

// ParseQuery parses one whole OP_QUERY, header included. It checks the
// framing of both documents and that nothing follows them.
func ParseQuery(msg []byte) (Query, error) {
	h, err := parseFrame(msg, OpQuery)
	if err != nil {
		return Query{}, err
	}
	off := HeaderLen
	if len(msg)-off < 4 {
		return Query{}, errf(ErrTruncated, off, "flags", "message ends before the flags")
	}
	q := Query{Header: h, Flags: QueryFlags(binary.LittleEndian.Uint32(msg[off:]))}
	off += 4
	nul := bytes.IndexByte(msg[off:], 0)
	if nul < 0 {
		return Query{}, errf(ErrMalformed, off, "fullCollectionName", "not NUL-terminated")
	}
	q.FullCollectionName = string(msg[off : off+nul])
	off += nul + 1
	if len(msg)-off < 8 {
		return Query{}, errf(ErrTruncated, off, "numberToSkip", "message ends before numberToSkip and numberToReturn")
	}
	q.NumberToSkip = int32(binary.LittleEndian.Uint32(msg[off:]))
	q.NumberToReturn = int32(binary.LittleEndian.Uint32(msg[off+4:]))
	off += 8
	n, err := docAt(msg, off, len(msg), "query")
	if err != nil {
		return Query{}, err
	}
	q.Query = msg[off : off+n : off+n]
	off += n
	if off == len(msg) {
		return q, nil
	}
	n, err = docAt(msg, off, len(msg), "returnFieldsSelector")
	if err != nil {
		return Query{}, err
	}
	if off+n != len(msg) {
		return Query{}, errf(ErrMalformed, off+n, "returnFieldsSelector", "%d bytes follow the last document", len(msg)-off-n)
	}
	q.ReturnFieldsSelector = msg[off:len(msg):len(msg)]
	return q, nil
}

// AppendQuery appends q as an OP_QUERY, with the request and response ids of
// q.Header (its Length and OpCode are computed). It exists for tests that
// play an old client. It checks the documents' framing and that the
// collection name has no NUL; on error dst keeps its original length.
func AppendQuery(dst []byte, q Query) ([]byte, error) {
	if strings.IndexByte(q.FullCollectionName, 0) >= 0 {
		return dst, errf(ErrMalformed, HeaderLen+4, "fullCollectionName", "contains a NUL byte")
	}
	b, start := AppendHeaderPlaceholder(dst, q.Header.RequestID, q.Header.ResponseTo, OpQuery)
	b = binary.LittleEndian.AppendUint32(b, uint32(q.Flags))
	b = append(b, q.FullCollectionName...)
	b = append(b, 0)
	b = binary.LittleEndian.AppendUint32(b, uint32(q.NumberToSkip))
	b = binary.LittleEndian.AppendUint32(b, uint32(q.NumberToReturn))
	b = append(b, q.Query...)
	if q.ReturnFieldsSelector != nil {
		b = append(b, q.ReturnFieldsSelector...)
	}
	b, err := FinishMessage(b, start)
	if err == nil {
		_, err = ParseQuery(b[start:])
	}
	if err != nil {
		return b[:start], err
	}
	return b, nil
}
