package topology_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// TestClearPoolAfterMarkedUnknown checks that when a network error clears
// a server's pool, selections already see the server Unknown: otherwise an
// operation failed by the clear could select the server again at once and
// meet its paused pool.
func TestClearPoolAfterMarkedUnknown(t *testing.T) {
	srv := newServer(t)
	var topo atomic.Pointer[topology.Topology]
	seen := make(chan description.ServerType, 1)
	topoV := startTopology(t, nil, func(c *topology.RuntimeConfig) {
		c.Pool.Events = &pool.Events{PoolCleared: func(pool.PoolClearedEvent) {
			d, _ := topo.Load().Description().Server(srv.Addr())
			seen <- d.Type
		}}
	}, srv.Addr())
	topo.Store(topoV)
	s := selectWrite(t, topoV, 5*time.Second)
	defer s.DecInFlight()
	topoV.HandleAppError(context.Background(), s, topology.AppError{
		Kind: topology.NetworkFailure, HandshakeDone: true,
		Generation: 0, Err: errors.New("connection reset"),
	})
	select {
	case typ := <-seen:
		if typ != description.Unknown {
			t.Errorf("at the pool clear, selections saw the server as %s, want Unknown", typ)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the network error did not clear the pool")
	}
}
