package pool_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/pool"
)

// TestEstablishErrorBeforeClose: a failed establishment a checkout waits
// for is reported to EstablishError before ConnectionClosed and before the
// checkout fails, so that SDAM can clear the pool first.
func TestEstablishErrorBeforeClose(t *testing.T) {
	var mu sync.Mutex
	var order []string
	note := func(s string) {
		mu.Lock()
		order = append(order, s)
		mu.Unlock()
	}
	boom := errors.New("auth failed")
	var p *pool.Pool
	p = pool.New(pool.Config{
		Address: "pool.test:27017",
		Dial: func(context.Context, string, pool.ConnConfig) (*pool.Conn, error) {
			return nil, boom
		},
		Events: &pool.Events{
			PoolCleared:      func(pool.PoolClearedEvent) { note("cleared") },
			ConnectionClosed: func(pool.ConnectionClosedEvent) { note("closed") },
		},
		EstablishError: func(e *pool.ConnectionError) {
			note("establishError")
			p.Clear(pool.ClearOptions{Cause: e})
		},
		BackgroundError: func(*pool.ConnectionError) { note("backgroundError") },
	})
	p.Ready()
	defer closePool(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := p.Checkout(ctx, pool.OwnerOperation); !errors.Is(err, boom) {
		t.Fatalf("checkout: %v, want the establishment error", err)
	}
	note("checkoutFailed")
	mu.Lock()
	defer mu.Unlock()
	want := []string{"establishError", "cleared", "closed", "checkoutFailed"}
	if len(order) != len(want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
}
