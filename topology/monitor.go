package topology

import (
	"context"
	"sync"
	"time"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
)

// monitor checks one server on its own goroutine and connection (never
// the pool's), following the server monitoring specification: the
// handshake is the first check; then, for a server that reports a
// topologyVersion and unless streaming is off, a streaming hello that the
// server answers whenever its state changes (with an RTT monitor beside
// it); otherwise one hello per heartbeat.
type monitor struct {
	t         *Topology
	srv       *Server
	streaming bool // the monitoring mode allows streaming
	heartbeat time.Duration
	connectTO time.Duration // 0: no limit

	ctx      context.Context // ends when the server is stopped
	cancel   context.CancelFunc
	checkReq chan struct{} // a request for an immediate check
	done     chan struct{}

	mu        sync.Mutex // guards conn and cancelled against cancelCheck
	conn      *pool.Conn
	cancelled bool // cancelCheck closed conn

	// Owned by the monitor goroutine.
	helloOK bool
	rtt     *rttMonitor
	buf     []byte
}

func newMonitor(t *Topology, s *Server) *monitor {
	m := &monitor{
		t:         t,
		srv:       s,
		streaming: t.streaming,
		heartbeat: t.cfg.heartbeat(),
		connectTO: t.cfg.connectTimeout(),
		checkReq:  make(chan struct{}, 1),
		done:      make(chan struct{}),
	}
	m.ctx, m.cancel = context.WithCancel(t.ctx)
	return m
}

// run is the monitor goroutine.
func (m *monitor) run() {
	defer m.t.wg.Done()
	defer close(m.done)
	defer m.dropConn()
	defer m.cancel() // ends the RTT monitor too
	prev := description.Server{Addr: m.srv.addr}
	for m.ctx.Err() == nil {
		m.ignoreRequests()
		next, ev, cancelled := m.check(prev)
		if m.ctx.Err() != nil {
			return
		}
		var apply *description.Server
		if !cancelled {
			apply = &next
		}
		if !m.t.report(m.srv, ev, apply) {
			return
		}
		if cancelled {
			// The application's network error marked the server Unknown
			// already; wait before reconnecting.
			prev = description.Server{Addr: m.srv.addr}
			if !m.wait() {
				return
			}
			continue
		}
		m.maybeStartRTT(next)
		again := m.checkAtOnce(prev, next)
		prev = next
		if !again && !m.wait() {
			return
		}
	}
}

// checkAtOnce decides whether the next check starts without waiting: a
// streaming server (or a stream still open), or a known server that just
// failed with a network error (retry once at once, in case the failure was
// a stale connection).
func (m *monitor) checkAtOnce(prev, next description.Server) bool {
	supports := next.Type != description.Unknown && next.TopologyVersion != nil
	if m.streaming && (supports || m.streamOpen()) {
		return true
	}
	return next.Error != nil && isNetworkError(next.Error) && prev.Type != description.Unknown
}

// maybeStartRTT starts the RTT monitor the first time the server proves
// it can stream.
func (m *monitor) maybeStartRTT(d description.Server) {
	if !m.streaming || m.rtt != nil || d.Type == description.Unknown || d.TopologyVersion == nil {
		return
	}
	m.rtt = &rttMonitor{m: m}
	m.t.wg.Add(1)
	go m.rtt.run()
}

// wait sleeps until the next heartbeat or a requested check, and at least
// MinHeartbeatFrequency since it began; false means the monitor stopped.
func (m *monitor) wait() bool {
	start := time.Now()
	timer := time.NewTimer(m.heartbeat)
	defer timer.Stop()
	select {
	case <-m.checkReq:
	case <-timer.C:
	case <-m.ctx.Done():
		return false
	}
	if rest := MinHeartbeatFrequency - time.Since(start); rest > 0 {
		timer.Reset(rest)
		select {
		case <-timer.C:
		case <-m.ctx.Done():
			return false
		}
	}
	return true
}

// requestCheck wakes a waiting monitor; a request made while a check runs
// is dropped when the next check starts.
func (m *monitor) requestCheck() {
	select {
	case m.checkReq <- struct{}{}:
	default:
	}
}

// ignoreRequests drops the requests made before the check that is about
// to start: it satisfies them.
func (m *monitor) ignoreRequests() {
	select {
	case <-m.checkReq:
	default:
	}
}

// cancelCheck interrupts the check in flight by closing the monitoring
// connection (the specification's cancellation after an application's
// network error); the monitor then waits before reconnecting.
func (m *monitor) cancelCheck() {
	m.mu.Lock()
	c := m.conn
	if c != nil {
		m.cancelled = true
	}
	m.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
}

// halt stops the monitor without waiting for it.
func (m *monitor) halt() {
	m.cancel()
	m.mu.Lock()
	c := m.conn
	m.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
}

// stop stops the monitor and waits for its goroutine to end.
func (m *monitor) stop() {
	m.halt()
	<-m.done
}

// setConn installs a new monitoring connection; false means the monitor
// was stopped meanwhile and c must be closed.
func (m *monitor) setConn(c *pool.Conn) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ctx.Err() != nil {
		return false
	}
	m.conn, m.cancelled = c, false
	return true
}

// current returns the monitoring connection, nil when there is none.
func (m *monitor) current() *pool.Conn {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.conn
}

// dropConn closes the monitoring connection and reports whether
// cancelCheck had closed it.
func (m *monitor) dropConn() (cancelled bool) {
	m.mu.Lock()
	c := m.conn
	cancelled = m.cancelled
	m.conn, m.cancelled = nil, false
	m.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
	return cancelled
}

// streamOpen reports a streaming hello whose next reply is on its way.
func (m *monitor) streamOpen() bool {
	c := m.current()
	return c != nil && c.State() == pool.StateReplyPending
}

// opCtx bounds one exchange of a check by d (0: only by the monitor's
// life).
func (m *monitor) opCtx(d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(m.ctx)
	}
	return context.WithTimeout(m.ctx, d)
}
