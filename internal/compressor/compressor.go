package compressor

import "math"

// Compressor compresses with one algorithm and, for zlib, one level. The zero
// value is the noop compressor. A Compressor is a small value, safe for
// concurrent use; make it with New.
type Compressor struct {
	id    ID
	level int8 // zlib level, -1..9
}

// New returns the compressor for id. zlibLevel is the zlibCompressionLevel
// URI option, -1 (the library default, 6) to 9; it is checked for zlib and
// ignored otherwise. New fails with ErrUnknown for a reserved id and ErrLevel
// for a zlib level out of range.
func New(id ID, zlibLevel int) (Compressor, error) {
	if !id.Known() {
		return Compressor{}, &Error{ID: id, Op: "new", Err: ErrUnknown}
	}
	if id != Zlib {
		return Compressor{id: id, level: -1}, nil
	}
	if zlibLevel < -1 || zlibLevel > 9 {
		return Compressor{}, &Error{ID: id, Op: "new", Err: ErrLevel}
	}
	return Compressor{id: id, level: int8(zlibLevel)}, nil
}

// ID returns the id written into OP_COMPRESSED for data this compressor made.
func (c Compressor) ID() ID { return c.id }

// Compress appends src, compressed, to dst and returns the extended slice.
// It fails only for input too large for the format (snappy: about 4 GiB).
func (c Compressor) Compress(dst, src []byte) ([]byte, error) {
	start := len(dst)
	var err error
	switch c.id {
	case Noop:
		return append(dst, src...), nil
	case Snappy:
		dst, err = snappyCompress(dst, src)
	case Zlib:
		dst, err = zlibCompress(dst, src, int(c.level))
	case Zstd:
		dst, err = zstdCompress(dst, src)
	default: // only reachable through a hand-made invalid value
		err = ErrUnknown
	}
	if err != nil {
		return dst[:start], &Error{ID: c.id, Op: "compress", Err: err}
	}
	return dst, nil
}

// Decompress appends the decompression of src by compressor id to dst and
// returns the extended slice. It appends at most maxSize bytes: larger output
// fails with ErrTooLarge, and the input is never expanded beyond that limit
// in memory. Callers that know the exact size (OP_COMPRESSED's
// uncompressedSize) pass it as maxSize, which also lets Decompress reserve
// the right capacity at once (zlib and zstd may reserve up to maxSize before
// decoding). maxSize is clamped to 0..MaxInt32, the range of wire sizes.
func Decompress(id ID, dst, src []byte, maxSize int) ([]byte, error) {
	maxSize = min(max(maxSize, 0), math.MaxInt32)
	start := len(dst)
	var err error
	switch id {
	case Noop:
		if len(src) > maxSize {
			err = ErrTooLarge
			break
		}
		dst = append(dst, src...)
	case Snappy:
		dst, err = snappyDecompress(dst, src, maxSize)
	case Zlib:
		dst, err = zlibDecompress(dst, src, maxSize)
	case Zstd:
		dst, err = zstdDecompress(dst, src, maxSize)
	default:
		err = ErrUnknown
	}
	if err != nil {
		return dst[:start], &Error{ID: id, Op: "decompress", Err: err}
	}
	return dst, nil
}
