package crosscheck

import (
	"context"
	"testing"
	"time"
)

// BenchmarkClientPaired runs the same tasks as BenchmarkClient, but the two
// drivers take turns operation by operation, each timed on its own: on the
// shared 2-core machine, scheduling states (whether the client and the
// server wake on the same core) last for seconds and bias whichever driver
// runs during them, which interleaving cancels. It reports each driver's
// time per operation and cwal's speedup (official time / cwal time);
// allocations are BenchmarkClient's.
func BenchmarkClientPaired(b *testing.B) {
	p := newBenchPair(b)
	for _, t := range p.specTasks(b) {
		b.Run(t.name, func(b *testing.B) { runPaired(b, t) })
	}
}

func runPaired(b *testing.B, t benchTask) {
	ctx := context.Background()
	if err := t.reset(ctx); err != nil {
		b.Fatal(err)
	}
	// Inserts grow the collection twice as fast as in BenchmarkClient: reset
	// on the same document count.
	every := t.resetEvery
	if every > 1 {
		every /= 2
	}
	var cwal, official time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if every > 0 && i > 0 && i%every == 0 {
			b.StopTimer()
			if err := t.reset(ctx); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		first, second := t.cwal, t.official
		if i%2 == 1 { // alternate who goes first, too
			first, second = second, first
		}
		d1, err := timed(ctx, first, i)
		if err != nil {
			b.Fatal(err)
		}
		d2, err := timed(ctx, second, i)
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 1 {
			d1, d2 = d2, d1
		}
		cwal += d1
		official += d2
	}
	n := float64(b.N)
	b.ReportMetric(float64(cwal.Nanoseconds())/n, "cwal-ns/op")
	b.ReportMetric(float64(official.Nanoseconds())/n, "official-ns/op")
	if cwal > 0 {
		b.ReportMetric(float64(official)/float64(cwal), "speedup")
	}
}

func timed(ctx context.Context, op func(context.Context, int) error, i int) (time.Duration, error) {
	start := time.Now()
	err := op(ctx, i)
	return time.Since(start), err
}
