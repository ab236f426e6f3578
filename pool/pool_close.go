package pool

import "context"

// Close closes the pool: idle connections are closed (reason poolClosed),
// establishments in flight are cancelled, waiters fail with
// PoolClosedError, and PoolClosed is emitted. Checkout fails from then
// on; connections checked in later are closed.
//
// Close then waits, until ctx is done, for the checked-out connections to
// come back; when ctx ends first it closes their sockets (their owners'
// I/O fails, and Checkin still accepts them). It returns once every
// goroutine the pool started has ended, or ctx.Err() if ctx ended first.
// Calling Close again waits likewise.
func (p *Pool) Close(ctx context.Context) error {
	p.transMu.Lock()
	p.mu.Lock()
	if p.state == stateClosed {
		p.mu.Unlock()
		p.transMu.Unlock()
		return p.waitClosed(ctx)
	}
	p.state = stateClosed
	p.populate = false
	idle := p.idle
	p.idle = nil
	for _, m := range idle {
		p.removeLocked(m)
	}
	evicted := p.evictLocked(true, &PoolClosedError{Address: p.addr}, FailedPoolClosed)
	var draining []*member
	for _, m := range p.conns {
		if m.state == memberDraining {
			draining = append(draining, m)
		}
	}
	p.mu.Unlock()

	p.cancel(&PoolClosedError{Address: p.addr})
	for _, m := range idle {
		p.closeMember(m, ReasonPoolClosed, nil)
	}
	p.emitPoolClosed()
	p.transMu.Unlock()

	wakeAll(evicted)
	close(p.stop)
	// A drain ends when its socket closes; the drain goroutine then
	// reports the connection closed.
	for _, m := range draining {
		_ = m.c.Close()
	}
	return p.waitClosed(ctx)
}

// waitClosed waits for the checked-out connections (closing their sockets
// once ctx ends) and then for the pool's goroutines.
func (p *Pool) waitClosed(ctx context.Context) error {
	for {
		p.mu.Lock()
		out, gor := p.checkedOutLocked(), p.goroutines
		var held []*member
		if out > 0 && !p.forced && ctx.Err() != nil {
			held = p.heldLocked()
			p.forced = true
		}
		forced := p.forced
		p.mu.Unlock()
		for _, m := range held {
			_ = m.c.Close()
		}
		if gor == 0 && (out == 0 || forced) {
			return nil
		}
		select {
		case <-p.signal:
		case <-ctx.Done():
			if forced || out == 0 {
				return ctx.Err()
			}
		}
	}
}

// checkedOutLocked counts the connections owners hold (being checked in
// included).
func (p *Pool) checkedOutLocked() int {
	n := 0
	for _, m := range p.conns {
		if m.state == memberInUse || m.state == memberReturning {
			n++
		}
	}
	return n
}

// heldLocked returns the connections owners hold.
func (p *Pool) heldLocked() []*member {
	var out []*member
	for _, m := range p.conns {
		if m.state == memberInUse || m.state == memberReturning {
			out = append(out, m)
		}
	}
	return out
}
