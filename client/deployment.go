package client

import (
	"context"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// deployment adapts a running topology.Topology to operation.Deployment.
type deployment struct {
	topo     *topology.Topology
	sessions *sessionPool
}

func (d deployment) SelectServer(ctx context.Context, c topology.Criteria) (operation.Server, error) {
	s, err := d.topo.SelectServer(ctx, c)
	if err != nil {
		return nil, err
	}
	return &server{topo: d.topo, s: s}, nil
}

func (d deployment) Kind() topology.Kind { return d.topo.Description().Kind }

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
