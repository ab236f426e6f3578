package topology

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/cwal-go/cwal/bson"
)

// phase is the life stage of a Topology.
type phase uint8

const (
	phaseCreated phase = iota
	phaseConnected
	phaseClosed
)

// snapshot is what selections read without a lock: the current
// Description, the channel closed when it is replaced, and the phase.
type snapshot struct {
	desc    Description
	changed chan struct{}
	phase   phase
}

// Topology runs SDAM for a client: a monitor per server feeding the state
// machine, a connection pool per server driven by the machine's actions,
// server selection that waits for the topology to change, and the SRV
// rescan of mongodb+srv deployments. Its methods are safe for concurrent
// use.
type Topology struct {
	cfg       RuntimeConfig
	streaming bool

	// mu serializes calls into the FSM with the delivery of their events
	// and the actions they ask for, so that events are ordered and a pool
	// clear is synchronized with marking its server Unknown.
	mu      sync.Mutex
	fsm     *FSM
	opening Outcome
	phase   phase
	servers map[string]*Server

	lookup atomic.Pointer[map[string]*Server] // immutable copy of servers
	state  atomic.Pointer[snapshot]

	ctx    context.Context // ends at Close: monitors and the SRV poller
	cancel context.CancelFunc
	// closeCtx bounds the closing of pools; Close cancels it when its own
	// context ends first.
	closeCtx    context.Context
	forceClose  context.CancelFunc
	wg          sync.WaitGroup // every goroutine the Topology started
	closeWaiter sync.Once
	closed      chan struct{} // closed when wg is done after Close
}

// New validates cfg and returns a Topology that does nothing until
// Connect. The error is a *ConfigError.
func New(cfg RuntimeConfig) (*Topology, error) {
	fsm, opening, err := NewFSM(cfg.Config)
	if err != nil {
		return nil, err
	}
	cfg.ID = fsm.ID()
	t := &Topology{
		cfg:       cfg,
		streaming: cfg.MonitoringMode.streaming(nil),
		fsm:       fsm,
		opening:   opening,
		servers:   make(map[string]*Server),
		closed:    make(chan struct{}),
	}
	t.ctx, t.cancel = context.WithCancel(context.Background())
	t.closeCtx, t.forceClose = context.WithCancel(context.Background())
	t.lookup.Store(&map[string]*Server{})
	t.state.Store(&snapshot{desc: fsm.Description(), changed: make(chan struct{})})
	return t, nil
}

// ID returns the topology id the events carry.
func (t *Topology) ID() bson.ObjectID { return t.cfg.ID }

// Connect starts monitoring: it publishes the opening events, makes a
// pool and starts a monitor for each seed, and starts the SRV poller when
// configured. It does not wait for any server: selection does. Connect on
// a connected Topology does nothing; after Close it returns
// ErrTopologyClosed.
func (t *Topology) Connect() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch t.phase {
	case phaseConnected:
		return nil
	case phaseClosed:
		return ErrTopologyClosed
	}
	t.phase = phaseConnected
	t.perform(t.opening)
	t.opening = Outcome{}
	t.publish()
	if t.cfg.SRV.Host != "" && !t.cfg.LoadBalanced {
		p := newSRVPoller(t)
		t.wg.Add(1)
		go p.run()
	}
	return nil
}

// Close stops every monitor and closes every pool, publishing the closing
// events (ServerClosedEvent per server, then TopologyClosedEvent). Server
// selections waiting fail with ErrTopologyClosed. Close waits until every
// goroutine the Topology started has ended; if ctx ends first, pools close
// the connections still in use and Close returns ctx.Err() once they have.
// Calling Close again waits likewise.
func (t *Topology) Close(ctx context.Context) error {
	t.mu.Lock()
	if t.phase != phaseClosed {
		connected := t.phase == phaseConnected
		t.phase = phaseClosed
		if connected {
			t.perform(t.fsm.Close())
		}
		t.publish()
		t.cancel()
	}
	t.mu.Unlock()
	t.closeWaiter.Do(func() {
		go func() {
			t.wg.Wait()
			close(t.closed)
		}()
	})
	select {
	case <-t.closed:
		return nil
	case <-ctx.Done():
	}
	t.forceClose()
	<-t.closed
	return ctx.Err()
}

// Description returns the current topology description. It takes no lock:
// event hooks may call it.
func (t *Topology) Description() Description { return t.state.Load().desc }

// Server returns the running Server at addr (normalized as
// description.NormalizeAddr does) and whether the topology has it.
func (t *Topology) Server(addr string) (*Server, bool) {
	s, ok := (*t.lookup.Load())[addr]
	return s, ok
}

// Servers returns the running servers, in no particular order.
func (t *Topology) Servers() []*Server {
	m := *t.lookup.Load()
	out := make([]*Server, 0, len(m))
	for _, s := range m {
		out = append(out, s)
	}
	return out
}

// emit delivers one event; the caller holds mu.
func (t *Topology) emit(e Event) {
	if t.cfg.Events != nil {
		t.cfg.Events(e)
	}
}

// publish replaces the snapshot with the FSM's current Description and
// wakes the selections waiting on the old one; the caller holds mu.
func (t *Topology) publish() {
	old := t.state.Load()
	t.state.Store(&snapshot{desc: t.fsm.Description(), changed: make(chan struct{}), phase: t.phase})
	close(old.changed)
}

// isCurrent reports whether s is still the topology's server at its
// address; the caller holds mu.
func (t *Topology) isCurrent(s *Server) bool {
	return t.servers[s.addr] == s
}
