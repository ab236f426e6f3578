package pool

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/cwal-go/cwal/bson"
)

// poolState is the CMAP pool state.
type poolState uint8

const (
	statePaused poolState = iota // initial; after Clear
	stateReady
	stateClosed
)

func (s poolState) String() string {
	switch s {
	case statePaused:
		return "paused"
	case stateReady:
		return "ready"
	}
	return "closed"
}

// Pool shares the connections to one server among operations, following
// the Connection Monitoring and Pooling specification (CMAP): a FIFO wait
// queue, at most MaxPoolSize connections and MaxConnecting handshakes at
// once, generations that Clear advances, perished connections closed on
// checkout and in the background, and CMAP events.
//
// Every connection Checkout returns has one owner and one way back,
// Checkin, which accepts it exactly once; a connection whose reply is still
// on its way is drained in the background and reused, not closed. All
// methods are safe for concurrent use. A Pool starts paused: call Ready.
// Close ends every goroutine and socket the pool started.
type Pool struct {
	addr string
	cfg  Config
	opts Options
	ev   *Events
	lb   bool

	ctx    context.Context // ends establishments when the pool closes
	cancel context.CancelCauseFunc
	wake   chan struct{} // asks for a maintenance run now
	stop   chan struct{} // closed by Close: the maintenance goroutine ends
	signal chan struct{} // after Close: a connection came back or a goroutine ended

	// transMu orders Ready, Clear and Close with their events, so that
	// observers see PoolReady and PoolCleared in the order of the state
	// changes.
	transMu sync.Mutex

	mu         sync.Mutex
	state      poolState
	populate   bool // minPoolSize population allowed: PoolReady was emitted
	gen        uint64
	clearCause error
	conns      map[*Conn]*member // established connections: idle, in use, draining
	idle       []*member         // a stack: the most recently used on top
	queue      waitQueue
	dialing    []*dialTask // establishments in flight
	draining   int
	inUse      [NumOwners]int
	nextID     int64
	services   map[bson.ObjectID]*service // load-balanced mode
	goroutines int                        // started and not yet ended
	forced     bool                       // Close closed the sockets of checked-out connections
	counts     counters

	waits [NumWaitBuckets]atomic.Uint64 // checkout wait histogram
}

// counters are the pool's running totals, guarded by mu.
type counters struct {
	created, closed, cleared  uint64
	checkedOut, checkOutFails uint64
	drained, drainFailed      uint64
	leaks, abandoned          uint64
}

// New makes a paused pool for cfg.Address and emits PoolCreated. It starts
// the background maintenance goroutine unless MaintainInterval is
// negative; Close ends it.
func New(cfg Config) *Pool {
	opts := cfg.options()
	cfg = cfg.withDefaults()
	p := &Pool{
		addr:     cfg.Address,
		cfg:      cfg,
		opts:     opts,
		ev:       cfg.Events,
		lb:       cfg.Conn.LoadBalanced,
		wake:     make(chan struct{}, 1),
		stop:     make(chan struct{}),
		signal:   make(chan struct{}, 1),
		conns:    make(map[*Conn]*member),
		services: make(map[bson.ObjectID]*service),
	}
	p.ctx, p.cancel = context.WithCancelCause(context.Background())
	p.emitPoolCreated()
	if cfg.MaintainInterval > 0 {
		p.goroutines++
		go p.maintain()
	}
	return p
}

// Address returns the server address the pool connects to.
func (p *Pool) Address() string { return p.addr }

// Generation returns the pool's generation: the number of times Clear was
// called (for all services in load-balanced mode).
func (p *Pool) Generation() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gen
}

// ConnGeneration returns the generation of a connection checked out of
// this pool (its service's generation in load-balanced mode), for SDAM's
// stale-error check; ok is false for a connection the pool does not hold.
func (p *Pool) ConnGeneration(c *Conn) (gen uint64, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := p.conns[c]
	if m == nil {
		return 0, false
	}
	return m.gen, true
}

// Ready marks a paused pool ready: checkouts and background population
// may start. It emits PoolReady unless the pool was ready already; a
// closed pool stays closed.
func (p *Pool) Ready() {
	p.transMu.Lock()
	defer p.transMu.Unlock()
	p.mu.Lock()
	if p.state != statePaused {
		p.mu.Unlock()
		return
	}
	p.state = stateReady
	p.mu.Unlock()
	p.emitPoolReady()
	// Population starts only now, so no observer sees a background
	// ConnectionCreated before PoolReady.
	p.mu.Lock()
	p.populate = p.state == stateReady
	p.mu.Unlock()
	p.kick()
}

// kick asks the maintenance goroutine for a run now.
func (p *Pool) kick() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// goDone records the end of a pool goroutine.
func (p *Pool) goDone() {
	p.mu.Lock()
	p.goroutines--
	closed := p.state == stateClosed
	p.mu.Unlock()
	if closed {
		p.notifyClose()
	}
}

// notifyClose wakes a Close waiting for connections and goroutines.
func (p *Pool) notifyClose() {
	select {
	case p.signal <- struct{}{}:
	default:
	}
}
