package pool_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
)

// newMemPool returns a ready pool over a memDialer, closed at the end of
// the test.
func newMemPool(t testing.TB, cfg pool.Config) (*pool.Pool, *memDialer) {
	t.Helper()
	d := &memDialer{}
	if cfg.Address == "" {
		cfg.Address = "pool.test:27017"
	}
	if cfg.Dial == nil {
		cfg.Dial = d.Dial
	}
	p := pool.New(cfg)
	p.Ready()
	t.Cleanup(func() { closePool(t, p) })
	return p, d
}

func mustCheckout(t testing.TB, p *pool.Pool, o pool.Owner) *pool.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := p.Checkout(ctx, o)
	if err != nil {
		t.Fatalf("Checkout: %v", err)
	}
	return c
}

func TestCheckinMisuse(t *testing.T) {
	p, _ := newMemPool(t, pool.Config{})
	other, _ := newMemPool(t, pool.Config{})
	c := mustCheckout(t, p, pool.OwnerOperation)
	foreign := mustCheckout(t, other, pool.OwnerOperation)

	if err := p.Checkin(foreign); !errors.Is(err, pool.ErrForeignConn) {
		t.Errorf("Checkin of another pool's connection: %v, want ErrForeignConn", err)
	}
	if err := p.Checkin(nil); !errors.Is(err, pool.ErrForeignConn) {
		t.Errorf("Checkin(nil): %v, want ErrForeignConn", err)
	}
	if err := p.Checkin(c); err != nil {
		t.Fatalf("first Checkin: %v", err)
	}
	if err := p.Checkin(c); !errors.Is(err, pool.ErrDoubleCheckin) {
		t.Errorf("second Checkin: %v, want ErrDoubleCheckin", err)
	}
	if s := p.Stats(); s.Idle != 1 || s.InUse != 0 {
		t.Errorf("after a double checkin: idle %d in use %d, want 1 and 0", s.Idle, s.InUse)
	}
	// The misuse left the connection usable exactly once.
	c2 := mustCheckout(t, p, pool.OwnerOperation)
	if c2 != c {
		t.Errorf("the idle connection was not reused")
	}
	if s := p.Stats(); s.Total != 1 {
		t.Errorf("total %d, want 1", s.Total)
	}
	_ = p.Checkin(c2)
	_ = other.Checkin(foreign)
}

