package compressor_test

import (
	"testing"

	"github.com/cwal-go/cwal/internal/compressor"
)

// benchPayload is about 30 KB of BSON-like, moderately compressible data,
// the size of a typical batch reply.
func benchPayload() []byte { return payloads()["repetitive"][:30_000] }

func BenchmarkCompress(b *testing.B) {
	src := benchPayload()
	for _, id := range allIDs {
		b.Run(id.String(), func(b *testing.B) {
			c := mustNew(b, id, -1)
			dst := make([]byte, 0, 2*len(src))
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				dst, err = c.Compress(dst[:0], src)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(dst))/float64(len(src)), "ratio")
		})
	}
}

func BenchmarkDecompress(b *testing.B) {
	src := benchPayload()
	for _, id := range allIDs {
		b.Run(id.String(), func(b *testing.B) {
			comp, err := mustNew(b, id, -1).Compress(nil, src)
			if err != nil {
				b.Fatal(err)
			}
			dst := make([]byte, 0, len(src))
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				dst, err = compressor.Decompress(id, dst[:0], comp, len(src))
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
