package wire

import (
	"encoding/binary"
	"fmt"

	"github.com/cwal-go/cwal/internal/compressor"
)

// compressedPrefix is originalOpcode, uncompressedSize and compressorId.
const compressedPrefix = 4 + 4 + 1

// Compressed is a parsed OP_COMPRESSED: a view into the message bytes.
type Compressed struct {
	Header           Header
	OriginalOpCode   OpCode
	UncompressedSize int32 // of the wrapped message without its header
	CompressorID     compressor.ID
	Data             []byte // the compressed message body
}

// ParseCompressed parses one whole OP_COMPRESSED, header included. It
// rejects a negative uncompressedSize and a wrapped OP_COMPRESSED; the
// compressor id is checked by AppendDecompressed.
func ParseCompressed(msg []byte) (Compressed, error) {
	h, err := parseFrame(msg, OpCompressed)
	if err != nil {
		return Compressed{}, err
	}
	if len(msg) < HeaderLen+compressedPrefix {
		return Compressed{}, errf(ErrTruncated, HeaderLen, "OP_COMPRESSED", "%d bytes, need %d before the data", len(msg), HeaderLen+compressedPrefix)
	}
	c := Compressed{
		Header:           h,
		OriginalOpCode:   OpCode(binary.LittleEndian.Uint32(msg[HeaderLen:])),
		UncompressedSize: int32(binary.LittleEndian.Uint32(msg[HeaderLen+4:])),
		CompressorID:     compressor.ID(msg[HeaderLen+8]),
		Data:             msg[HeaderLen+compressedPrefix:],
	}
	if c.OriginalOpCode == OpCompressed {
		return Compressed{}, errf(ErrMalformed, HeaderLen, "originalOpcode", "OP_COMPRESSED wraps another OP_COMPRESSED")
	}
	if c.UncompressedSize < 0 {
		return Compressed{}, errf(ErrMalformed, HeaderLen+4, "uncompressedSize", "%d is negative", c.UncompressedSize)
	}
	return c, nil
}

// AppendDecompressed unwraps the OP_COMPRESSED msg: it appends to dst the
// original message, with a header carrying the original opcode and msg's
// request and response ids, and returns the extended slice. It checks the
// resulting size against maxSize (DefaultMaxMessageSize when <= 0) before
// allocating, and that the data decompresses to exactly uncompressedSize
// bytes. On error dst is returned with its original length.
func AppendDecompressed(dst, msg []byte, maxSize int32) ([]byte, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxMessageSize
	}
	c, err := ParseCompressed(msg)
	if err != nil {
		return dst, err
	}
	size := int(c.UncompressedSize)
	if size > int(maxSize)-HeaderLen {
		return dst, errf(ErrTooLarge, HeaderLen+4, "uncompressedSize", "%d plus the header exceeds the limit of %d bytes", size, maxSize)
	}
	if !c.CompressorID.Known() {
		return dst, errf(ErrUnsupported, HeaderLen+8, "compressorId", "unknown compressor %d", c.CompressorID)
	}
	start := len(dst)
	b := AppendHeader(dst, Header{
		Length:     int32(HeaderLen + size),
		RequestID:  c.Header.RequestID,
		ResponseTo: c.Header.ResponseTo,
		OpCode:     c.OriginalOpCode,
	})
	b, err = compressor.Decompress(c.CompressorID, b, c.Data, size)
	if err != nil {
		return b[:start], &MessageError{Offset: HeaderLen + compressedPrefix, Field: "compressedMessage",
			Problem: err.Error(), Err: fmt.Errorf("%w: %w", ErrMalformed, err)}
	}
	if got := len(b) - start - HeaderLen; got != size {
		return b[:start], errf(ErrMalformed, HeaderLen+4, "uncompressedSize", "%d, but the data decompresses to %d bytes", size, got)
	}
	return b, nil
}

// AppendCompressed appends to dst an OP_COMPRESSED wrapping the whole
// message msg (header included, as built by FinishMsg), compressed by c. The
// wrapper keeps msg's request and response ids. Whether a command may be
// compressed at all is ShouldCompress's question. On error dst is returned
// with its original length.
func AppendCompressed(dst, msg []byte, c compressor.Compressor) ([]byte, error) {
	h, err := ParseHeader(msg)
	if err != nil {
		return dst, err
	}
	if int(h.Length) != len(msg) {
		return dst, errf(ErrMalformed, 0, "messageLength", "%d, but the message has %d bytes", h.Length, len(msg))
	}
	if h.OpCode == OpCompressed {
		return dst, errf(ErrMalformed, 12, "opCode", "the message is already compressed")
	}
	b, start := AppendHeaderPlaceholder(dst, h.RequestID, h.ResponseTo, OpCompressed)
	b = binary.LittleEndian.AppendUint32(b, uint32(h.OpCode))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(msg)-HeaderLen))
	b = append(b, byte(c.ID()))
	b, err = c.Compress(b, msg[HeaderLen:])
	if err == nil {
		b, err = FinishMessage(b, start)
	}
	if err != nil {
		return b[:start], err
	}
	return b, nil
}

// ShouldCompress reports whether a command may be sent compressed. The
// OP_COMPRESSED specification forbids compressing the handshake and
// authentication commands: hello, legacy hello (isMaster, ismaster),
// saslStart, saslContinue, getnonce, authenticate, createUser, updateUser,
// copydbSaslStart, copydbgetnonce and copydb. Names are matched exactly, as
// the server matches them.
func ShouldCompress(commandName string) bool {
	switch commandName {
	case "hello", "isMaster", "ismaster", "saslStart", "saslContinue", "getnonce",
		"authenticate", "createUser", "updateUser", "copydbSaslStart", "copydbgetnonce", "copydb":
		return false
	}
	return true
}
