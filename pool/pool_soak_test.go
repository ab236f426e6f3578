package pool_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cwal-go/cwal/pool"
)

// TestLeakSoak is the pool half of issue 5's leak soak, run when
// CWAL_SOAK=1 (CWAL_SOAK_CYCLES overrides the 1,000,000 cycles): checkouts
// and checkins from 64 goroutines on a pool of 16 with random context
// deadlines and cancellations, failed establishments, connections broken
// while checked out, and replies abandoned mid-read (drained). Afterwards
// nothing may be in use, the pool within its size, goroutines back at
// their baseline and the heap in use not grown.
func TestLeakSoak(t *testing.T) {
	if os.Getenv("CWAL_SOAK") == "" {
		t.Skip("set CWAL_SOAK=1 to run the leak soak (1,000,000 checkout cycles)")
	}
	cycles := 1000000
	if n, err := strconv.Atoi(os.Getenv("CWAL_SOAK_CYCLES")); err == nil && n > 0 {
		cycles = n
	}
	const goroutines, maxPool = 64, 16
	baseline := runtime.NumGoroutine()
	var dialFails atomic.Int64
	d := &pipeDialer{fail: func() error {
		if rand.IntN(100) < 2 {
			dialFails.Add(1)
			return &pool.EstablishError{Stage: pool.StageDial, Addr: "soak.test:27017", Err: errors.New("injected dial failure")}
		}
		return nil
	}}
	p := pool.New(pool.Config{Address: "soak.test:27017", Dial: d.Dial, MaxPoolSize: maxPool,
		MaxIdleTime: 50 * time.Millisecond, MaintainInterval: 10 * time.Millisecond, DrainTimeout: 50 * time.Millisecond})
	p.Ready()

	var tally soakTally
	warmup := cycles / 100
	runSoak(p, &tally, warmup, goroutines)
	heapBefore := heapInUse()
	began := time.Now()
	runSoak(p, &tally, cycles-warmup, goroutines)
	elapsed := time.Since(began)
	s := p.Stats()
	if s.InUse != 0 || s.Waiters != 0 || s.Total > maxPool {
		t.Errorf("after the soak: %+v", s)
	}
	waitFor(t, "drains to finish", 5*time.Second, func() bool { return p.Stats().Draining == 0 })
	// Measured with the pool open, as after the warm-up.
	heapAfter := heapInUse()
	closePool(t, p)
	d.wg.Wait()
	waitFor(t, "goroutines back to the baseline", 5*time.Second, func() bool { return runtime.NumGoroutine() <= baseline })
	line := fmt.Sprintf("soak: %d cycles (after %d of warm-up) in %v: %d ok, %d checkout errors, %d timeouts mid-reply, %d broken, %d dial failures; "+
		"created %d closed %d drained %d drain failures %d; in use %d, total %d <= %d; goroutines %d (baseline %d); heap in use %d -> %d bytes",
		cycles-warmup, warmup, elapsed.Round(time.Millisecond), tally.ok.Load(), tally.checkoutErrs.Load(), tally.midReply.Load(), tally.broken.Load(), dialFails.Load(),
		s.Created, s.Closed, s.Drained, s.DrainFailed, s.InUse, s.Total, maxPool, runtime.NumGoroutine(), baseline, heapBefore, heapAfter)
	t.Log(line)
	fmt.Println(line)
	if d.live.Load() != 0 {
		t.Errorf("%d sockets open after Close", d.live.Load())
	}
	// Slack for what varies between two instants (which connections are
	// live, their buffers, runtime caches): measured at +0.3 to +0.6 MB
	// whatever the cycle count. A leak of even one connection per
	// thousand cycles would be tens of megabytes.
	if heapAfter > heapBefore+1<<20 {
		t.Errorf("heap in use grew from %d to %d bytes", heapBefore, heapAfter)
	}
}

// runSoak runs n cycles on g goroutines.
func runSoak(p *pool.Pool, tally *soakTally, n, g int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < g; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				soakCycle(p, tally)
			}
		}()
	}
	wg.Wait()
}

type soakTally struct {
	ok, checkoutErrs, midReply, broken atomic.Int64
}

// soakCycle is one checkout and checkin with a random mishap.
func soakCycle(p *pool.Pool, tally *soakTally) {
	ctx, cancel := soakContext()
	defer cancel()
	c, err := p.Checkout(ctx, pool.OwnerOperation)
	if err != nil {
		tally.checkoutErrs.Add(1)
		return
	}
	switch r := rand.IntN(1000); {
	case r < 5: // a read that times out mid-reply: drained after checkin
		rctx, rcancel := context.WithTimeout(context.Background(), 200*time.Microsecond)
		_, _ = c.RunCommand(rctx, "admin", sleepCmd(1))
		rcancel()
		tally.midReply.Add(1)
	case r < 10: // the socket breaks while checked out
		_ = c.Close()
		tally.broken.Add(1)
	case r < 60: // a round trip
		_, _ = c.RunCommand(context.Background(), "admin", pingCmd())
	}
	if err := p.Checkin(c); err != nil {
		panic(err) // a pool bug: stop the soak loudly
	}
	tally.ok.Add(1)
}

// soakContext returns a context that may end while the checkout waits.
func soakContext() (context.Context, context.CancelFunc) {
	switch r := rand.IntN(100); {
	case r < 10:
		return context.WithTimeout(context.Background(), time.Duration(rand.IntN(200))*time.Microsecond)
	case r < 15:
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Duration(rand.IntN(100))*time.Microsecond, cancel)
		return ctx, cancel
	}
	return context.Background(), func() {}
}

// heapInUse returns the bytes of live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
