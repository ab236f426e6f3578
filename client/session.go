package client

import (
	"context"
	"sync"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/topology"
)

// serverSession is one server session (driver sessions specification):
// the lsid of implicit sessions, its transaction number for retryable
// writes, when it was last used and whether a network error made it
// dirty. It is used by one operation at a time.
type serverSession struct {
	lsid    bson.Raw
	txn     int64
	lastUse time.Time
	dirty   bool
}

func newServerSession() *serverSession {
	id := bson.NewUUID()
	b, start := bson.AppendDocumentStart(make([]byte, 0, 32))
	b = bson.AppendBinaryElement(b, "id", id.Subtype, id.Data)
	return &serverSession{lsid: bson.AppendDocumentEnd(b, start)}
}

func (s *serverSession) LSID() bson.Raw { return s.lsid }

func (s *serverSession) NextTxnNumber() int64 {
	s.txn++
	return s.txn
}

// Observe marks the session dirty after a network error: the server may
// not have seen its last use, so it must not be reused.
func (s *serverSession) Observe(_ bson.Raw, err error) {
	if err != nil && operation.IsNetworkError(err) {
		s.dirty = true
	}
}

// sessionPool keeps idle server sessions for reuse, most recently used
// first, and drops those about to time out on the server.
type sessionPool struct {
	topo *topology.Topology
	mu   sync.Mutex
	idle []*serverSession // most recently used last
}

// timeout is the deployment's logicalSessionTimeoutMinutes; 0 when unknown.
func (p *sessionPool) timeout() time.Duration {
	if m := p.topo.Description().LogicalSessionTimeoutMinutes; m != nil {
		return time.Duration(*m) * time.Minute
	}
	return 0
}

// stale reports a session with less than a minute left before the server
// may expire it.
func stale(s *serverSession, timeout time.Duration, now time.Time) bool {
	return timeout > 0 && now.Sub(s.lastUse) > timeout-time.Minute
}

// get returns the most recently used live session, or a new one.
func (p *sessionPool) get() *serverSession {
	timeout, now := p.timeout(), time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.idle) > 0 {
		s := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if !stale(s, timeout, now) {
			return s
		}
	}
	return newServerSession()
}

// put returns s for reuse unless it is dirty or stale.
func (p *sessionPool) put(s *serverSession) {
	now := time.Now()
	s.lastUse = now
	if s.dirty {
		return
	}
	timeout := p.timeout()
	p.mu.Lock()
	defer p.mu.Unlock()
	// The oldest sessions are at the front: drop the stale ones.
	i := 0
	for i < len(p.idle) && stale(p.idle[i], timeout, now) {
		i++
	}
	p.idle = append(p.idle[i:], s)
}

// drain removes every idle session and returns their lsids.
func (p *sessionPool) drain() []bson.Raw {
	p.mu.Lock()
	defer p.mu.Unlock()
	ids := make([]bson.Raw, len(p.idle))
	for i, s := range p.idle {
		ids[i] = s.lsid
	}
	p.idle = nil
	return ids
}

// StartImplicitSession and EndImplicitSession make the deployment an
// operation.SessionProvider.
func (d deployment) StartImplicitSession() (operation.Session, error) { return d.sessions.get(), nil }

func (d deployment) EndImplicitSession(s operation.Session) {
	if ss, ok := s.(*serverSession); ok {
		d.sessions.put(ss)
	}
}

// endSessions tells the server the pooled sessions are over, ignoring
// errors (driver sessions specification), before the client closes.
func (c *Client) endSessions(ctx context.Context) {
	ids := c.dep.sessions.drain()
	eo := operation.ExecOptions{ReadPref: topology.ReadPref{Mode: topology.PrimaryPreferred}}
	for len(ids) > 0 {
		n := min(len(ids), operation.MaxEndSessions)
		_ = c.executeBackground(ctx, &operation.EndSessions{IDs: ids[:n]}, eo)
		ids = ids[n:]
	}
}
