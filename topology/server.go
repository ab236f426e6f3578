package topology

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
)

// Server is one server of a running Topology: its connection pool, its
// monitor and the count of operations running on it. A Server is made
// when the server joins the topology and stopped when it leaves; a server
// that leaves and comes back is a new Server. Its methods are safe for
// concurrent use.
type Server struct {
	addr string
	t    *Topology
	pool ServerPool
	mon  *monitor // nil in load-balanced mode
	rtt  RTT

	inFlight atomic.Int64
	stopped  atomic.Bool
}

// Addr returns the server's address, normalized as
// description.NormalizeAddr does.
func (s *Server) Addr() string { return s.addr }

// Pool returns the server's connection pool; nil when RuntimeConfig.NewPool
// made a pool that is not a *pool.Pool wrapped by PoolOf.
func (s *Server) Pool() *pool.Pool { return connPool(s.pool) }

// Description returns the server's description in the topology's current
// Description; after the server left the topology, an Unknown description
// with ErrServerRemoved.
func (s *Server) Description() description.Server {
	if d, ok := s.t.Description().Server(s.addr); ok && !s.stopped.Load() {
		return d
	}
	return description.Server{Addr: s.addr, Error: ErrServerRemoved}
}

// RTT returns the monitor's moving average of round trip times and the
// minimum over its last samples (0 until there are two), live: in
// streaming mode the Description's RTT is refreshed only with each
// streamed reply.
func (s *Server) RTT() (avg, minimum time.Duration) { return s.rtt.Average(), s.rtt.Min() }

// IncInFlight counts one more operation running on the server. SelectServer
// does it for the server it returns; other callers (a cursor's getMore
// pinned to its server) call it before using the server.
func (s *Server) IncInFlight() { s.inFlight.Add(1) }

// DecInFlight counts one operation less; call it exactly once per
// IncInFlight (or per SelectServer result), when the operation ends,
// whatever its outcome.
func (s *Server) DecInFlight() { s.inFlight.Add(-1) }

// InFlight returns the number of operations running on the server, the
// operationCount that selection compares.
func (s *Server) InFlight() int64 { return s.inFlight.Load() }

// PoolGeneration returns the pool's current generation (of serviceID's
// connections in load-balanced mode): record it with the generation of an
// application error for HandleError.
func (s *Server) PoolGeneration(serviceID *bson.ObjectID) uint64 {
	return s.pool.Generation(serviceID)
}

// RequestCheck asks the server's monitor to check it now (it is ignored
// while a check is running and never makes checks more frequent than
// MinHeartbeatFrequency).
func (s *Server) RequestCheck() {
	if s.mon != nil {
		s.mon.requestCheck()
	}
}

// stop ends the monitor and closes the pool. The caller has removed the
// server from the topology; stop runs on a goroutine the Topology waits
// for on Close.
func (s *Server) stop(ctx context.Context) {
	if s.mon != nil {
		s.mon.stop()
	}
	_ = s.pool.Close(ctx)
}