func TestOwnersAndStats(t *testing.T) {
	p, _ := newMemPool(t, pool.Config{})
	op := mustCheckout(t, p, pool.OwnerOperation)
	cur := mustCheckout(t, p, pool.OwnerOperation)
	if err := p.SetOwner(cur, pool.OwnerCursor); err != nil {
		t.Fatal(err)
	}
	txn := mustCheckout(t, p, pool.OwnerTransaction)
	s := p.Stats()
	want := [pool.NumOwners]int{1, 1, 1}
	if s.InUseBy != want || s.InUse != 3 || s.Total != 3 || s.Created != 3 {
		t.Errorf("stats %+v, want 3 in use, one per owner", s)
	}
	if _, err := p.Checkout(context.Background(), pool.Owner(9)); err == nil {
		t.Errorf("Checkout with an unknown owner succeeded")
	}
	for _, c := range []*pool.Conn{op, cur, txn} {
		if err := p.Checkin(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.SetOwner(op, pool.OwnerCursor); !errors.Is(err, pool.ErrDoubleCheckin) {
		t.Errorf("SetOwner of an idle connection: %v", err)
	}
	s = p.Stats()
	if s.InUse != 0 || s.Idle != 3 || s.CheckedOut != 3 || s.Wait.Total() != 3 {
		t.Errorf("stats %+v, want 3 idle, 3 checkouts", s)
	}
}

func TestWithConnReturnsOnPanic(t *testing.T) {
	p, _ := newMemPool(t, pool.Config{})
	func() {
		defer func() { _ = recover() }()
		_ = p.WithConn(context.Background(), pool.OwnerOperation, func(*pool.Conn) error { panic("boom") })
	}()
	wantErr := errors.New("fn failed")
	if err := p.WithConn(context.Background(), pool.OwnerOperation, func(*pool.Conn) error { return wantErr }); err != wantErr {
		t.Errorf("WithConn returned %v, want fn's error", err)
	}
	if s := p.Stats(); s.InUse != 0 || s.Idle != 1 {
		t.Errorf("after WithConn: in use %d idle %d, want 0 and 1", s.InUse, s.Idle)
	}
}

func TestCheckoutFromPausedPool(t *testing.T) {
	cause := errors.New("monitor timed out")
	p := pool.New(pool.Config{Address: "a:1", Dial: (&memDialer{}).Dial})
	defer closePool(t, p)
	_, err := p.Checkout(context.Background(), pool.OwnerOperation)
	var pce *pool.PoolClearedError
	if !errors.As(err, &pce) || !pce.Retryable() || !pce.HasErrorLabel(pool.LabelRetryableError) {
		t.Fatalf("checkout of a new pool: %v, want a retryable PoolClearedError", err)
	}
	p.Ready()
	p.Clear(pool.ClearOptions{Cause: cause})
	_, err = p.Checkout(context.Background(), pool.OwnerOperation)
	if !errors.As(err, &pce) || !errors.Is(err, cause) {
		t.Errorf("checkout after Clear: %v, want a PoolClearedError wrapping the cause", err)
	}
}

// TestConnectionErrorEvent is CMAP prose test 5: a failed establishment
// fails the checkout with a connectionError CheckOutFailed event; network
// failures carry the backpressure labels.
func TestConnectionErrorEvent(t *testing.T) {
	netErr := &pool.EstablishError{Stage: pool.StageDial, Addr: "a:1", Err: &pool.NetError{Op: "dial", Addr: "a:1", Err: errors.New("connection refused")}}
	authErr := &pool.EstablishError{Stage: pool.StageAuth, Addr: "a:1", Err: errors.New("bad password")}
	for _, tc := range []struct {
		name string
		err  error
	}{{"network", netErr}, {"auth", authErr}} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var reasons []string
			d := &memDialer{fail: func(int64) error { return tc.err }}
			p, _ := newMemPool(t, pool.Config{Dial: d.Dial, Events: &pool.Events{
				CheckOutFailed: func(e pool.CheckOutFailedEvent) { mu.Lock(); reasons = append(reasons, e.Reason); mu.Unlock() },
				ConnectionClosed: func(e pool.ConnectionClosedEvent) {
					mu.Lock()
					reasons = append(reasons, "closed:"+e.Reason)
					mu.Unlock()
				},
			}})
			_, err := p.Checkout(context.Background(), pool.OwnerOperation)
			var ce *pool.ConnectionError
			if !errors.As(err, &ce) || !errors.Is(err, tc.err) {
				t.Fatalf("checkout: %v, want a ConnectionError wrapping the dial error", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(reasons) != 2 || reasons[0] != "closed:error" || reasons[1] != pool.FailedConnectionError {
				t.Errorf("events %v, want closed:error then connectionError", reasons)
			}
		})
	}
}

func TestBackpressureLabels(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"connect refused", &pool.EstablishError{Stage: pool.StageDial, Addr: "a:1", Err: &pool.NetError{Op: "dial", Addr: "a:1", Err: &timeoutErr{}}}, true},
		{"hello timeout", &pool.EstablishError{Stage: pool.StageHello, Addr: "a:1", Err: &pool.NetError{Op: "read", Addr: "a:1", Err: context.DeadlineExceeded}}, true},
		{"auth", &pool.EstablishError{Stage: pool.StageAuth, Addr: "a:1", Err: &pool.NetError{Op: "read", Addr: "a:1", Err: context.DeadlineExceeded}}, false},
		{"server error", &pool.EstablishError{Stage: pool.StageHello, Addr: "a:1", Err: &pool.CommandError{Code: 91}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &memDialer{fail: func(int64) error { return tc.err }}
			p, _ := newMemPool(t, pool.Config{Dial: d.Dial})
			_, err := p.Checkout(context.Background(), pool.OwnerOperation)
			var ce *pool.ConnectionError
			if !errors.As(err, &ce) {
				t.Fatalf("checkout: %v", err)
			}
			got := ce.HasErrorLabel(pool.LabelSystemOverloaded) && ce.HasErrorLabel(pool.LabelRetryableError)
			if got != tc.want {
				t.Errorf("labels %v, want backpressure labels: %v", ce.Labels, tc.want)
			}
		})
	}
}

// timeoutErr is a net.Error timeout.
type timeoutErr struct{}

func (*timeoutErr) Error() string   { return "i/o timeout" }
func (*timeoutErr) Timeout() bool   { return true }
func (*timeoutErr) Temporary() bool { return true }

