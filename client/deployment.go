package client

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/session"
	"github.com/cwal-go/cwal/topology"
)

// deployment adapts a running topology.Topology to operation.Deployment.
// It is also the operation.SessionProvider of implicit sessions (from the
// client's server session pool) and the operation.ClusterClock that
// gossips $clusterTime on every command.
type deployment struct {
	topo     *topology.Topology
	sessions *session.Pool
	clock    *session.ClusterClock
}

// newDeployment wraps topo with an empty session pool and clock.
func newDeployment(topo *topology.Topology) deployment {
	timeout := func() time.Duration {
		d := topo.Description()
		// A load balancer hides the servers' session timeouts; the pool
		// keeps its sessions (load balancer specification).
		if d.Kind == topology.LoadBalanced || d.LogicalSessionTimeoutMinutes == nil {
			return 0
		}
		return time.Duration(*d.LogicalSessionTimeoutMinutes) * time.Minute
	}
	return deployment{topo: topo, sessions: session.NewPool(timeout), clock: new(session.ClusterClock)}
}

func (d deployment) SelectServer(ctx context.Context, c topology.Criteria) (operation.Server, error) {
	s, err := d.topo.SelectServer(ctx, c)
	if err != nil {
		return nil, err
	}
	return &server{topo: d.topo, s: s}, nil
}

func (d deployment) Kind() topology.Kind { return d.topo.Description().Kind }

// ClusterTime returns the greatest $clusterTime a server sent the client.
func (d deployment) ClusterTime() bson.Raw { return d.clock.ClusterTime() }

// AdvanceClusterTime is given every reply's $clusterTime.
func (d deployment) AdvanceClusterTime(ct bson.Raw) { d.clock.AdvanceClusterTime(ct) }

// server is one selected topology.Server seen as an operation.Server.
type server struct {
	topo *topology.Topology
	s    *topology.Server
}

func (s *server) Description() description.Server { return s.s.Description() }

func (s *server) Checkout(ctx context.Context) (*pool.Conn, error) {
	return s.s.Pool().Checkout(ctx, pool.OwnerOperation)
}

func (s *server) Checkin(c *pool.Conn) error { return s.s.Pool().Checkin(c) }

func (s *server) HandleError(ctx context.Context, e topology.AppError) {
	s.topo.HandleAppError(ctx, s.s, e)
}

// Done ends the in-flight count SelectServer started.
func (s *server) Done() { s.s.DecInFlight() }
