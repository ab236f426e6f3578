package session

import (
	"sync"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// Pool keeps the idle server sessions of one client for reuse, most
// recently used first (a LIFO), as the driver sessions specification
// describes: it has no size limit, shrinks only when a session is taken
// or discarded, drops the sessions with less than a minute left before
// the server may expire them, and discards dirty ones. It is safe for
// concurrent use.
type Pool struct {
	timeout func() time.Duration
	now     func() time.Time

	mu     sync.Mutex
	idle   []*ServerSession // the most recently used last
	closed bool
}

// NewPool returns an empty pool. timeout reports the deployment's
// logicalSessionTimeoutMinutes as a duration, 0 when it is unknown or
// sessions never go stale by the driver's count (load-balanced mode).
func NewPool(timeout func() time.Duration) *Pool {
	if timeout == nil {
		timeout = func() time.Duration { return 0 }
	}
	return &Pool{timeout: timeout, now: time.Now}
}

// staleMargin is the time a session must have left to be handed out.
const staleMargin = time.Minute

// stale reports a session with less than staleMargin left before the
// server may expire it.
func stale(s *ServerSession, timeout time.Duration, now time.Time) bool {
	return timeout > 0 && now.Sub(s.lastUse) > timeout-staleMargin
}

// Get returns the most recently used live session, or a new one; nil once
// the pool is closed (the client is disconnecting, and a new session
// would outlive its endSessions).
func (p *Pool) Get() *ServerSession {
	timeout, now := p.timeout(), p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	for len(p.idle) > 0 {
		s := p.idle[len(p.idle)-1]
		p.idle[len(p.idle)-1] = nil
		p.idle = p.idle[:len(p.idle)-1]
		if !stale(s, timeout, now) {
			return s
		}
	}
	return newServerSession(now)
}

// Put gives s back, marking its last use now. The stale sessions at the
// back of the queue go first; s itself is discarded when it is dirty or
// stale, or when the pool is closed.
func (p *Pool) Put(s *ServerSession) {
	if s == nil {
		return
	}
	timeout, now := p.timeout(), p.now()
	s.lastUse = now
	p.mu.Lock()
	defer p.mu.Unlock()
	i := 0
	for i < len(p.idle) && stale(p.idle[i], timeout, now) {
		i++
	}
	if i > 0 {
		p.idle = append(p.idle[:0], p.idle[i:]...)
	}
	if s.dirty || p.closed || stale(s, timeout, now) {
		return
	}
	p.idle = append(p.idle, s)
}

// Len returns the number of idle sessions.
func (p *Pool) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle)
}

// Close empties the pool and returns the ids of its sessions, most
// recently used first, for endSessions. Sessions given back later are
// discarded and Get returns nil.
func (p *Pool) Close() []bson.Raw {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	ids := make([]bson.Raw, len(p.idle))
	for i, s := range p.idle {
		ids[len(p.idle)-1-i] = s.lsid
	}
	p.idle = nil
	return ids
}