func TestLoadBalancedClear(t *testing.T) {
	svcA, svcB := bson.ObjectID{1}, bson.ObjectID{2}
	d := &memDialer{desc: func(id int64) *description.Server {
		sid := svcA
		if id%2 == 0 {
			sid = svcB
		}
		return &description.Server{ServiceID: &sid}
	}}
	var cleared []pool.PoolClearedEvent
	p, _ := newMemPool(t, pool.Config{Dial: d.Dial, Conn: pool.ConnConfig{LoadBalanced: true},
		Events: &pool.Events{PoolCleared: func(e pool.PoolClearedEvent) { cleared = append(cleared, e) }}})
	a := mustCheckout(t, p, pool.OwnerOperation)
	b := mustCheckout(t, p, pool.OwnerOperation)
	p.Clear(pool.ClearOptions{ServiceID: &svcA})
	if s := p.Stats(); s.State != "ready" {
		t.Errorf("a load-balanced clear paused the pool: %s", s.State)
	}
	if len(cleared) != 1 || cleared[0].ServiceID == nil || *cleared[0].ServiceID != svcA {
		t.Errorf("PoolCleared events %+v, want one for service A", cleared)
	}
	if gen, ok := p.ConnGeneration(b); !ok || gen != 0 {
		t.Errorf("service B's generation %d %v, want 0", gen, ok)
	}
	_ = p.Checkin(a)
	_ = p.Checkin(b)
	if s := p.Stats(); s.Idle != 1 || s.Closed != 1 {
		t.Errorf("after checkin: idle %d closed %d, want service B's kept and A's closed", s.Idle, s.Closed)
	}
	// Service A's entry went with its last connection: a new connection
	// to it starts again at generation 0.
	c := mustCheckout(t, p, pool.OwnerOperation) // B's idle one
	a2 := mustCheckout(t, p, pool.OwnerOperation)
	if gen, _ := p.ConnGeneration(a2); a2.Description().ServiceID == nil || *a2.Description().ServiceID != svcA || gen != 0 {
		t.Errorf("new connection to service A: generation %d", gen)
	}
	_ = p.Checkin(c)
	_ = p.Checkin(a2)
}

func TestClearInterruptsInUse(t *testing.T) {
	var reasons []string
	var mu sync.Mutex
	p, d := newMemPool(t, pool.Config{Events: &pool.Events{ConnectionClosed: func(e pool.ConnectionClosedEvent) {
		mu.Lock()
		reasons = append(reasons, e.Reason)
		mu.Unlock()
	}}})
	c := mustCheckout(t, p, pool.OwnerOperation)
	p.Clear(pool.ClearOptions{InterruptInUse: true})
	if !c.Closed() || d.live.Load() != 0 {
		t.Errorf("the checked-out connection was not interrupted: closed %v, live sockets %d", c.Closed(), d.live.Load())
	}
	// Its user sees a network error (retryable) caused by the clear.
	_, err := c.RoundTrip(context.Background(), []byte{})
	var ne *pool.NetError
	var pce *pool.PoolClearedError
	if !errors.As(err, &ne) || !errors.As(err, &pce) {
		t.Errorf("I/O after the clear: %v (%T), want a NetError wrapping a PoolClearedError", err, err)
	}
	if err := p.Checkin(c); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reasons) != 1 || reasons[0] != pool.ReasonStale {
		t.Errorf("closed reasons %v, want [stale]", reasons)
	}
}

func TestIdlePrunedAndMinPoolSize(t *testing.T) {
	p, d := newMemPool(t, pool.Config{MinPoolSize: 2, MaxIdleTime: 30 * time.Millisecond, MaintainInterval: 5 * time.Millisecond})
	waitFor(t, "minPoolSize connections", 2*time.Second, func() bool { return p.Stats().Idle == 2 })
	// Idle connections age out and are replaced: the pool keeps minPoolSize.
	waitFor(t, "idle connections replaced", 2*time.Second, func() bool { return p.Stats().Closed >= 2 })
	waitFor(t, "minPoolSize kept", 2*time.Second, func() bool { s := p.Stats(); return s.Idle == 2 && s.Total == 2 })
	if d.maxLive.Load() > 3 {
		t.Errorf("%d sockets at once, want at most minPoolSize+1 during replacement", d.maxLive.Load())
	}
}

// TestIdleLIFO checks that the most recently used connection is reused, so
// a pool shrinks after a burst.
func TestIdleLIFO(t *testing.T) {
	p, _ := newMemPool(t, pool.Config{MaxIdleTime: 50 * time.Millisecond, MaintainInterval: 5 * time.Millisecond})
	a := mustCheckout(t, p, pool.OwnerOperation)
	b := mustCheckout(t, p, pool.OwnerOperation)
	_ = p.Checkin(a)
	_ = p.Checkin(b)
	deadline := time.Now().Add(300 * time.Millisecond)
	for time.Now().Before(deadline) {
		c := mustCheckout(t, p, pool.OwnerOperation)
		if c != b {
			t.Fatalf("checkout returned another connection than the last checked in")
		}
		_ = p.Checkin(c)
		time.Sleep(5 * time.Millisecond)
	}
	if s := p.Stats(); s.Total != 1 || s.Closed != 1 {
		t.Errorf("the unused connection did not age out: %+v", s)
	}
}

