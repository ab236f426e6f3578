package pool

import (
	"context"
	"errors"
	"time"
)

// dialTask is one connection being established ("pending" in CMAP). It
// runs on its own goroutine, so a waiter whose context ends can leave
// without wasting the handshake: the connection then serves the next
// waiter or goes idle. That keeps a burst of cancelled requests from
// turning into a connection storm.
type dialTask struct {
	id      int64
	gen     uint64
	w       *waiter // the waiter it is for; nil for population or after it left
	ctx     context.Context
	cancel  context.CancelCauseFunc
	created time.Time
}

// errNoConn is reported when a Dial override returns neither a connection
// nor an error.
var errNoConn = errors.New("pool: Dial returned no connection and no error")

// canDialLocked reports whether one more establishment may start: the pool
// is ready, fewer than MaxConnecting run, and the pool is below
// MaxPoolSize counting the ones being established.
func (p *Pool) canDialLocked() bool {
	if p.state != stateReady || len(p.dialing) >= p.cfg.MaxConnecting {
		return false
	}
	return p.cfg.MaxPoolSize < 0 || len(p.conns)+len(p.dialing) < p.cfg.MaxPoolSize
}

// totalLocked counts the pool's connections, pending ones included.
func (p *Pool) totalLocked() int { return len(p.conns) + len(p.dialing) }

// assignLocked gives every waiter without a connection or an
// establishment one: a free running establishment first, else a new one
// while the limits allow. The new ones are returned for startDials.
// Waiters with an establishment are few (at most MaxConnecting), so this
// stops after them at the first waiter it cannot serve.
func (p *Pool) assignLocked() []*dialTask {
	var tasks []*dialTask
	for w := p.queue.head; w != nil; w = w.next {
		if w.task != nil {
			continue
		}
		if t := p.freeTaskLocked(); t != nil {
			t.w, w.task = w, t
			continue
		}
		if !p.canDialLocked() {
			break
		}
		tasks = append(tasks, p.newDialLocked(w))
	}
	return tasks
}

// freeTaskLocked returns an establishment nobody waits for.
func (p *Pool) freeTaskLocked() *dialTask {
	for _, t := range p.dialing {
		if t.w == nil {
			return t
		}
	}
	return nil
}

// unbindLocked detaches w from its establishment, which carries on.
func (p *Pool) unbindLocked(w *waiter) {
	if w.task != nil {
		w.task.w = nil
		w.task = nil
	}
}

// newDialLocked registers an establishment for w (nil: population); the
// caller passes it to startDials after unlocking.
func (p *Pool) newDialLocked(w *waiter) *dialTask {
	p.nextID++
	t := &dialTask{id: p.nextID, gen: p.gen, w: w, created: time.Now()}
	t.ctx, t.cancel = context.WithCancelCause(p.ctx)
	if w != nil {
		w.task = t
	}
	p.dialing = append(p.dialing, t)
	p.counts.created++
	p.goroutines++
	return t
}

// removeDialLocked forgets a finished establishment.
func (p *Pool) removeDialLocked(t *dialTask) {
	for i, x := range p.dialing {
		if x == t {
			last := len(p.dialing) - 1
			p.dialing[i] = p.dialing[last]
			p.dialing[last] = nil
			p.dialing = p.dialing[:last]
			return
		}
	}
}

// startDials emits ConnectionCreated for each task and starts it.
func (p *Pool) startDials(tasks []*dialTask) {
	for _, t := range tasks {
		p.emitConnCreated(t.id)
		go p.runDial(t)
	}
}

// runDial establishes one connection. The whole establishment is bounded
// by the connect timeout (CSOT: background connection pooling), and
// cancelled by Close and by Clear with InterruptInUse.
func (p *Pool) runDial(t *dialTask) {
	defer p.goDone()
	ctx := t.ctx
	if d := p.connectTimeout(); d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	cc := p.cfg.Conn
	cc.ID, cc.Generation = t.id, t.gen
	c, err := p.cfg.Dial(ctx, p.addr, cc)
	interrupted := context.Cause(t.ctx)
	t.cancel(nil)
	if err == nil && c == nil {
		err = errNoConn
	}
	if err != nil || interrupted != nil {
		if c != nil {
			_ = c.Close()
		}
		p.dialFailed(t, err, interrupted)
		return
	}
	p.emitConnReady(t.id, time.Since(t.created))
	p.dialDone(t, c)
}

func (p *Pool) connectTimeout() time.Duration {
	if d := p.cfg.Conn.ConnectTimeout; d != 0 {
		return d
	}
	return DefaultConnectTimeout
}

// dialDone places a new connection: to the waiter it was made for (even if
// the pool was cleared meanwhile, as CMAP has it), else to the first
// waiter or the idle stack. The pending count drops in the same step that
// makes the connection available, so nobody starts an establishment while
// an available connection is on its way.
func (p *Pool) dialDone(t *dialTask, c *Conn) {
	m := &member{c: c, id: t.id, gen: t.gen}
	if p.cfg.Leak.Threshold > 0 {
		m.leak = new(leakInfo)
	}
	now := time.Now()
	p.mu.Lock()
	p.removeDialLocked(t)
	var reason string
	switch {
	case p.state == stateClosed:
		p.counts.closed++
		reason = ReasonPoolClosed
	case t.w != nil:
		p.attachLocked(m)
		p.handLocked(t.w, m, now)
	default:
		p.attachLocked(m)
		if p.staleLocked(m) {
			p.removeLocked(m)
			reason = ReasonStale
		} else {
			p.availableLocked(m, now)
		}
	}
	tasks := p.assignLocked()
	p.mu.Unlock()
	if reason != "" {
		p.closeMember(m, reason, nil)
	}
	p.startDials(tasks)
	if p.cfg.MinPoolSize > 0 {
		p.kick()
	}
}

// dialFailed reports a failed or interrupted establishment: to its waiter,
// and (when the pool did not cause it) to EstablishError, and to
// BackgroundError when nobody waits for it; SDAM uses them to clear the
// pool. The hooks run before ConnectionClosed, and the waiter hears of it
// after.
func (p *Pool) dialFailed(t *dialTask, err, interrupted error) {
	var werr error = newConnectionError(p.addr, t.id, t.gen, err)
	reason := ReasonError
	if interrupted != nil {
		werr, reason = interrupted, ReasonStale
		if _, closed := interrupted.(*PoolClosedError); closed {
			reason = ReasonPoolClosed
		}
	}
	p.mu.Lock()
	p.removeDialLocked(t)
	p.counts.closed++
	w := t.w
	if w != nil {
		p.failLocked(w, werr, FailedConnectionError)
	}
	tasks := p.assignLocked()
	p.mu.Unlock()
	if ce, ok := werr.(*ConnectionError); ok {
		if p.cfg.EstablishError != nil {
			p.cfg.EstablishError(ce)
		}
		if w == nil && p.cfg.BackgroundError != nil {
			p.cfg.BackgroundError(ce)
		}
	}
	if err == nil {
		err = interrupted
	}
	p.emitConnClosed(t.id, reason, err)
	if w != nil {
		w.ready <- struct{}{}
	}
	p.startDials(tasks)
}
