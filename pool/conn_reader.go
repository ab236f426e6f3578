package pool

import (
	"encoding/binary"
	"errors"
	"io"
	"strconv"

	"github.com/cwal-go/cwal/wire"
)

// msgReader reads one wire message at a time into a reused buffer and can
// resume a message whose read was interrupted: the bytes already read are
// kept, so a later call (Drain) finishes the same message instead of
// misreading its middle as a header. A message is never returned half
// read.
type msgReader struct {
	buf  []byte
	n    int // bytes of the current message read so far
	size int // its declared length once the header is in; 0 before
}

// started reports whether a message is partly read.
func (r *msgReader) started() bool { return r.n > 0 }

// read returns the next whole message, a view valid until the next call.
// Errors from src are returned as they are, with io.EOF inside a message
// turned into io.ErrUnexpectedEOF; a bad length is a *wire.MessageError.
func (r *msgReader) read(src io.Reader, maxSize int32) ([]byte, error) {
	if r.n == 0 && (cap(r.buf) < wire.HeaderLen || cap(r.buf) > maxRetainedBuffer) {
		r.buf = make([]byte, 0, 16<<10)
	}
	if r.size == 0 {
		if err := r.fill(src, wire.HeaderLen); err != nil {
			return nil, err
		}
		size, err := checkLength(r.buf[:wire.HeaderLen], maxSize)
		if err != nil {
			return nil, err
		}
		if cap(r.buf) < size {
			var grown []byte
			if size > maxRetainedBuffer {
				grown = largeBuffer(size)[:wire.HeaderLen]
			} else {
				grown = make([]byte, wire.HeaderLen, size)
			}
			copy(grown, r.buf[:wire.HeaderLen])
			r.buf = grown
		}
		r.size = size
	}
	if err := r.fill(src, r.size); err != nil {
		return nil, err
	}
	msg := r.buf[:r.size]
	r.n, r.size = 0, 0
	return msg, nil
}

// fill reads until the message has want bytes.
func (r *msgReader) fill(src io.Reader, want int) error {
	b := r.buf[:want]
	for r.n < want {
		m, err := src.Read(b[r.n:want])
		r.n += m
		if r.n >= want {
			return nil
		}
		if err != nil {
			if errors.Is(err, io.EOF) && r.n > 0 {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
	}
	return nil
}

// checkLength validates a header's messageLength before anything is
// allocated for it.
func checkLength(header []byte, maxSize int32) (int, error) {
	n := int32(binary.LittleEndian.Uint32(header))
	if n < wire.HeaderLen {
		return 0, &wire.MessageError{Field: "messageLength", Problem: strconv.Itoa(int(n)) + " is shorter than the header", Err: wire.ErrMalformed}
	}
	if n > maxSize {
		return 0, &wire.MessageError{Field: "messageLength", Problem: strconv.Itoa(int(n)) + " exceeds the limit of " + strconv.Itoa(int(maxSize)) + " bytes", Err: wire.ErrTooLarge}
	}
	return int(n), nil
}
