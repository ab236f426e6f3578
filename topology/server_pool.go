package topology

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/pool"
)

// PoolOf adapts a *pool.Pool to ServerPool, for a RuntimeConfig.NewPool
// that makes its own pools.
func PoolOf(p *pool.Pool) ServerPool { return poolAdapter{p} }

// poolAdapter drives a *pool.Pool for the runtime.
type poolAdapter struct{ p *pool.Pool }

func (a poolAdapter) Ready() { a.p.Ready() }

func (a poolAdapter) Clear(interrupt bool, serviceID *bson.ObjectID, cause error) {
	a.p.Clear(pool.ClearOptions{InterruptInUse: interrupt, ServiceID: serviceID, Cause: cause})
}

// Generation returns the pool's generation. The pool does not report a
// service's own generation, so for a service it returns 0: an error on an
// old connection to that service is then never found stale, and at worst
// clears the service's connections twice.
func (a poolAdapter) Generation(serviceID *bson.ObjectID) uint64 {
	if serviceID != nil {
		return 0
	}
	return a.p.Generation()
}

func (a poolAdapter) Close(ctx context.Context) error { return a.p.Close(ctx) }

// newPool makes a server's pool: with RuntimeConfig.NewPool when set,
// otherwise a *pool.Pool from the RuntimeConfig.Pool template whose
// establishment failures go to report (after the template's own
// EstablishError, if any) before the connection is closed and before the
// checkout that waits for it fails: SDAM clears the pool first. The
// operation that sees the checkout error reports it again, as a stale
// error by then.
func (c *RuntimeConfig) newPool(addr string, report PoolErrorFunc) ServerPool {
	if c.NewPool != nil {
		return c.NewPool(addr, report)
	}
	cfg := c.Pool
	cfg.Address = addr
	cfg.Conn.LoadBalanced = cfg.Conn.LoadBalanced || c.LoadBalanced
	user := cfg.EstablishError
	cfg.EstablishError = func(e *pool.ConnectionError) {
		if user != nil {
			user(e)
		}
		report(e, e.Generation)
	}
	return PoolOf(pool.New(cfg))
}

// connPool returns the *pool.Pool behind a ServerPool, nil when it is
// another implementation.
func connPool(p ServerPool) *pool.Pool {
	if a, ok := p.(poolAdapter); ok {
		return a.p
	}
	return nil
}
