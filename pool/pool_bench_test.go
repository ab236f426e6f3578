package pool_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/pool"
)

// TestCheckoutAllocs: checking out an idle connection and checking it in
// allocates nothing, and neither does Stats.
func TestCheckoutAllocs(t *testing.T) {
	p, _ := newMemPool(t, pool.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_ = p.Checkin(mustCheckout(t, p, pool.OwnerOperation))
	for _, tc := range []struct {
		name string
		ctx  context.Context
	}{{"background", context.Background()}, {"deadline", ctx}} {
		allocs := testing.AllocsPerRun(1000, func() {
			c, err := p.Checkout(tc.ctx, pool.OwnerOperation)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Checkin(c); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("checkout+checkin with a %s context: %v allocations, want 0", tc.name, allocs)
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { _ = p.Stats() }); allocs != 0 {
		t.Errorf("Stats: %v allocations, want 0", allocs)
	}
}

// BenchmarkCheckoutCheckin is the uncontended path: one goroutine, one idle
// connection.
func BenchmarkCheckoutCheckin(b *testing.B) {
	p, _ := newMemPool(b, pool.Config{})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := p.Checkout(ctx, pool.OwnerOperation)
		if err != nil {
			b.Fatal(err)
		}
		_ = p.Checkin(c)
	}
}

// BenchmarkContended is 64 goroutines contending for a pool of 8. Besides
// ns/op it reports the checkout wait's median and p99, and fairness: the
// longest wait over the median one (FIFO keeps it low; a pool that lets
// newcomers jump the queue starves some waiters).
func BenchmarkContended(b *testing.B) {
	p, _ := newMemPool(b, pool.Config{MaxPoolSize: 8})
	const workers = 64
	per := b.N/workers + 1
	waits := make([][]time.Duration, workers)
	for i := range waits {
		waits[i] = make([]time.Duration, 0, per)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			<-start
			ctx := context.Background()
			for i := 0; i < per; i++ {
				t0 := time.Now()
				c, err := p.Checkout(ctx, pool.OwnerOperation)
				waits[w] = append(waits[w], time.Since(t0))
				if err != nil {
					b.Error(err)
					return
				}
				_ = p.Checkin(c)
			}
		}(w)
	}
	b.ReportAllocs()
	b.ResetTimer()
	close(start)
	wg.Wait()
	b.StopTimer()
	all := slices.Concat(waits...)
	slices.Sort(all)
	median := all[len(all)/2]
	if median <= 0 {
		median = 1
	}
	b.ReportMetric(float64(median.Nanoseconds()), "p50-wait-ns")
	b.ReportMetric(float64(all[len(all)*99/100].Nanoseconds()), "p99-wait-ns")
	b.ReportMetric(float64(all[len(all)-1])/float64(median), "max/median")
}
