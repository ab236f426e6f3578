package pool_test

import (
	"context"
	"testing"

	"github.com/cwal-go/cwal/pool"
)

// BenchmarkPingRoundTrip measures one ping over loopback against the fake
// server: encode, write, read, parse. The server runs in the same process,
// so allocs/op includes its share (it reuses its buffers and records
// nothing in quiet mode).
func BenchmarkPingRoundTrip(b *testing.B) {
	for _, comp := range []string{"", "snappy", "zstd", "zlib"} {
		name := comp
		if name == "" {
			name = "uncompressed"
		}
		b.Run(name, func(b *testing.B) {
			s := newFakeServer(b, fakeOptions{quiet: true, compressors: []string{"snappy", "zstd", "zlib"}})
			var comps []string
			if comp != "" {
				comps = []string{comp}
			}
			c := dialFake(b, s, pool.ConnConfig{Compressors: comps})
			cmd := fakeDoc("ping", 1)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := c.RunCommand(ctx, "admin", cmd); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPingRoundTripCancelable is the same with a cancelable context,
// which arms context.AfterFunc on every read and write.
func BenchmarkPingRoundTripCancelable(b *testing.B) {
	s := newFakeServer(b, fakeOptions{quiet: true})
	c := dialFake(b, s, pool.ConnConfig{})
	cmd := fakeDoc("ping", 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := c.RunCommand(ctx, "admin", cmd); err != nil {
			b.Fatal(err)
		}
	}
}
