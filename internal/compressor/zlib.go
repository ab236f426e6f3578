package compressor

import (
	"bytes"
	"compress/zlib"
	"io"
	"slices"
	"sync"
)

// zlibWriters holds one pool per level (-1..9 at index level+1): a
// zlib.Writer allocates about 250 KiB of state, so reusing it matters.
var zlibWriters [11]sync.Pool

// zlibWriter is a pooled zlib.Writer with the appending sink it writes to.
type zlibWriter struct {
	zw   *zlib.Writer
	sink appendWriter
}

// appendWriter is an io.Writer that appends to a byte slice.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

func zlibCompress(dst, src []byte, level int) ([]byte, error) {
	pool := &zlibWriters[level+1]
	w, _ := pool.Get().(*zlibWriter)
	if w == nil {
		w = new(zlibWriter)
		zw, err := zlib.NewWriterLevel(&w.sink, level)
		if err != nil {
			return dst, err
		}
		w.zw = zw
	} else {
		w.zw.Reset(&w.sink)
	}
	w.sink.b = dst
	_, err := w.zw.Write(src)
	if err == nil {
		err = w.zw.Close()
	}
	out := w.sink.b
	w.sink.b = nil // the pool must not keep the caller's buffer alive
	pool.Put(w)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// zlibReader is a pooled zlib reader with the bytes.Reader it reads from.
type zlibReader struct {
	src bytes.Reader
	zr  io.ReadCloser
}

var zlibReaders sync.Pool

func getZlibReader(src []byte) (*zlibReader, error) {
	r, _ := zlibReaders.Get().(*zlibReader)
	if r == nil {
		r = new(zlibReader)
	}
	r.src.Reset(src)
	if r.zr == nil {
		zr, err := zlib.NewReader(&r.src)
		if err != nil {
			return nil, err
		}
		r.zr = zr
		return r, nil
	}
	if err := r.zr.(zlib.Resetter).Reset(&r.src, nil); err != nil {
		putZlibReader(r)
		return nil, err
	}
	return r, nil
}

func putZlibReader(r *zlibReader) {
	r.src.Reset(nil)
	zlibReaders.Put(r)
}

// maxDeflateRatio bounds how much deflate can expand its input (about
// 1032:1), so a short input never earns a large reservation.
const maxDeflateRatio = 1032

func zlibDecompress(dst, src []byte, maxSize int) ([]byte, error) {
	r, err := getZlibReader(src)
	if err != nil {
		return dst, err
	}
	defer putZlibReader(r)
	start := len(dst)
	reserve := min(maxSize, len(src)*maxDeflateRatio+64)
	dst = slices.Grow(dst, reserve)
	return readLimited(r.zr, dst, start+maxSize)
}

// readLimited appends everything r yields to dst, failing with ErrTooLarge
// as soon as the length would pass limit. It reads to EOF so that the
// stream's checksum is verified.
func readLimited(r io.Reader, dst []byte, limit int) ([]byte, error) {
	for {
		if len(dst) == limit {
			return dst, expectEOF(r)
		}
		if len(dst) == cap(dst) {
			// Double, but never reserve past the limit.
			dst = slices.Grow(dst, min(max(cap(dst), 512), limit-len(dst)))
		}
		n, err := r.Read(dst[len(dst):min(cap(dst), limit)])
		dst = dst[:len(dst)+n]
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
	}
}

// expectEOF succeeds if r has nothing more to give.
func expectEOF(r io.Reader) error {
	var probe [1]byte
	for {
		n, err := r.Read(probe[:])
		if n > 0 {
			return ErrTooLarge
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
