package wire

import (
	"encoding/binary"
	"errors"
	"io"
)

// ReadMessage reads one whole message, header included, from r into buf,
// reusing buf's capacity, and returns it. It checks the declared length
// against maxSize (DefaultMaxMessageSize when maxSize <= 0) before
// allocating, so a peer cannot make it reserve more. It does not parse the
// body: pass the result to ParseMsg, AppendDecompressed, ParseQuery or
// ParseReply according to its opcode.
//
// I/O errors are returned as they are (io.EOF if r ends before the first
// byte, io.ErrUnexpectedEOF if it ends inside the message, net timeouts
// unchanged); a bad length is a *MessageError.
func ReadMessage(r io.Reader, buf []byte, maxSize int32) ([]byte, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxMessageSize
	}
	if cap(buf) < HeaderLen {
		buf = make([]byte, HeaderLen, 512)
	}
	buf = buf[:HeaderLen]
	if _, err := io.ReadFull(r, buf); err != nil {
		return buf[:0], err
	}
	n := int32(binary.LittleEndian.Uint32(buf))
	if n < HeaderLen {
		return buf[:0], errf(ErrMalformed, 0, "messageLength", "%d is shorter than the header", n)
	}
	if n > maxSize {
		return buf[:0], errf(ErrTooLarge, 0, "messageLength", "%d exceeds the limit of %d bytes", n, maxSize)
	}
	if cap(buf) < int(n) {
		grown := make([]byte, n)
		copy(grown, buf)
		buf = grown
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf[HeaderLen:]); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return buf[:0], err
	}
	return buf, nil
}
