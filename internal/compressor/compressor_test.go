package compressor_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/internal/compressor"
	"github.com/golang/snappy"
	"github.com/klauspost/compress/zstd"
)

var allIDs = []compressor.ID{compressor.Noop, compressor.Snappy, compressor.Zlib, compressor.Zstd}

// payloads returns inputs of the shapes that matter: empty, tiny,
// compressible (BSON-like repetition) and incompressible.
func payloads() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 100_000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	var rep []byte
	for i := range 2000 {
		rep = binary.LittleEndian.AppendUint32(rep, uint32(i))
		rep = append(rep, "\x10field\x00\x01\x00\x00\x00"...)
	}
	return map[string][]byte{"empty": {}, "one": {7}, "repetitive": rep, "random": random}
}

func mustNew(t testing.TB, id compressor.ID, level int) compressor.Compressor {
	t.Helper()
	c, err := compressor.New(id, level)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	for _, id := range allIDs {
		for name, src := range payloads() {
			t.Run(id.String()+"/"+name, func(t *testing.T) {
				c := mustNew(t, id, -1)
				prefix := []byte("keep")
				comp, err := c.Compress(append([]byte(nil), prefix...), src)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(comp, prefix) {
					t.Fatalf("Compress overwrote dst's prefix")
				}
				out, err := compressor.Decompress(id, []byte("pre"), comp[len(prefix):], len(src))
				if err != nil {
					t.Fatal(err)
				}
				if string(out[:3]) != "pre" || !bytes.Equal(out[3:], src) {
					t.Fatalf("round trip mismatch: got %d bytes, want %d", len(out)-3, len(src))
				}
			})
		}
	}
}

func TestZlibLevels(t *testing.T) {
	src := payloads()["repetitive"]
	sizes := map[int]int{}
	for level := -1; level <= 9; level++ {
		c := mustNew(t, compressor.Zlib, level)
		comp, err := c.Compress(nil, src)
		if err != nil {
			t.Fatalf("level %d: %v", level, err)
		}
		sizes[level] = len(comp)
		out, err := compressor.Decompress(compressor.Zlib, nil, comp, len(src))
		if err != nil || !bytes.Equal(out, src) {
			t.Fatalf("level %d: round trip failed: %v", level, err)
		}
	}
	if sizes[0] <= len(src) || sizes[9] >= sizes[0] {
		t.Errorf("levels have no effect: level 0 %d bytes, level 9 %d bytes (input %d)", sizes[0], sizes[9], len(src))
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		id    compressor.ID
		level int
		want  error
	}{
		{compressor.Zlib, -2, compressor.ErrLevel},
		{compressor.Zlib, 10, compressor.ErrLevel},
		{4, 0, compressor.ErrUnknown},
		{255, 0, compressor.ErrUnknown},
	}
	for _, tt := range tests {
		_, err := compressor.New(tt.id, tt.level)
		if !errors.Is(err, tt.want) {
			t.Errorf("New(%v, %d) = %v, want %v", tt.id, tt.level, err, tt.want)
		}
	}
	// The level is ignored for compressors that have none.
	if _, err := compressor.New(compressor.Snappy, 42); err != nil {
		t.Errorf("New(snappy, 42) = %v, want nil", err)
	}
}

func TestNames(t *testing.T) {
	for _, id := range allIDs[1:] {
		got, ok := compressor.ByName(id.String())
		if !ok || got != id {
			t.Errorf("ByName(%q) = %v, %v", id.String(), got, ok)
		}
	}
	for _, name := range []string{"noop", "Snappy", "ZLIB", "snoopy", ""} {
		if _, ok := compressor.ByName(name); ok {
			t.Errorf("ByName(%q) accepted", name)
		}
	}
	if s := compressor.ID(9).String(); s != "compressor(9)" {
		t.Errorf("ID(9).String() = %q", s)
	}
}

func TestDecompressLimit(t *testing.T) {
	src := payloads()["repetitive"]
	for _, id := range allIDs {
		t.Run(id.String(), func(t *testing.T) {
			comp, err := mustNew(t, id, -1).Compress(nil, src)
			if err != nil {
				t.Fatal(err)
			}
			for _, limit := range []int{0, 1, len(src) / 2, len(src) - 1} {
				out, err := compressor.Decompress(id, []byte("x"), comp, limit)
				if !errors.Is(err, compressor.ErrTooLarge) {
					t.Errorf("limit %d: err = %v, want ErrTooLarge", limit, err)
				}
				if string(out) != "x" {
					t.Errorf("limit %d: dst not restored: %d bytes", limit, len(out))
				}
			}
			// A generous limit is a limit, not a size.
			if _, err := compressor.Decompress(id, nil, comp, 10*len(src)); err != nil {
				t.Errorf("limit 10x: %v", err)
			}
		})
	}
}

