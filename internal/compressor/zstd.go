package compressor

import (
	"errors"
	"slices"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// The zstd encoder and decoder are built once: EncodeAll and DecodeAll are
// safe for concurrent use and keep their own internal pools.
var (
	zstdEncoder = sync.OnceValues(func() (*zstd.Encoder, error) {
		return zstd.NewWriter(nil,
			zstd.WithEncoderLevel(zstd.SpeedDefault),
			// An empty input must still be a valid frame for other decoders.
			zstd.WithZeroFrames(true))
	})
	zstdDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
		return zstd.NewReader(nil,
			// Limit DecodeAll to the capacity we hand it: that is our maxSize.
			zstd.WithDecodeAllCapLimit(true),
			zstd.WithDecoderMaxMemory(1<<31),
			zstd.WithDecoderConcurrency(0))
	})
)

func zstdCompress(dst, src []byte) ([]byte, error) {
	enc, err := zstdEncoder()
	if err != nil {
		return dst, err
	}
	return enc.EncodeAll(src, dst), nil
}

func zstdDecompress(dst, src []byte, maxSize int) ([]byte, error) {
	dec, err := zstdDecoder()
	if err != nil {
		return dst, err
	}
	// A frame that states its size lets us refuse it before reserving memory.
	var h zstd.Header
	if h.Decode(src) == nil && h.HasFCS && h.FrameContentSize > uint64(maxSize) {
		return dst, ErrTooLarge
	}
	start := len(dst)
	dst = slices.Grow(dst, maxSize)
	out, err := dec.DecodeAll(src, dst[:start:start+maxSize])
	if err != nil {
		if errors.Is(err, zstd.ErrDecoderSizeExceeded) {
			err = ErrTooLarge
		}
		return dst, err
	}
	if len(out) == start {
		return dst, nil
	}
	// With the cap limit DecodeAll writes in place; keep the caller's full
	// capacity rather than the capped slice. Copy only if it did not.
	full := dst[:len(out)]
	if &full[start] != &out[start] {
		copy(full[start:], out[start:])
	}
	return full, nil
}
