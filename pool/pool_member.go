package pool

import (
	"time"

	"github.com/cwal-go/cwal/bson"
)

// memberState is where an established connection is in the pool.
type memberState uint8

const (
	memberIdle      memberState = iota // available, on the idle stack
	memberInUse                        // checked out
	memberReturning                    // Checkin is emitting CheckedIn
	memberDraining                     // its pending reply is being read and dropped
)

// member is the pool's record of one established connection.
type member struct {
	c     *Conn
	id    int64
	gen   uint64
	svc   *service // load-balanced mode: the service behind the balancer
	state memberState
	owner Owner
	since time.Time // idle since, or checked out at
	leak  *leakInfo // with leak diagnostics on
}

// service is the generation and connection count of one service id in
// load-balanced mode; the entry goes away with its last connection.
type service struct {
	id    bson.ObjectID
	gen   uint64
	count int
}

// attachLocked registers a newly established connection. In load-balanced
// mode its generation is its service's, known only after the handshake.
func (p *Pool) attachLocked(m *member) {
	p.conns[m.c] = m
	if !p.lb {
		return
	}
	sid := m.c.Description().ServiceID
	if sid == nil {
		return
	}
	s := p.services[*sid]
	if s == nil {
		s = &service{id: *sid}
		p.services[*sid] = s
	}
	s.count++
	m.svc, m.gen = s, s.gen
}

// removeLocked forgets a connection; the caller closes it (closeMember)
// after unlocking.
func (p *Pool) removeLocked(m *member) {
	delete(p.conns, m.c)
	p.counts.closed++
	if s := m.svc; s != nil {
		if s.count--; s.count == 0 {
			delete(p.services, s.id)
		}
	}
}

// closeMember closes a removed connection's socket and emits
// ConnectionClosed.
func (p *Pool) closeMember(m *member, reason string, err error) {
	_ = m.c.Close()
	p.emitConnClosed(m.id, reason, err)
}

// staleLocked reports a connection made before the last Clear (of its
// service, in load-balanced mode).
func (p *Pool) staleLocked(m *member) bool {
	if m.svc != nil {
		return m.gen != m.svc.gen
	}
	return m.gen != p.gen
}

// perishedLocked returns why an idle connection must not be handed out, ""
// when it may.
func (p *Pool) perishedLocked(m *member, now time.Time) (string, error) {
	if p.staleLocked(m) {
		return ReasonStale, nil
	}
	if m.c.Closed() {
		return ReasonError, m.c.Err()
	}
	if p.cfg.MaxIdleTime > 0 && now.Sub(m.since) > p.cfg.MaxIdleTime {
		return ReasonIdle, nil
	}
	return "", nil
}

// popIdleLocked takes the most recently used idle connection. LIFO keeps
// the busy connections warm and lets the ones at the bottom age past
// MaxIdleTime, so a pool shrinks after a burst; FIFO would rotate through
// all of them and keep every one alive.
func (p *Pool) popIdleLocked() *member {
	n := len(p.idle)
	if n == 0 {
		return nil
	}
	m := p.idle[n-1]
	p.idle[n-1] = nil
	p.idle = p.idle[:n-1]
	return m
}

// checkoutLocked marks m checked out by owner.
func (p *Pool) checkoutLocked(m *member, owner Owner, now time.Time) {
	m.state = memberInUse
	m.owner = owner
	m.since = now
	p.inUse[owner]++
	p.counts.checkedOut++
}

// availableLocked hands m to the first waiter, or puts it on the idle
// stack when nobody waits.
func (p *Pool) availableLocked(m *member, now time.Time) {
	if w := p.queue.head; w != nil {
		p.handLocked(w, m, now)
		return
	}
	m.state = memberIdle
	m.since = now
	p.idle = append(p.idle, m)
}

// releaseLocked decides the fate of a connection coming back from an
// owner (or a drain): available again, draining, or removed with a reason
// to close it.
func (p *Pool) releaseLocked(m *member, now time.Time) (reason string, err error, drain bool) {
	switch {
	case p.state == stateClosed:
		reason = ReasonPoolClosed
	case p.staleLocked(m):
		reason = ReasonStale
	case m.c.Closed():
		reason, err = ReasonError, m.c.Err()
	case m.c.State() == StateReplyPending:
		if err = p.canDrainLocked(); err != nil {
			reason = ReasonError
			break
		}
		m.state = memberDraining
		p.draining++
		p.goroutines++
		return "", nil, true
	default:
		p.availableLocked(m, now)
		return "", nil, false
	}
	p.removeLocked(m)
	return reason, err, false
}
