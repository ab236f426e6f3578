package pool

import "github.com/cwal-go/cwal/bson"

// ClearOptions say how Clear clears.
type ClearOptions struct {
	// InterruptInUse also closes the sockets of connections checked out
	// (and being established or drained) before the clear, so that
	// operations stuck on a dead server fail at once with a retryable
	// network error. SDAM asks for it after a monitor's network timeout.
	InterruptInUse bool
	// ServiceID, in load-balanced mode, clears the connections to one
	// service only.
	ServiceID *bson.ObjectID
	// Cause is the error that made SDAM clear the pool; PoolClearedError
	// reports it.
	Cause error
}

// Clear marks every current connection stale: idle ones are closed by the
// next checkout or maintenance run (scheduled now), checked-out ones when
// they come back. Outside load-balanced mode it also pauses the pool:
// waiters fail with PoolClearedError and checkouts fail until Ready. It
// emits PoolCleared unless the pool was paused already; a closed pool is
// left alone.
//
// In load-balanced mode Clear advances the generation of opts.ServiceID
// only (of every service when it is nil) and neither pauses the pool nor
// evicts waiters.
func (p *Pool) Clear(opts ClearOptions) {
	p.transMu.Lock()
	p.mu.Lock()
	if p.state == stateClosed {
		p.mu.Unlock()
		p.transMu.Unlock()
		return
	}
	oldGen := p.gen
	var evicted []*waiter
	emit := true
	if p.lb {
		p.clearServicesLocked(opts.ServiceID)
	} else {
		emit = p.state != statePaused
		p.state, p.populate = statePaused, false
		p.clearCause = opts.Cause
		evicted = p.evictLocked(false, &PoolClearedError{Address: p.addr, Cause: opts.Cause}, FailedConnectionError)
	}
	p.gen++
	p.counts.cleared++
	var victims []*member
	var dials []*dialTask
	if opts.InterruptInUse {
		victims, dials = p.interruptibleLocked(oldGen, opts.ServiceID)
	}
	p.mu.Unlock()

	if emit {
		p.emitPoolCleared(opts)
	}
	p.transMu.Unlock()
	cause := &PoolClearedError{Address: p.addr, ServiceID: opts.ServiceID, Cause: opts.Cause}
	for _, t := range dials {
		t.cancel(cause)
	}
	for _, m := range victims {
		_ = m.c.closeWithCause(cause)
	}
	wakeAll(evicted)
	p.kick()
}

// clearServicesLocked advances one service's generation, or all of them.
func (p *Pool) clearServicesLocked(id *bson.ObjectID) {
	if id == nil {
		for _, s := range p.services {
			s.gen++
		}
		return
	}
	if s := p.services[*id]; s != nil {
		s.gen++
	}
}

// interruptibleLocked lists what an interrupting clear closes: connections
// checked out or draining, of generation oldGen or older (of the service,
// in load-balanced mode), and the establishments in flight.
func (p *Pool) interruptibleLocked(oldGen uint64, id *bson.ObjectID) ([]*member, []*dialTask) {
	var victims []*member
	for _, m := range p.conns {
		if m.state == memberIdle {
			continue // closed as stale by checkout or maintenance
		}
		if id != nil && (m.svc == nil || m.svc.id != *id) {
			continue
		}
		if m.svc == nil && m.gen > oldGen {
			continue
		}
		victims = append(victims, m)
	}
	var dials []*dialTask
	if id == nil {
		dials = append(dials, p.dialing...)
	}
	return victims, dials
}

func (p *Pool) emitPoolCleared(opts ClearOptions) {
	if p.ev != nil && p.ev.PoolCleared != nil {
		p.ev.PoolCleared(PoolClearedEvent{Address: p.addr, ServiceID: opts.ServiceID, InterruptInUseConnections: opts.InterruptInUse})
	}
}
