package client

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/connstring"
	"github.com/cwal-go/cwal/internal/logging"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/topology"
)

// ErrClientDisconnected is returned by operations on a Client after
// Disconnect.
var ErrClientDisconnected = errors.New("client: disconnected")

// Client is a connection to a MongoDB deployment: its topology, pools and
// the defaults of every operation. It is safe for concurrent use; make one
// per deployment and share it.
type Client struct {
	topo    *topology.Topology
	dep     deployment
	monitor *operation.CommandMonitor
	st      settings

	// background tracks the kills of cursors dropped without Close, so
	// that Disconnect waits for them.
	bgMu         sync.Mutex
	background   sync.WaitGroup
	leaked       atomic.Uint64
	disconnected atomic.Bool
	// logger is closed by Disconnect; nil when logging is off.
	logger *logging.Logger
}

// settings are the inherited defaults of an operation: client, then
// database, then collection.
type settings struct {
	rc          operation.ReadConcern
	wc          operation.WriteConcern
	rp          topology.ReadPref
	retryReads  bool
	retryWrites bool
}

// Connect parses uri (resolving mongodb+srv), applies opts and connects
// as ConnectConfig does.
func Connect(ctx context.Context, uri string, opts ...Option) (*Client, error) {
	cs, err := connstring.ParseAndResolve(ctx, uri, nil)
	if err != nil {
		return nil, err
	}
	cfg := &Config{ConnString: cs}
	for _, o := range opts {
		o(cfg)
	}
	return ConnectConfig(ctx, cfg)
}

// ConnectConfig starts monitoring the deployment cfg describes and returns
// at once: the first operation waits for a suitable server (use Ping to
// check that one is reachable). ctx is not kept.
func ConnectConfig(_ context.Context, cfg *Config) (*Client, error) {
	if cfg == nil || cfg.ConnString == nil {
		return nil, errors.New("client: Config.ConnString is required")
	}
	logged := *cfg // the caller's Config stays as it was
	lg := cfg.Logging.logger()
	logged.withLogging(lg)
	cfg = &logged
	st, err := settingsFromConnString(cfg.ConnString)
	if err != nil {
		return nil, err
	}
	rc, err := cfg.runtimeConfig()
	if err != nil {
		return nil, err
	}
	topo, err := topology.New(rc)
	if err != nil {
		return nil, err
	}
	if err := topo.Connect(); err != nil {
		return nil, err
	}
	dep := newDeployment(topo)
	return &Client{topo: topo, dep: dep, monitor: cfg.Monitor, st: st, logger: lg}, nil
}

// Ping runs {ping: 1} on admin with the client's read preference, waiting
// for a suitable server.
func (c *Client) Ping(ctx context.Context) error {
	return c.Database("admin").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
}

// Disconnect waits for the background kills of abandoned cursors, ends
// the pooled server sessions (endSessions), then closes every pool and
// stops every monitor. No goroutine of the client
// remains once it returns nil. Operations after it fail with
// ErrClientDisconnected.
func (c *Client) Disconnect(ctx context.Context) error {
	c.bgMu.Lock()
	was := c.disconnected.Swap(true)
	c.bgMu.Unlock()
	if was {
		return ErrClientDisconnected
	}
	done := make(chan struct{})
	go func() { c.background.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	c.endSessions(ctx)
	err := c.topo.Close(ctx)
	// The MONGODB_LOG_PATH file, if the logger opened one, after the
	// topology's last messages.
	_ = c.logger.Close()
	return err
}

// Topology returns the client's running topology, the escape hatch to
// server descriptions and pool statistics.
func (c *Client) Topology() *topology.Topology { return c.topo }

// Deployment returns the client's servers as an operation.Deployment, to
// run commands of the operation package through the client's pools.
func (c *Client) Deployment() operation.Deployment { return c.dep }

// LeakedCursors counts the cursors that were dropped without Close and
// closed by the runtime cleanup.
func (c *Client) LeakedCursors() uint64 { return c.leaked.Load() }

// execute runs cmd with the client's monitor, in the explicit session ctx
// carries (NewSessionContext) unless eo has one, after checking the
// client is connected.
func (c *Client) execute(ctx context.Context, cmd operation.Command, eo operation.ExecOptions) error {
	if c.disconnected.Load() {
		return ErrClientDisconnected
	}
	if err := c.bindSession(ctx, &eo); err != nil {
		return err
	}
	eo.Monitor = c.monitor
	return operation.Execute(ctx, c.dep, cmd, eo)
}

// executeBackground is execute for the kills Disconnect waits for, which
// may run while it does.
func (c *Client) executeBackground(ctx context.Context, cmd operation.Command, eo operation.ExecOptions) error {
	eo.Monitor = c.monitor
	return operation.Execute(ctx, c.dep, cmd, eo)
}

// readOpts are the ExecOptions of a read with st.
func (st *settings) readOpts() operation.ExecOptions {
	return operation.ExecOptions{ReadPref: st.rp, ReadConcern: st.rc, RetryReads: st.retryReads}
}

// writeOpts are the ExecOptions of a write with st.
func (st *settings) writeOpts() operation.ExecOptions {
	return operation.ExecOptions{WriteConcern: st.wc, RetryWrites: st.retryWrites}
}
