package compressor

import (
	"slices"

	"github.com/golang/snappy"
)

// MongoDB uses the snappy block format (not the framed stream format).

func snappyCompress(dst, src []byte) ([]byte, error) {
	n := snappy.MaxEncodedLen(len(src))
	if n < 0 {
		return dst, ErrTooLarge
	}
	dst = slices.Grow(dst, n)
	start := len(dst)
	out := snappy.Encode(dst[start:start+n], src)
	return dst[:start+len(out)], nil
}

func snappyDecompress(dst, src []byte, maxSize int) ([]byte, error) {
	// The block header states the decoded length: check it before reserving
	// anything, so a 5-byte input cannot claim gigabytes.
	n, err := snappy.DecodedLen(src)
	if err != nil {
		return dst, err
	}
	if n > maxSize {
		return dst, ErrTooLarge
	}
	dst = slices.Grow(dst, n)
	start := len(dst)
	if _, err := snappy.Decode(dst[start:start+n], src); err != nil {
		return dst, err
	}
	return dst[:start+n], nil
}
