package pool

import "sync"

// largeBuffers holds reply buffers larger than MaxRetainedBuffer that
// their last owner gave back with RecycleBuffer. A cursor over a large
// result reads batches of up to 16 MiB, one per getMore: without reuse
// each batch is a fresh allocation for the garbage collector to clear.
var largeBuffers sync.Pool

// largeBufferStep is the granularity of large reply buffers, so that a
// recycled buffer fits the next reply of about the same size even after
// the few bytes of header its holder sliced off.
const largeBufferStep = 1 << 20

// RecycleBuffer gives back a reply buffer that a Conn handed over for good
// (its capacity exceeds MaxRetainedBuffer), so that a later large read on
// any connection may reuse it. b may be any slice of the buffer (a reply
// body); smaller buffers are ignored. The caller and everything it gave b
// to must not use b, or any view into it, afterwards: the bytes will be
// overwritten by another reply.
func RecycleBuffer(b []byte) {
	if cap(b) <= MaxRetainedBuffer {
		return
	}
	b = b[:0]
	largeBuffers.Put(&b)
}

// largeBuffer returns a buffer of length n for a reply larger than
// MaxRetainedBuffer: a recycled one when it is big enough, else a new one
// rounded up to largeBufferStep.
func largeBuffer(n int) []byte {
	if p, ok := largeBuffers.Get().(*[]byte); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]byte, n, (n+largeBufferStep-1)/largeBufferStep*largeBufferStep)
}