func TestDecompressCorrupt(t *testing.T) {
	src := payloads()["repetitive"]
	for _, id := range allIDs[1:] {
		t.Run(id.String(), func(t *testing.T) {
			comp, err := mustNew(t, id, -1).Compress(nil, src)
			if err != nil {
				t.Fatal(err)
			}
			cases := map[string][]byte{
				"empty-ish": {0xff},
				"truncated": comp[:len(comp)/2],
			}
			if id != compressor.Snappy { // snappy blocks carry no checksum
				cases["flipped"] = flip(comp, len(comp)-3)
			}
			for name, in := range cases {
				_, err := compressor.Decompress(id, nil, in, len(src))
				var ce *compressor.Error
				if !errors.As(err, &ce) || ce.ID != id || ce.Op != "decompress" {
					t.Errorf("%s: err = %v, want *Error for %v", name, err, id)
				}
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x55
	return c
}

func TestDecompressUnknown(t *testing.T) {
	_, err := compressor.Decompress(7, nil, []byte("abc"), 10)
	if !errors.Is(err, compressor.ErrUnknown) {
		t.Fatalf("err = %v, want ErrUnknown", err)
	}
}

// TestHostileSizes checks that inputs claiming or expanding to huge sizes are
// refused without allocating anywhere near those sizes.
func TestHostileSizes(t *testing.T) {
	const limit = 1 << 20
	zeros := make([]byte, 16<<20)
	var zb bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&zb, 9)
	zw.Write(zeros)
	zw.Close()
	enc, _ := zstd.NewWriter(nil)
	zstdNoFCS := zstdWithoutSize(t, zeros)
	cases := []struct {
		name   string
		id     compressor.ID
		in     []byte
		anyErr bool // the library reports its own error, not ErrTooLarge
	}{
		// A snappy header is a uvarint length: this claims 2 GiB in 5 bytes.
		{"snappy-claim", compressor.Snappy, []byte{0x80, 0x80, 0x80, 0x80, 0x08}, false},
		{"snappy-bomb", compressor.Snappy, snappy.Encode(nil, zeros), false},
		{"zlib-bomb", compressor.Zlib, zb.Bytes(), false},
		{"zstd-bomb", compressor.Zstd, enc.EncodeAll(zeros, nil), false},
		// Without a content size the zstd library stops at the capacity we
		// give it but reports a generic error.
		{"zstd-bomb-nofcs", compressor.Zstd, zstdNoFCS, true},
		{"noop", compressor.Noop, zeros, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := compressor.Decompress(tc.id, nil, tc.in, limit)
			runtime.ReadMemStats(&after)
			if err == nil || !tc.anyErr && !errors.Is(err, compressor.ErrTooLarge) {
				t.Fatalf("err = %v, want ErrTooLarge", err)
			}
			// The limit plus decoder state and one zstd block of slack.
			got := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %d bytes (limit %d): %v", got, limit, err)
			if got > 4*limit {
				t.Errorf("allocated %d bytes for a %d-byte limit", got, limit)
			}
		})
	}
}

// zstdWithoutSize compresses src through the streaming encoder, which does
// not write the frame content size, so the decoder cannot refuse up front.
func zstdWithoutSize(t *testing.T, src []byte) []byte {
	var b bytes.Buffer
	w, err := zstd.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(src)
	w.Close()
	var h zstd.Header
	if err := h.Decode(b.Bytes()); err != nil || h.HasFCS {
		t.Fatalf("streaming frame has a content size (%v); the test needs one without", err)
	}
	return b.Bytes()
}

func TestConcurrent(t *testing.T) {
	src := payloads()["repetitive"]
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := allIDs[g%len(allIDs)]
			c := mustNew(t, id, g%10-1)
			for range 20 {
				comp, err := c.Compress(nil, src)
				if err != nil {
					t.Error(err)
					return
				}
				out, err := compressor.Decompress(id, nil, comp, len(src))
				if err != nil || !bytes.Equal(out, src) {
					t.Errorf("%v: round trip failed: %v", id, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
