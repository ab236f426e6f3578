package wire

import (
	"encoding/binary"
	"math"

	"github.com/cwal-go/cwal/bson"
)

// An OP_MSG is built in place, in a buffer the caller reuses:
//
//	b, start := wire.BeginMsg(buf[:0], wire.NextRequestID(), 0, 0)
//	b = wire.AppendBodySection(b, cmd)
//	b, seq := wire.BeginSequence(b, "documents")
//	for _, d := range docs {
//		b = wire.AppendSequenceDocument(b, d)
//	}
//	b = wire.EndSequence(b, seq)
//	b, err := wire.FinishMsg(b, start, false)
//
// Nothing is allocated beyond the growth of b.

// BeginMsg appends an OP_MSG header, with its length left open, and the
// flags. It returns the extended slice and the offset of the message in it,
// for FinishMsg. ChecksumPresent in flags is decided by FinishMsg.
func BeginMsg(dst []byte, requestID, responseTo int32, flags MsgFlags) (b []byte, start int) {
	b, start = AppendHeaderPlaceholder(dst, requestID, responseTo, OpMsg)
	return binary.LittleEndian.AppendUint32(b, uint32(flags)), start
}

// AppendBodySection appends the kind-0 section holding doc, the command or
// reply document. A message has exactly one.
func AppendBodySection(b []byte, doc bson.Raw) []byte {
	b = append(b, sectionBody)
	return append(b, doc...)
}

// BeginSequence opens a kind-1 section (document sequence) named by
// identifier, such as "documents". It returns the extended slice and the
// offset of the section, for EndSequence. Identifiers must be unique within
// a message and contain no NUL byte; FinishMsg rejects one that does.
func BeginSequence(b []byte, identifier string) (_ []byte, seqStart int) {
	seqStart = len(b)
	b = append(b, sectionSequence, 0, 0, 0, 0)
	b = append(b, identifier...)
	return append(b, 0), seqStart
}

// AppendSequenceDocument appends doc to the open sequence.
func AppendSequenceDocument(b []byte, doc bson.Raw) []byte {
	return append(b, doc...)
}

// EndSequence closes the sequence opened at seqStart by writing its size. A
// seqStart that is out of range leaves b unchanged, and FinishMsg reports
// the unsized section.
func EndSequence(b []byte, seqStart int) []byte {
	if seqStart < 0 || len(b)-seqStart < 5 {
		return b
	}
	n := len(b) - seqStart - 1
	if n > math.MaxInt32 {
		n = 0 // FinishMsg rejects the message as too large anyway
	}
	binary.LittleEndian.PutUint32(b[seqStart+1:], uint32(n))
	return b
}

// FinishMsg completes the OP_MSG that starts at b[start:]: it sets or
// clears ChecksumPresent according to checksum, writes the message length,
// and appends the CRC-32C when checksum is true. Before that it checks the
// message as ParseMsg would (framing of every section and document, one
// body, unique identifiers, known required flags), so a malformed message
// is never sent. On error, which names the offset and problem, the message
// is discarded: b is returned cut back to start.
func FinishMsg(b []byte, start int, checksum bool) ([]byte, error) {
	if start < 0 || start > len(b) {
		return b, errf(ErrMalformed, 0, "header", "start %d is outside the %d-byte buffer", start, len(b))
	}
	if err := finishMsg(b[start:], checksum); err != nil {
		return b[:start], err
	}
	if checksum {
		b = appendChecksum(b, start)
	}
	return b, nil
}

// finishMsg checks msg and writes its flags and length.
func finishMsg(msg []byte, checksum bool) error {
	if len(msg) < HeaderLen+4 {
		return errf(ErrMalformed, 0, "header", "%d bytes cannot hold an OP_MSG header and flags", len(msg))
	}
	if op := OpCode(binary.LittleEndian.Uint32(msg[12:])); op != OpMsg {
		return errf(ErrMalformed, 12, "opCode", "%v, want OP_MSG", op)
	}
	n := len(msg)
	if checksum {
		n += 4
	}
	if n > math.MaxInt32 {
		return errf(ErrTooLarge, 0, "messageLength", "%d bytes do not fit an int32", n)
	}
	flags := MsgFlags(binary.LittleEndian.Uint32(msg[HeaderLen:])) &^ ChecksumPresent
	if checksum {
		flags |= ChecksumPresent
	}
	if err := checkFlags(flags, HeaderLen); err != nil {
		return err
	}
	if _, _, err := scanSections(msg, HeaderLen+4, len(msg)); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(msg[HeaderLen:], uint32(flags))
	binary.LittleEndian.PutUint32(msg, uint32(n))
	return nil
}

// AppendMsg appends a complete OP_MSG with only a body section, the shape
// of most commands and replies. On error dst keeps its original length.
func AppendMsg(dst []byte, requestID, responseTo int32, flags MsgFlags, body bson.Raw, checksum bool) ([]byte, error) {
	b, start := BeginMsg(dst, requestID, responseTo, flags)
	b = AppendBodySection(b, body)
	return FinishMsg(b, start, checksum)
}
