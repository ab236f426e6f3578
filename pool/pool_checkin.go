package pool

import "time"

// Checkin gives back a connection Checkout returned. It is the one return
// path and accepts each checkout exactly once: a second Checkin returns
// ErrDoubleCheckin, and a connection this pool does not hold
// ErrForeignConn; neither touches the connection.
//
// The connection becomes available again, or is closed when it is stale
// (the pool was cleared), broken, or the pool is closed. A connection whose
// reply is still pending (its reader timed out or was cancelled) is
// drained in the background and then reused. Checkin emits CheckedIn
// before anything else happens to the connection.
func (p *Pool) Checkin(c *Conn) error {
	if c == nil {
		return ErrForeignConn
	}
	p.mu.Lock()
	m := p.conns[c]
	if m == nil {
		p.mu.Unlock()
		return ErrForeignConn
	}
	if m.state != memberInUse {
		p.mu.Unlock()
		return ErrDoubleCheckin
	}
	p.inUse[m.owner]--
	if p.wantsCheckedIn() {
		// The event must precede the connection's next CheckedOut or
		// ConnectionClosed, so it goes out before the connection moves on.
		m.state = memberReturning
		p.mu.Unlock()
		p.emitCheckedIn(m.id)
		p.mu.Lock()
	}
	reason, err, drain := p.releaseLocked(m, time.Now())
	tasks := p.assignLocked()
	p.mu.Unlock()
	p.afterRelease(m, reason, err, drain, tasks)
	return nil
}

// afterRelease does, outside the lock, what releaseLocked decided.
func (p *Pool) afterRelease(m *member, reason string, err error, drain bool, tasks []*dialTask) {
	switch {
	case drain:
		go p.drain(m)
	case reason == ReasonPoolClosed:
		p.closeMember(m, reason, err)
		p.notifyClose() // Close may be waiting for this connection
	case reason != "":
		p.closeMember(m, reason, err)
		if p.cfg.MinPoolSize > 0 {
			p.kick()
		}
	}
	p.startDials(tasks)
}
