package pool

import "time"

// maintain is the pool's background goroutine (CMAP "background thread").
// Each run does what is ready to be done and ends without waiting: close
// perished idle connections, start establishments towards MinPoolSize
// (within MaxConnecting), report leaked connections. Runs happen every
// MaintainInterval and at once when kicked (Ready, Clear, a connection
// closed below MinPoolSize).
func (p *Pool) maintain() {
	defer p.goDone()
	t := time.NewTimer(p.cfg.MaintainInterval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
		case <-p.wake:
		}
		p.maintainOnce(time.Now())
		t.Reset(p.cfg.MaintainInterval)
	}
}

// deadConn is a connection a maintenance run removed, to close after
// unlocking.
type deadConn struct {
	m      *member
	reason string
	err    error
}

// maintainOnce is one maintenance run.
func (p *Pool) maintainOnce(now time.Time) {
	p.mu.Lock()
	if p.state == stateClosed {
		p.mu.Unlock()
		return
	}
	dead := p.pruneIdleLocked(now)
	leaks := p.leaksLocked(now)
	tasks := p.assignLocked()
	tasks = append(tasks, p.populateLocked()...)
	p.mu.Unlock()
	for _, d := range dead {
		p.closeMember(d.m, d.reason, d.err)
	}
	p.reportLeaks(leaks, now)
	p.startDials(tasks)
}

// pruneIdleLocked removes the perished idle connections. The oldest are at
// the bottom of the stack; order is kept.
func (p *Pool) pruneIdleLocked(now time.Time) []deadConn {
	var dead []deadConn
	kept := p.idle[:0]
	for _, m := range p.idle {
		if reason, err := p.perishedLocked(m, now); reason != "" {
			p.removeLocked(m)
			dead = append(dead, deadConn{m, reason, err})
			continue
		}
		kept = append(kept, m)
	}
	for i := len(kept); i < len(p.idle); i++ {
		p.idle[i] = nil
	}
	p.idle = kept
	return dead
}

// populateLocked starts establishments towards MinPoolSize, only once the
// pool is ready and PoolReady was emitted.
func (p *Pool) populateLocked() []*dialTask {
	var tasks []*dialTask
	for p.populate && p.totalLocked() < p.cfg.MinPoolSize && p.canDialLocked() {
		tasks = append(tasks, p.newDialLocked(nil))
	}
	return tasks
}
