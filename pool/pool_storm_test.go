package pool_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/pool"
)

// TestStorm is the connection storm of issue 5: every goroutine starts a
// checkout at the same instant on a pool of 100. The pool must never hold
// more than 100 connections nor establish more than MaxConnecting at once,
// every checkout must complete, and nothing may be left running. 10,000
// goroutines normally; 2,000 under the race detector, whose limit is 8,128
// live goroutines.
func TestStorm(t *testing.T) {
	n := 10000
	if raceEnabled {
		n = 2000
	}
	if testing.Short() {
		n = 1000
	}
	const maxPool, maxConnecting = 100, 2
	baseline := runtime.NumGoroutine()
	d := &memDialer{delay: 2 * time.Millisecond}
	p := pool.New(pool.Config{Address: "storm.test:27017", Dial: d.Dial, MaxPoolSize: maxPool, MaxConnecting: maxConnecting})
	p.Ready()

	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			c, err := p.Checkout(ctx, pool.OwnerOperation)
			if err != nil {
				errs <- err
				return
			}
			time.Sleep(100 * time.Microsecond) // the operation
			if err := p.Checkin(c); err != nil {
				errs <- err
			}
		}()
	}
	began := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(began)
	close(errs)
	for err := range errs {
		t.Errorf("storm checkout: %v", err)
	}
	s := p.Stats()
	line := fmt.Sprintf("storm: %d checkouts in %v on maxPoolSize=%d: %d connections created, max %d live, max %d establishing, wait p50 <= %v p99 <= %v",
		n, elapsed.Round(time.Millisecond), maxPool, s.Created, d.maxLive.Load(), d.maxEstablishing.Load(), s.Wait.Quantile(0.5), s.Wait.Quantile(0.99))
	t.Log(line)
	fmt.Println(line)
	if d.maxLive.Load() > maxPool || s.Created > maxPool {
		t.Errorf("%d connections at once, %d created; the limit is %d", d.maxLive.Load(), s.Created, maxPool)
	}
	if d.maxEstablishing.Load() > maxConnecting {
		t.Errorf("%d establishments at once; maxConnecting is %d", d.maxEstablishing.Load(), maxConnecting)
	}
	if s.CheckedOut != uint64(n) || s.InUse != 0 || s.Waiters != 0 {
		t.Errorf("after the storm: %+v", s)
	}
	closePool(t, p)
	if d.live.Load() != 0 {
		t.Errorf("%d sockets open after Close", d.live.Load())
	}
	waitFor(t, "goroutines back to the baseline", 5*time.Second, func() bool { return runtime.NumGoroutine() <= baseline })
}
