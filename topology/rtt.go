package topology

import (
	"sync"
	"time"
)

// rttWindow is how many recent samples the minimum is taken over (server
// monitoring specification, "Measuring RTT").
const rttWindow = 10

// RTT tracks one server's round trip times: the exponentially weighted
// moving average with alpha 0.2 that server selection uses for the latency
// window, and the minimum over the last 10 samples. The zero value is ready
// to use and reports no samples.
//
// It is safe for concurrent use: a server's monitor and its RTT monitor
// both add samples, and the monitor resets it when a check fails.
type RTT struct {
	mu      sync.Mutex
	avg     time.Duration
	n       int // samples seen since the last Reset, capped at rttWindow
	next    int // ring index of the next sample
	samples [rttWindow]time.Duration
}

// Add records one measurement. The first sample after a Reset becomes the
// average; later ones move it by alpha = 0.2: avg = 0.2*d + 0.8*avg. A
// negative d is refused with ErrNegativeRTT and changes nothing.
func (r *RTT) Add(d time.Duration) error {
	if d < 0 {
		return ErrNegativeRTT
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == 0 {
		r.avg = d
	} else {
		// Integer form of 0.2*d + 0.8*avg, exact to the nanosecond; the
		// sum cannot overflow for any RTT below 58 years.
		r.avg = (d + 4*r.avg) / 5
	}
	r.samples[r.next] = d
	r.next = (r.next + 1) % rttWindow
	if r.n < rttWindow {
		r.n++
	}
	return nil
}

// Average returns the moving average, or 0 before the first sample.
func (r *RTT) Average() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.avg
}

// Min returns the smallest of the last 10 samples, or 0 until there are at
// least two (one sample says nothing about the spread).
func (r *RTT) Min() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n < 2 {
		return 0
	}
	m := r.samples[0]
	for _, s := range r.samples[1:r.n] {
		m = min(m, s)
	}
	return m
}

// Samples returns how many samples Min looks at (at most 10).
func (r *RTT) Samples() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// Reset forgets every sample, as the monitor must when a check fails: the
// next sample becomes the average again.
func (r *RTT) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.avg, r.n, r.next = 0, 0, 0
}
