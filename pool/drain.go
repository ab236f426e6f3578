package pool

import (
	"context"
	"errors"
	"time"
)

// A connection checked in while a reply is still on its way (its reader
// timed out or was cancelled) is not closed: a timeout under load would
// then turn into a reconnect storm. A drain goroutine reads the rest of
// the reply within DrainTimeout and returns the connection to the pool;
// only a connection that does not recover in time is closed.

var (
	// errDrainOff: a connection with a pending reply was closed because
	// DrainTimeout is negative.
	errDrainOff = errors.New("pool: reply pending at checkin and draining is off")
	// errDrainBusy: as many connections as the pool may hold are draining.
	errDrainBusy = errors.New("pool: reply pending at checkin and the drain limit is reached")
)

// canDrainLocked returns nil when one more connection may be drained.
// Each drain holds one connection, so their number is bounded by the pool
// size (by DefaultMaxPoolSize for a pool without a limit).
func (p *Pool) canDrainLocked() error {
	if p.cfg.DrainTimeout < 0 {
		return errDrainOff
	}
	limit := p.cfg.MaxPoolSize
	if limit < 0 {
		limit = DefaultMaxPoolSize
	}
	if p.draining >= limit {
		return errDrainBusy
	}
	return nil
}

// drain reads and drops m's pending reply, then releases m like a
// checkin does. releaseLocked counted this goroutine.
func (p *Pool) drain(m *member) {
	defer p.goDone()
	ctx, cancel := context.WithTimeout(context.Background(), p.cfg.DrainTimeout)
	err := m.c.Drain(ctx)
	cancel()

	p.mu.Lock()
	p.draining--
	var reason string
	if err != nil {
		p.counts.drainFailed++
		p.removeLocked(m)
		reason = ReasonError
		if p.state == stateClosed {
			reason, err = ReasonPoolClosed, nil
		}
	} else {
		p.counts.drained++
		reason, err, _ = p.releaseLocked(m, time.Now())
	}
	tasks := p.assignLocked()
	p.mu.Unlock()
	if reason != "" {
		p.closeMember(m, reason, err)
		p.kick()
	}
	p.startDials(tasks)
}
