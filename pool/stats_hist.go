package pool

import "time"

// NumWaitBuckets is the number of buckets of a WaitHistogram.
const NumWaitBuckets = 16

// waitBounds are the upper bounds of the wait buckets but the last, which
// is unbounded. A checkout of an idle connection lands in the first.
var waitBounds = [NumWaitBuckets - 1]time.Duration{
	time.Microsecond, 5 * time.Microsecond, 10 * time.Microsecond, 50 * time.Microsecond,
	100 * time.Microsecond, 500 * time.Microsecond, time.Millisecond, 5 * time.Millisecond,
	10 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 5 * time.Second, 10 * time.Second,
}

// WaitHistogram counts checkout waits in fixed buckets: Counts[i] is the
// number of waits at most WaitBucketBound(i) and above the previous bound.
// Recording a wait is one atomic add, with no allocation.
type WaitHistogram struct {
	Counts [NumWaitBuckets]uint64
}

// WaitBucketBound returns the upper bound of bucket i; the last bucket's
// is the largest Duration.
func WaitBucketBound(i int) time.Duration {
	if i < 0 || i >= len(waitBounds) {
		return time.Duration(1<<63 - 1)
	}
	return waitBounds[i]
}

// waitBucket returns the bucket of a wait.
func waitBucket(d time.Duration) int {
	for i, b := range waitBounds {
		if d <= b {
			return i
		}
	}
	return NumWaitBuckets - 1
}

// Total returns the number of waits counted.
func (h *WaitHistogram) Total() uint64 {
	var n uint64
	for _, c := range h.Counts {
		n += c
	}
	return n
}

// Quantile returns the upper bound of the bucket holding the q-quantile
// (0 < q <= 1) of the waits: p99 is Quantile(0.99). It returns 0 when no
// wait was counted.
func (h *WaitHistogram) Quantile(q float64) time.Duration {
	total := h.Total()
	if total == 0 {
		return 0
	}
	rank := uint64(q*float64(total) + 0.5)
	if rank < 1 {
		rank = 1
	}
	var seen uint64
	for i, c := range h.Counts {
		seen += c
		if seen >= rank {
			return WaitBucketBound(i)
		}
	}
	return WaitBucketBound(NumWaitBuckets - 1)
}
