package pool

import (
	"runtime/debug"
	"testing"
)

func TestLargeBufferRecycling(t *testing.T) {
	// The pool may drop entries at a garbage collection: keep it away.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	n := MaxRetainedBuffer + 100
	b := largeBuffer(n)
	if len(b) != n || cap(b)%largeBufferStep != 0 {
		t.Fatalf("largeBuffer(%d): len %d cap %d", n, len(b), cap(b))
	}
	// Under the race detector sync.Pool drops a quarter of what it is
	// given: try a few times.
	var c []byte
	for try := 0; try < 50; try++ {
		RecycleBuffer(b[21:]) // a reply body: the header sliced off
		if c = largeBuffer(n); &c[0] == &b[21] {
			break
		}
	}
	if &c[0] != &b[21] {
		t.Fatal("a recycled buffer large enough was not reused")
	}
	RecycleBuffer(c)
	if d := largeBuffer(cap(c) + 1); &d[0] == &c[0] {
		t.Fatal("a recycled buffer too small was reused")
	}
	RecycleBuffer(make([]byte, 10))
	if p, ok := largeBuffers.Get().(*[]byte); ok && cap(*p) <= MaxRetainedBuffer {
		t.Fatal("a small buffer was kept")
	}
}
