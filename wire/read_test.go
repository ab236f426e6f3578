package wire_test

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"testing"
	"testing/iotest"

	"github.com/cwal-go/cwal/wire"
)

func TestReadMessageStream(t *testing.T) {
	m1 := buildMsg(t, 1, 0, 0, doc("a", 1), nil, false)
	m2 := buildMsg(t, 2, 0, 0, doc("b", 2), []seqSpec{{"documents", nil}}, true)
	// OneByteReader makes every read short, as a slow socket would.
	r := iotest.OneByteReader(bytes.NewReader(cat(m1, m2)))
	buf := make([]byte, 0, 1024)
	got, err := wire.ReadMessage(r, buf, 0)
	if err != nil || !bytes.Equal(got, m1) {
		t.Fatalf("first = % x, %v", got, err)
	}
	if &got[0] != &buf[:1][0] {
		t.Error("ReadMessage did not reuse buf's capacity")
	}
	got, err = wire.ReadMessage(r, got, 0)
	if err != nil || !bytes.Equal(got, m2) {
		t.Fatalf("second = % x, %v", got, err)
	}
	if _, err = wire.ReadMessage(r, got, 0); err != io.EOF {
		t.Fatalf("at the end err = %v, want io.EOF", err)
	}
}

func TestReadMessageGrows(t *testing.T) {
	big := make([]byte, 0, 1000)
	for range 50 {
		big = append(big, doc("k", 1)...)
	}
	m := buildMsg(t, 1, 0, 0, doc("a", 1), []seqSpec{{"d", nil}}, false)
	for _, buf := range [][]byte{nil, make([]byte, 3), make([]byte, 0, 20)} {
		got, err := wire.ReadMessage(bytes.NewReader(m), buf, 0)
		if err != nil || !bytes.Equal(got, m) {
			t.Fatalf("cap %d: % x, %v", cap(buf), got, err)
		}
	}
}

func TestReadMessageErrors(t *testing.T) {
	m := buildMsg(t, 1, 0, 0, doc("a", 1), nil, false)
	header := func(n int) []byte { return cat(le32(n), le32(1), le32(0), le32(2013)) }
	tests := []struct {
		name    string
		in      []byte
		maxSize int32
		ioErr   error // an I/O error returned as is
		cause   error // or a *MessageError cause
	}{
		{"empty", nil, 0, io.EOF, nil},
		{"short header", m[:10], 0, io.ErrUnexpectedEOF, nil},
		{"short body", m[:len(m)-1], 0, io.ErrUnexpectedEOF, nil},
		{"header only, body missing", m[:16], 0, io.ErrUnexpectedEOF, nil},
		{"length below header", header(15), 0, nil, wire.ErrMalformed},
		{"negative length", header(-100), 0, nil, wire.ErrMalformed},
		{"over the limit", header(len(m)), int32(len(m) - 1), nil, wire.ErrTooLarge},
		{"over the default limit", header(48_000_001), 0, nil, wire.ErrTooLarge},
		{"over a huge limit", header(1 << 30), 1 << 29, nil, wire.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wire.ReadMessage(bytes.NewReader(tt.in), nil, tt.maxSize)
			if tt.ioErr != nil {
				if err != tt.ioErr {
					t.Fatalf("err = %v, want %v", err, tt.ioErr)
				}
				return
			}
			wantMessageError(t, err, tt.cause, 0, "messageLength")
		})
	}
	// At exactly the limit the message is accepted.
	if _, err := wire.ReadMessage(bytes.NewReader(m), nil, int32(len(m))); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	// The default limit itself is accepted (only the header is checked here).
	_, err := wire.ReadMessage(bytes.NewReader(header(48_000_000)), nil, 0)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("48,000,000 bytes: err = %v, want io.ErrUnexpectedEOF after the header", err)
	}
}

// TestReadMessageRefusesBeforeAllocating reads a header that claims a
// message just under 2 GiB with a 1 MiB limit and checks that nothing near
// that size is allocated and the body is never read.
func TestReadMessageRefusesBeforeAllocating(t *testing.T) {
	in := cat(le32(1<<31-1), le32(1), le32(0), le32(2013))
	r := &countingReader{r: bytes.NewReader(cat(in, make([]byte, 100)))}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := wire.ReadMessage(r, nil, 1<<20)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, wire.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if r.n != 16 {
		t.Errorf("read %d bytes, want only the 16-byte header", r.n)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<10 {
		t.Errorf("allocated %d bytes to refuse the message", got)
	}
}

type countingReader struct {
	r *bytes.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestReadMessagePassesIOErrors checks that a reader's own error comes back
// unchanged, so callers can recognise timeouts.
func TestReadMessagePassesIOErrors(t *testing.T) {
	boom := errors.New("boom")
	_, err := wire.ReadMessage(iotest.ErrReader(boom), nil, 0)
	if err != boom {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	m := buildMsg(t, 1, 0, 0, doc("a", 1), nil, false)
	_, err = wire.ReadMessage(io.MultiReader(bytes.NewReader(m[:20]), iotest.ErrReader(boom)), nil, 0)
	if err != boom {
		t.Fatalf("mid-body err = %v, want %v", err, boom)
	}
}
