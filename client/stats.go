package client

import (
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
)

// PoolStats returns a live snapshot of the connection pool of every server
// the client currently knows, in no particular order: who holds the
// connections, how many wait, churn totals, the wait histogram and the
// leak counters (Abandoned counts cursors dropped without Close). It
// allocates only the returned slice.
func (c *Client) PoolStats() []pool.Stats {
	servers := c.topo.Servers()
	out := make([]pool.Stats, 0, len(servers))
	for _, s := range servers {
		out = append(out, s.Pool().Stats())
	}
	return out
}

// noteAbandoned counts a cursor dropped without Close in the pool
// diagnostics of the server that holds its server cursor
// (pool.Stats.Abandoned), besides Client.LeakedCursors.
func noteAbandoned(s operation.Server) {
	if sv, ok := s.(*server); ok {
		sv.s.Pool().NoteAbandoned()
	}
}
