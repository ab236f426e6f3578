package crosscheck

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	cbson "github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// stormMaxPool is the maxPoolSize of both drivers in the storm.
const stormMaxPool = 100

// raceEnabled reports a test binary built with -race, whose detector
// allows at most 8,128 live goroutines.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// stormSize is the number of operations started at once: 10,000, or
// 6,000 under the race detector, which leaves room below its limit for
// the drivers' and the server's own goroutines and still fills both pools.
func stormSize() int {
	if raceEnabled() {
		return 6000
	}
	return 10000
}

// stormClient is one driver set up for the storm: its operation (a ping
// on a pooled connection), the connections its pool created, and how to
// shut it down.
type stormClient struct {
	name    string
	op      func(ctx context.Context) error
	created func() int64
	close   func() error
}

// cwalStormClient runs the operation the client package will run: select
// a server, check out, ping, check in.
func cwalStormClient(srv *mongotest.Server) (*stormClient, error) {
	topo, err := topology.New(topology.RuntimeConfig{
		Config: topology.Config{Seeds: []string{srv.Addr()}, Direct: true},
		Pool:   pool.Config{MaxPoolSize: stormMaxPool},
	})
	if err != nil {
		return nil, err
	}
	if err := topo.Connect(); err != nil {
		return nil, err
	}
	b, start := cbson.AppendDocumentStart(nil)
	ping := cbson.Raw(cbson.AppendDocumentEnd(cbson.AppendInt32Element(b, "ping", 1), start))
	op := func(ctx context.Context) error {
		s, err := topo.SelectServer(ctx, topology.Criteria{Write: true})
		if err != nil {
			return err
		}
		defer s.DecInFlight()
		c, err := s.Pool().Checkout(ctx, pool.OwnerOperation)
		if err != nil {
			return err
		}
		_, err = c.RunCommand(ctx, "admin", ping)
		if cerr := s.Pool().Checkin(c); cerr != nil {
			return fmt.Errorf("checkin: %w", cerr)
		}
		return err
	}
	created := func() int64 {
		if s, ok := topo.Server(srv.Addr()); ok {
			return int64(s.Pool().Stats().Created)
		}
		return -1
	}
	closeFn := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return topo.Close(ctx)
	}
	return &stormClient{name: "cwal", op: op, created: created, close: closeFn}, nil
}

// officialStormClient is the official driver with maxPoolSize=100 running
// the ping command; a PoolMonitor counts the connections it creates.
func officialStormClient(srv *mongotest.Server) (*stormClient, error) {
	var created atomic.Int64
	monitor := &event.PoolMonitor{Event: func(e *event.PoolEvent) {
		if e.Type == event.ConnectionCreated {
			created.Add(1)
		}
	}}
	// A short heartbeat bounds Disconnect, as in connectOfficial.
	o := options.Client().ApplyURI(srv.DirectURI()).SetMaxPoolSize(stormMaxPool).SetPoolMonitor(monitor).
		SetServerSelectionTimeout(30 * time.Second).SetHeartbeatInterval(500 * time.Millisecond)
	cl, err := mongo.Connect(o)
	if err != nil {
		return nil, err
	}
	db := cl.Database("admin")
	ping := bson.D{{Key: "ping", Value: 1}}
	return &stormClient{
		name:    "official",
		op:      func(ctx context.Context) error { return db.RunCommand(ctx, ping).Err() },
		created: created.Load,
		close: func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			return cl.Disconnect(ctx)
		},
	}, nil
}

// stormResult is what one storm measured.
type stormResult struct {
	driver     string
	ops        int
	errs       []error
	elapsed    time.Duration
	lat        []time.Duration // sorted
	created    int64           // pool connections, as the driver counts them
	serverPeak int64           // connections the server saw at once, monitors included
}

func (r *stormResult) quantile(q float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[int(q*float64(len(r.lat)-1))]
}

// stormRun is a storm ready to start: n goroutines wait on a barrier.
type stormRun struct {
	start chan struct{}
	wg    sync.WaitGroup
	lat   []time.Duration
	mu    sync.Mutex
	errs  []error
}

// prepareStorm starts n goroutines that each run op once, when go opens
// the barrier.
func prepareStorm(n int, op func(ctx context.Context) error) *stormRun {
	r := &stormRun{start: make(chan struct{}), lat: make([]time.Duration, n)}
	for i := range n {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			<-r.start
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			began := time.Now()
			err := op(ctx)
			r.lat[i] = time.Since(began)
			if err != nil {
				r.mu.Lock()
				r.errs = append(r.errs, err)
				r.mu.Unlock()
			}
		}()
	}
	return r
}

// run opens the barrier and waits for every operation; it returns the time
// from the opening to the end of the last one.
func (r *stormRun) run() time.Duration {
	began := time.Now()
	close(r.start)
	r.wg.Wait()
	return time.Since(began)
}

// stormOnce runs one storm of n operations with c against srv.
func stormOnce(c *stormClient, srv *mongotest.Server, n int) *stormResult {
	r := prepareStorm(n, c.op)
	srv.ResetPeakConnections()
	elapsed := r.run()
	peak := int64(srv.PeakConnections())
	slices.Sort(r.lat)
	return &stormResult{driver: c.name, ops: n, errs: r.errs, elapsed: elapsed, lat: r.lat, created: c.created(), serverPeak: peak}
}
