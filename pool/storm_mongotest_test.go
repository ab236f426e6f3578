package pool_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/pool"
	"go.uber.org/goleak"
)

// TestStormMongotest is issue 5's connection storm against a real server
// over loopback: every goroutine starts an operation (checkout, ping or
// insert, checkin) at the same instant on a pool of 100. mongotest must
// never see more than 100 connections, the pool never run more than
// MaxConnecting handshakes at once, every operation must complete, and
// after Close nothing of the pool or the server may be left running.
// 10,000 goroutines normally; 2,000 under the race detector, whose limit
// is 8,128 live goroutines (the server's own goroutines count too).
func TestStormMongotest(t *testing.T) {
	n := 10000
	if raceEnabled {
		n = 2000
	}
	if testing.Short() {
		n = 1000
	}
	const maxPool, maxConnecting, insertEvery = 100, 2, 10
	leaks := goleak.IgnoreCurrent()
	srv := mongotest.NewServer()
	defer srv.Close()
	hc := &handshakeCounter{}
	p := pool.New(pool.Config{Address: srv.Addr(), Dial: hc.Dial, MaxPoolSize: maxPool, MaxConnecting: maxConnecting,
		Conn: pool.ConnConfig{AppName: "cwal-storm"}})
	p.Ready()
	defer closePool(t, p) // a second Close is a no-op

	cmds := stormCommands(n, insertEvery)
	srv.ResetPeakConnections()
	lat, errs, elapsed := runStorm(n, func(ctx context.Context, i int) error {
		return mtOperation(ctx, p, cmds[i])
	})
	peak := int64(srv.PeakConnections())

	for _, err := range errs {
		t.Errorf("storm operation: %v", err)
	}
	s := p.Stats()
	line := fmt.Sprintf("storm mongotest: %d operations in %v on maxPoolSize=%d: %d connections created, server peak %d, max %d handshakes at once, latency p50 %v p99 %v max %v, checkout wait p99 <= %v",
		n, elapsed.Round(time.Millisecond), maxPool, s.Created, peak, hc.peak.Load(),
		quantile(lat, 0.5), quantile(lat, 0.99), quantile(lat, 1), s.Wait.Quantile(0.99))
	t.Log(line)
	fmt.Println(line)
	if peak > maxPool || s.Created > maxPool {
		t.Errorf("the server saw %d connections at once, the pool created %d; the limit is %d", peak, s.Created, maxPool)
	}
	if hc.peak.Load() > maxConnecting {
		t.Errorf("%d handshakes at once; maxConnecting is %d", hc.peak.Load(), maxConnecting)
	}
	// An establishment may still run for a waiter that a returned
	// connection served first: it ends as an idle connection.
	if s.CheckedOut != uint64(n) || s.InUse != 0 || s.Waiters != 0 {
		t.Errorf("after the storm: %+v", s)
	}
	checkStormInserts(t, p, int64((n+insertEvery-1)/insertEvery))

	closePool(t, p)
	srv.Close()
	goleak.VerifyNone(t, leaks)
}

// runStorm starts n goroutines that wait on one barrier, then each run
// op once. It returns each operation's latency, the errors and the time
// from the barrier's opening until the last operation ended.
func runStorm(n int, op func(ctx context.Context, i int) error) ([]time.Duration, []error, time.Duration) {
	start := make(chan struct{})
	lat := make([]time.Duration, n)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			began := time.Now()
			err := op(ctx, i)
			lat[i] = time.Since(began)
			if err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("operation %d: %w", i, err))
				mu.Unlock()
			}
		}()
	}
	began := time.Now()
	close(start)
	wg.Wait()
	return lat, errs, time.Since(began)
}

// stormCommands returns n commands: an insert of {_id: i} into
// storm.ops for every insertEvery-th operation, a ping for the others.
func stormCommands(n, insertEvery int) []mtCommand {
	ping := mtCommand{db: "admin", cmd: buildDoc(func(b []byte) []byte { return bson.AppendInt32Element(b, "ping", 1) })}
	cmds := make([]mtCommand, n)
	for i := range cmds {
		cmds[i] = ping
		if i%insertEvery == 0 {
			cmds[i] = mtCommand{db: "storm",
				cmd: buildDoc(func(b []byte) []byte { return bson.AppendStringElement(b, "insert", "ops") }),
				seqs: []pool.DocumentSequence{{Identifier: "documents", Documents: []bson.Raw{
					buildDoc(func(b []byte) []byte { return bson.AppendInt32Element(b, "_id", int32(i)) }),
				}}},
			}
		}
	}
	return cmds
}

// checkStormInserts counts storm.ops: every insert of the storm must have
// been applied once.
func checkStormInserts(t *testing.T, p *pool.Pool, want int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := p.Checkout(ctx, pool.OwnerOperation)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := p.Checkin(c); err != nil {
			t.Error(err)
		}
	}()
	reply, err := c.RunCommand(ctx, "storm", buildDoc(func(b []byte) []byte { return bson.AppendStringElement(b, "count", "ops") }))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := reply.Lookup("n").AsInt64OK(); got != want {
		t.Errorf("storm.ops holds %d documents, want %d", got, want)
	}
}

// mtCommand is one command of an operation, with its database and
// document sequences.
type mtCommand struct {
	db   string
	cmd  bson.Raw
	seqs []pool.DocumentSequence
}

// errCheckin marks an operation whose Checkin failed: a pool bug, never
// an effect of the server or the context.
var errCheckin = errors.New("checkin failed")

// mtOperation is what an operation of the client will do to the pool:
// check out, run one command, check in whatever happened.
func mtOperation(ctx context.Context, p *pool.Pool, c mtCommand) error {
	conn, err := p.Checkout(ctx, pool.OwnerOperation)
	if err != nil {
		return err
	}
	_, err = conn.RunCommand(ctx, c.db, c.cmd, c.seqs...)
	if cerr := p.Checkin(conn); cerr != nil {
		return fmt.Errorf("%w: %w", errCheckin, cerr)
	}
	return err
}

// buildDoc returns the document whose elements fill appends.
func buildDoc(fill func([]byte) []byte) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	return bson.AppendDocumentEnd(fill(b), start)
}

// handshakeCounter wraps pool.Dial to count the establishments (connect
// and handshake) in progress at once, as a server counts handshakes.
type handshakeCounter struct {
	inFlight, peak, total atomic.Int64
}

func (h *handshakeCounter) Dial(ctx context.Context, addr string, cfg pool.ConnConfig) (*pool.Conn, error) {
	h.total.Add(1)
	raiseMax(&h.peak, h.inFlight.Add(1))
	defer h.inFlight.Add(-1)
	return pool.Dial(ctx, addr, cfg)
}

// quantile returns the q-quantile of durations (sorting a copy); q = 1 is
// the maximum.
func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(q * float64(len(s)-1))
	return s[i]
}

// goroutinesBackTo waits until no more than baseline goroutines run and
// returns the count.
func goroutinesBackTo(baseline int, within time.Duration) int {
	deadline := time.Now().Add(within)
	for {
		n := runtime.NumGoroutine()
		if n <= baseline || time.Now().After(deadline) {
			return n
		}
		time.Sleep(time.Millisecond)
	}
}
