package topology_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/topology"
)

func TestRTTMinOverWindow(t *testing.T) {
	var r topology.RTT
	if r.Average() != 0 || r.Min() != 0 {
		t.Fatalf("zero RTT reports %v / %v", r.Average(), r.Min())
	}
	mustAdd(t, &r, 5*time.Millisecond)
	if r.Min() != 0 {
		t.Errorf("Min after one sample = %v, want 0", r.Min())
	}
	mustAdd(t, &r, 7*time.Millisecond)
	if r.Min() != 5*time.Millisecond {
		t.Errorf("Min after two samples = %v, want 5ms", r.Min())
	}
	// Ten larger samples push the 5 ms one out of the window.
	for i := range 10 {
		mustAdd(t, &r, time.Duration(20+i)*time.Millisecond)
	}
	if r.Min() != 20*time.Millisecond || r.Samples() != 10 {
		t.Errorf("Min = %v over %d samples, want 20ms over 10", r.Min(), r.Samples())
	}
}

func TestRTTReset(t *testing.T) {
	var r topology.RTT
	mustAdd(t, &r, 100*time.Millisecond)
	mustAdd(t, &r, 50*time.Millisecond)
	r.Reset()
	if r.Average() != 0 || r.Min() != 0 || r.Samples() != 0 {
		t.Fatalf("after Reset: average %v, min %v, %d samples", r.Average(), r.Min(), r.Samples())
	}
	mustAdd(t, &r, 3*time.Millisecond)
	if r.Average() != 3*time.Millisecond {
		t.Errorf("first sample after Reset gives average %v, want 3ms", r.Average())
	}
}

func TestRTTRejectsNegative(t *testing.T) {
	var r topology.RTT
	mustAdd(t, &r, time.Millisecond)
	if err := r.Add(-time.Millisecond); !errors.Is(err, topology.ErrNegativeRTT) {
		t.Fatalf("Add(-1ms) = %v, want ErrNegativeRTT", err)
	}
	if r.Average() != time.Millisecond || r.Samples() != 1 {
		t.Errorf("a refused sample changed the RTT: %v, %d samples", r.Average(), r.Samples())
	}
}

func TestRTTConcurrent(t *testing.T) {
	var r topology.RTT
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				_ = r.Add(10 * time.Millisecond)
				_ = r.Min()
				_ = r.Average()
			}
		}()
	}
	wg.Wait()
	if r.Average() != 10*time.Millisecond || r.Min() != 10*time.Millisecond {
		t.Errorf("average %v, min %v, want 10ms", r.Average(), r.Min())
	}
}
