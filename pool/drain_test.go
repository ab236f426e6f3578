package pool_test

import (
	"context"
	"testing"
	"time"

	"github.com/cwal-go/cwal/pool"
)

// newPipePool returns a ready pool over net.Pipe connections to an
// in-process responder.
func newPipePool(t *testing.T, cfg pool.Config) (*pool.Pool, *pipeDialer) {
	t.Helper()
	d := &pipeDialer{}
	cfg.Address = "drain.test:27017"
	cfg.Dial = d.Dial
	p := pool.New(cfg)
	p.Ready()
	t.Cleanup(func() {
		closePool(t, p)
		d.wg.Wait()
	})
	return p, d
}

// timeOut runs a command whose reply comes after replyMS, with a context
// that ends after waitMS, and checks the read was interrupted.
func timeOut(t *testing.T, c *pool.Conn, replyMS, waitMS int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(waitMS)*time.Millisecond)
	defer cancel()
	_, err := c.RunCommand(ctx, "admin", sleepCmd(replyMS))
	if !isTimeout(err) {
		t.Fatalf("RunCommand: %v, want a timeout", err)
	}
	if c.State() != pool.StateReplyPending {
		t.Fatalf("state %v after a timeout, want reply pending", c.State())
	}
}

func TestDrainReturnsConnection(t *testing.T) {
	var closed []string
	p, d := newPipePool(t, pool.Config{Events: &pool.Events{ConnectionClosed: func(e pool.ConnectionClosedEvent) {
		closed = append(closed, e.Reason)
	}}})
	c := mustCheckout(t, p, pool.OwnerOperation)
	timeOut(t, c, 80, 10)
	if err := p.Checkin(c); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); s.Draining != 1 || s.Total != 1 {
		t.Errorf("after checkin: %+v, want one draining", s)
	}
	waitFor(t, "the drain", 2*time.Second, func() bool { return p.Stats().Drained == 1 })
	c2 := mustCheckout(t, p, pool.OwnerOperation)
	if c2 != c {
		t.Fatalf("the drained connection was not reused")
	}
	if _, err := c2.RunCommand(context.Background(), "admin", pingCmd()); err != nil {
		t.Fatalf("ping on the drained connection: %v", err)
	}
	_ = p.Checkin(c2)
	if s := p.Stats(); s.Created != 1 || len(closed) != 0 || d.live.Load() != 1 {
		t.Errorf("a timeout cost a connection: %+v, closed %v", s, closed)
	}
}

func TestDrainTimeoutCloses(t *testing.T) {
	p, _ := newPipePool(t, pool.Config{DrainTimeout: 30 * time.Millisecond})
	c := mustCheckout(t, p, pool.OwnerOperation)
	timeOut(t, c, 300, 10)
	_ = p.Checkin(c)
	waitFor(t, "the failed drain", 2*time.Second, func() bool { return p.Stats().DrainFailed == 1 })
	if s := p.Stats(); s.Total != 0 || s.Closed != 1 || !c.Closed() {
		t.Errorf("after a failed drain: %+v", s)
	}
}

func TestDrainOff(t *testing.T) {
	p, _ := newPipePool(t, pool.Config{DrainTimeout: -1})
	c := mustCheckout(t, p, pool.OwnerOperation)
	timeOut(t, c, 50, 5)
	_ = p.Checkin(c)
	if s := p.Stats(); s.Total != 0 || !c.Closed() {
		t.Errorf("with draining off, a pending reply did not close the connection: %+v", s)
	}
}

// TestDrainServesWaiter: a waiter on a full pool gets the drained
// connection instead of a new one.
func TestDrainServesWaiter(t *testing.T) {
	p, _ := newPipePool(t, pool.Config{MaxPoolSize: 1})
	c := mustCheckout(t, p, pool.OwnerOperation)
	timeOut(t, c, 60, 5)
	got := make(chan *pool.Conn, 1)
	go func() { got <- mustCheckout(t, p, pool.OwnerOperation) }()
	waitFor(t, "the waiter", time.Second, func() bool { return p.Stats().Waiters == 1 })
	_ = p.Checkin(c)
	select {
	case c2 := <-got:
		if c2 != c {
			t.Errorf("the waiter got another connection")
		}
		_ = p.Checkin(c2)
	case <-time.After(2 * time.Second):
		t.Fatal("the waiter was not served")
	}
}

func TestCloseEndsDrain(t *testing.T) {
	d := &pipeDialer{}
	p := pool.New(pool.Config{Address: "drain.test:27017", Dial: d.Dial})
	p.Ready()
	c := mustCheckout(t, p, pool.OwnerOperation)
	timeOut(t, c, 1000, 5)
	_ = p.Checkin(c)
	start := time.Now()
	closePool(t, p)
	if time.Since(start) > 500*time.Millisecond || !c.Closed() {
		t.Errorf("Close did not end the drain at once (%v)", time.Since(start))
	}
	d.wg.Wait()
}
