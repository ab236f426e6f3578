package crosscheck

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/mongotest"
)

// stormMonitorConns is the slack for monitoring connections in the
// server's count: both drivers stream hello on one connection and measure
// RTT on another, outside their pools.
const stormMonitorConns = 2

// stormClients makes the two drivers under comparison.
var stormClients = []func(*mongotest.Server) (*stormClient, error){cwalStormClient, officialStormClient}

// TestStormCrosscheck is issue 5's storm with both drivers in one run:
// 10,000 pings (6,000 under -race) start at the same instant on a client
// with maxPoolSize=100 that has discovered its server, each driver against
// its own fresh mongotest. It prints the connections each pool created,
// the server's peak count of connections, and the operations' p50 and p99
// latency. cwal must create no more connections than the official driver;
// the latencies are reported, not asserted.
func TestStormCrosscheck(t *testing.T) {
	n := stormSize()
	var results []*stormResult
	for _, mk := range stormClients {
		r := stormWith(t, mk, n)
		if r == nil {
			return
		}
		for _, err := range r.errs[:min(len(r.errs), 5)] {
			t.Errorf("%s: %v", r.driver, err)
		}
		if len(r.errs) > 0 {
			t.Errorf("%s: %d of %d operations failed", r.driver, len(r.errs), n)
		}
		results = append(results, r)
	}
	table := stormTable(n, results)
	t.Log("\n" + table)
	fmt.Print(table)
	cwal, official := results[0], results[1]
	if cwal.created > official.created {
		t.Errorf("cwal created %d connections, the official driver %d", cwal.created, official.created)
	}
	if cwal.created > stormMaxPool || cwal.serverPeak > stormMaxPool+stormMonitorConns {
		t.Errorf("cwal created %d connections, the server saw %d at once; maxPoolSize is %d", cwal.created, cwal.serverPeak, stormMaxPool)
	}
}

// stormWith runs one storm of n operations with the client mk makes, on a
// fresh server; nil after a fatal setup error.
func stormWith(t *testing.T, mk func(*mongotest.Server) (*stormClient, error), n int) *stormResult {
	t.Helper()
	srv := mongotest.NewServer()
	defer srv.Close()
	c, err := mk(srv)
	if err != nil {
		t.Fatal(err)
		return nil
	}
	defer func() {
		if err := c.close(); err != nil {
			t.Errorf("%s: close: %v", c.name, err)
		}
	}()
	if err := stormWarmup(c); err != nil {
		t.Fatalf("%s: the first ping: %v", c.name, err)
	}
	return stormOnce(c, srv, n)
}

// stormWarmup runs one operation, so that the storm finds the server
// discovered (and one connection in the pool) with either driver.
func stormWarmup(c *stormClient) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return c.op(ctx)
}

// stormTable formats the comparison.
func stormTable(n int, results []*stormResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "storm crosscheck: %d pings at once against mongotest, maxPoolSize=%d\n", n, stormMaxPool)
	fmt.Fprintf(&b, "%-9s %9s %12s %10s %10s %10s %10s %7s\n", "driver", "created", "server peak", "elapsed", "p50", "p99", "max", "errors")
	for _, r := range results {
		fmt.Fprintf(&b, "%-9s %9d %12d %10v %10v %10v %10v %7d\n", r.driver, r.created, r.serverPeak,
			r.elapsed.Round(time.Millisecond), r.quantile(0.5).Round(time.Microsecond), r.quantile(0.99).Round(time.Microsecond),
			r.quantile(1).Round(time.Microsecond), len(r.errs))
	}
	b.WriteString("(server peak includes each driver's 2 monitoring connections)\n")
	return b.String()
}

// BenchmarkStorm times one storm per iteration with each driver: a client
// connected and warmed up with one ping (outside the timer), then 10,000
// pings (6,000 under -race) released at once. ns/op is the storm's
// duration; p50-ms and p99-ms are the operations' latencies over all
// iterations, conns/op the connections each storm's pool created.
func BenchmarkStorm(b *testing.B) {
	n := stormSize()
	names := []string{"cwal", "official"}
	for i, mk := range stormClients {
		b.Run(names[i], func(b *testing.B) {
			srv := mongotest.NewServer()
			defer srv.Close()
			var lat []time.Duration
			var created int64
			b.StopTimer()
			for range b.N {
				r := benchStormOnce(b, srv, mk, n)
				lat = append(lat, r.lat...)
				created += r.created
			}
			slices.Sort(lat)
			all := &stormResult{lat: lat}
			b.ReportMetric(float64(all.quantile(0.5))/1e6, "p50-ms")
			b.ReportMetric(float64(all.quantile(0.99))/1e6, "p99-ms")
			b.ReportMetric(float64(created)/float64(b.N), "conns/op")
		})
	}
}

// benchStormOnce sets up a client, times one storm and closes the client.
func benchStormOnce(b *testing.B, srv *mongotest.Server, mk func(*mongotest.Server) (*stormClient, error), n int) *stormResult {
	c, err := mk(srv)
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if err := c.close(); err != nil {
			b.Errorf("%s: close: %v", c.name, err)
		}
	}()
	if err := stormWarmup(c); err != nil {
		b.Fatalf("%s: the first ping: %v", c.name, err)
	}
	r := prepareStorm(n, c.op)
	b.StartTimer()
	elapsed := r.run()
	b.StopTimer()
	if len(r.errs) > 0 {
		b.Fatalf("%s: %d operations failed, the first: %v", c.name, len(r.errs), r.errs[0])
	}
	return &stormResult{driver: c.name, ops: n, elapsed: elapsed, lat: r.lat, created: c.created()}
}