func TestLeakReport(t *testing.T) {
	reports := make(chan pool.LeakReport, 4)
	p, _ := newMemPool(t, pool.Config{MaintainInterval: 5 * time.Millisecond,
		Leak: pool.LeakConfig{Threshold: 20 * time.Millisecond, Report: func(r pool.LeakReport) { reports <- r }}})
	c := leakyCheckout(t, p)
	select {
	case r := <-reports:
		if r.ConnectionID != c.ID() || r.Owner != pool.OwnerCursor || r.Held < 20*time.Millisecond {
			t.Errorf("report %+v", r)
		}
		if !strings.Contains(r.Stack, "leakyCheckout") || strings.Contains(r.Stack, "(*Pool)") {
			t.Errorf("stack does not start at the caller of Checkout:\n%s", r.Stack)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no leak report")
	}
	select {
	case r := <-reports:
		t.Errorf("second report for one checkout: %+v", r)
	case <-time.After(50 * time.Millisecond):
	}
	_ = p.Checkin(c)
	if s := p.Stats(); s.LeaksReported != 1 {
		t.Errorf("LeaksReported %d", s.LeaksReported)
	}
}

//go:noinline
func leakyCheckout(t *testing.T, p *pool.Pool) *pool.Conn {
	return mustCheckout(t, p, pool.OwnerCursor)
}

func TestCloseWaitsThenForces(t *testing.T) {
	d := &memDialer{}
	p := pool.New(pool.Config{Address: "a:1", Dial: d.Dial})
	p.Ready()
	c := mustCheckout(t, p, pool.OwnerOperation)
	idle := mustCheckout(t, p, pool.OwnerOperation)
	_ = p.Checkin(idle)

	done := make(chan error, 1)
	go func() { done <- p.Close(context.Background()) }()
	select {
	case err := <-done:
		t.Fatalf("Close returned %v while a connection was checked out", err)
	case <-time.After(30 * time.Millisecond):
	}
	if d.live.Load() != 1 {
		t.Errorf("%d live sockets, want the checked-out one only", d.live.Load())
	}
	if _, err := p.Checkout(context.Background(), pool.OwnerOperation); !errors.As(err, new(*pool.PoolClosedError)) {
		t.Errorf("checkout of a closing pool: %v", err)
	}
	_ = p.Checkin(c)
	if err := <-done; err != nil {
		t.Errorf("Close: %v", err)
	}
	if d.live.Load() != 0 {
		t.Errorf("%d live sockets after Close", d.live.Load())
	}

	// A connection never returned is closed when Close's ctx ends.
	p2 := pool.New(pool.Config{Address: "a:1", Dial: d.Dial})
	p2.Ready()
	held := mustCheckout(t, p2, pool.OwnerCursor)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := p2.Close(ctx); !errors.Is(err, context.DeadlineExceeded) && err != nil {
		t.Errorf("Close: %v", err)
	}
	if !held.Closed() || d.live.Load() != 0 {
		t.Errorf("the held connection was not closed by Close")
	}
	if err := p2.Checkin(held); err != nil {
		t.Errorf("Checkin after a forced Close: %v", err)
	}
}

// TestWaiterGivesBack races checkins with checkouts whose contexts end, on
// a pool of one: a connection handed to a waiter that gave up must come
// back, so the pool ends with its one connection idle.
func TestWaiterGivesBack(t *testing.T) {
	p, d := newMemPool(t, pool.Config{MaxPoolSize: 1})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%7)*50*time.Microsecond)
				c, err := p.Checkout(ctx, pool.OwnerOperation)
				cancel()
				if err != nil {
					var wqt *pool.WaitQueueTimeoutError
					if !errors.As(err, &wqt) {
						t.Errorf("checkout: %v", err)
						return
					}
					continue
				}
				_ = p.Checkin(c)
			}
		}(g)
	}
	wg.Wait()
	s := p.Stats()
	if s.InUse != 0 || s.Waiters != 0 || s.Total != 1 || s.Idle != 1 {
		t.Errorf("after the race: %+v, want one idle connection", s)
	}
	if d.maxLive.Load() != 1 {
		t.Errorf("%d connections at once on a pool of 1", d.maxLive.Load())
	}
}
