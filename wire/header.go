package wire

import (
	"encoding/binary"
	"math"
	"strconv"
)

// OpCode identifies the layout of a wire message.
type OpCode int32

// The opcodes this package reads and writes.
const (
	OpReply      OpCode = 1    // legacy reply, answered only to a legacy OP_QUERY hello
	OpQuery      OpCode = 2004 // legacy query, used only for the first hello by old clients
	OpCompressed OpCode = 2012 // a compressed wrapper around another message
	OpMsg        OpCode = 2013 // the extensible message every command uses
)

// String returns the protocol name of op, such as "OP_MSG".
func (op OpCode) String() string {
	switch op {
	case OpReply:
		return "OP_REPLY"
	case OpQuery:
		return "OP_QUERY"
	case OpCompressed:
		return "OP_COMPRESSED"
	case OpMsg:
		return "OP_MSG"
	}
	return "opcode(" + strconv.Itoa(int(op)) + ")"
}

// HeaderLen is the length of the standard message header.
const HeaderLen = 16

// DefaultMaxMessageSize is the server's default maxMessageSizeBytes. Readers
// use it when given a limit of 0 or less.
const DefaultMaxMessageSize = 48_000_000

// Header is the standard header that starts every message. Length counts
// the whole message, header included.
type Header struct {
	Length     int32
	RequestID  int32
	ResponseTo int32
	OpCode     OpCode
}

// AppendHeader appends h in wire format to dst.
func AppendHeader(dst []byte, h Header) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(h.Length))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(h.RequestID))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(h.ResponseTo))
	return binary.LittleEndian.AppendUint32(dst, uint32(h.OpCode))
}

// ParseHeader reads the header at the start of msg. It checks only that 16
// bytes are present and that Length is at least HeaderLen; msg may hold just
// the header.
func ParseHeader(msg []byte) (Header, error) {
	if len(msg) < HeaderLen {
		return Header{}, errf(ErrTruncated, 0, "header", "%d bytes, need %d", len(msg), HeaderLen)
	}
	h := Header{
		Length:     int32(binary.LittleEndian.Uint32(msg)),
		RequestID:  int32(binary.LittleEndian.Uint32(msg[4:])),
		ResponseTo: int32(binary.LittleEndian.Uint32(msg[8:])),
		OpCode:     OpCode(binary.LittleEndian.Uint32(msg[12:])),
	}
	if h.Length < HeaderLen {
		return Header{}, errf(ErrMalformed, 0, "messageLength", "%d is shorter than the header", h.Length)
	}
	return h, nil
}

// parseFrame reads msg's header and checks that msg is exactly one message
// of opcode op.
func parseFrame(msg []byte, op OpCode) (Header, error) {
	h, err := ParseHeader(msg)
	if err != nil {
		return h, err
	}
	if int(h.Length) != len(msg) {
		return h, errf(ErrMalformed, 0, "messageLength", "%d, but the message has %d bytes", h.Length, len(msg))
	}
	if h.OpCode != op {
		return h, errf(ErrMalformed, 12, "opCode", "%v, want %v", h.OpCode, op)
	}
	return h, nil
}

// AppendHeaderPlaceholder starts a message of opcode op in dst: it appends a
// header whose length is left for FinishMessage (or FinishMsg) to fill, and
// returns the extended slice and the offset of the header in it.
func AppendHeaderPlaceholder(dst []byte, requestID, responseTo int32, op OpCode) (b []byte, start int) {
	start = len(dst)
	return AppendHeader(dst, Header{RequestID: requestID, ResponseTo: responseTo, OpCode: op}), start
}

// FinishMessage completes the message that begins at b[start:] by writing
// its length into the header. It fails if start does not leave room for a
// header or the message is longer than an int32 can say.
func FinishMessage(b []byte, start int) ([]byte, error) {
	if start < 0 || len(b)-start < HeaderLen {
		return b, errf(ErrMalformed, 0, "header", "start %d leaves no room for a header in %d bytes", start, len(b))
	}
	n := len(b) - start
	if n > math.MaxInt32 {
		return b, errf(ErrTooLarge, 0, "messageLength", "%d bytes do not fit an int32", n)
	}
	binary.LittleEndian.PutUint32(b[start:], uint32(n))
	return b, nil
}
