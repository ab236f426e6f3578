package operation_test

import (
	"context"
	"testing"
	"time"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// topoDeployment is the small adapter a client writes to run operations on
// a topology.Topology; it is here to prove the Deployment interface fits
// the runtime.
type topoDeployment struct{ t *topology.Topology }

func (d topoDeployment) SelectServer(ctx context.Context, c topology.Criteria) (operation.Server, error) {
	s, err := d.t.SelectServer(ctx, c)
	if err != nil {
		return nil, err
	}
	return topoServer{d.t, s}, nil
}

func (d topoDeployment) Kind() topology.Kind { return d.t.Description().Kind }

type topoServer struct {
	t *topology.Topology
	s *topology.Server
}

func (s topoServer) Description() description.Server { return s.s.Description() }
func (s topoServer) Checkout(ctx context.Context) (*pool.Conn, error) {
	return s.s.Pool().Checkout(ctx, pool.OwnerOperation)
}
func (s topoServer) Checkin(c *pool.Conn) error { return s.s.Pool().Checkin(c) }
func (s topoServer) HandleError(ctx context.Context, e topology.AppError) {
	s.t.HandleAppError(ctx, s.s, e)
}
func (s topoServer) Done() { s.s.DecInFlight() }

// TestTopologyAdapter runs operations through a real Topology: a state
// change error marks the primary Unknown, and the retry waits for the
// monitor to find it again.
func TestTopologyAdapter(t *testing.T) {
	srv := mongotest.NewServer()
	defer srv.Close()
	topo, err := topology.New(topology.RuntimeConfig{
		Config:                 topology.Config{Seeds: []string{srv.Addr()}, SetName: srv.ReplicaSetName(), HeartbeatFrequency: 500 * time.Millisecond},
		Pool:                   pool.Config{MaintainInterval: -1},
		ServerSelectionTimeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := topo.Connect(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := topo.Close(ctx); err != nil {
			t.Error(err)
		}
	}()
	d := topoDeployment{topo}
	if err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(3, 0)}, operation.ExecOptions{}); err != nil {
		t.Fatal(err)
	}
	failPoint(t, d, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["find"], "errorCode": 10107}}`)
	rec := &recorder{}
	f := &operation.Find{DB: "db", Collection: "c"}
	if err := run(t, d, f, operation.ExecOptions{RetryReads: true, Monitor: rec.monitor()}); err != nil || f.Result.Len() != 3 {
		t.Fatalf("find: %v", err)
	}
	if len(rec.startedNamed("find")) != 2 {
		t.Fatal("the find must have been retried")
	}
	for _, s := range topo.Servers() {
		if s.InFlight() != 0 {
			t.Fatalf("%s: %d operations still counted in flight", s.Addr(), s.InFlight())
		}
		if st := s.Pool().Stats(); st.InUse != 0 {
			t.Fatalf("%s: %d connections in use", s.Addr(), st.InUse)
		}
	}
}
