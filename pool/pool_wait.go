package pool

import (
	"context"
	"sync"
	"time"
)

// waiter is one checkout waiting in the FIFO wait queue. The pool serves it
// under mu (served set, and m or err) and then signals ready once; the
// waiter reads m and err only after receiving from ready.
type waiter struct {
	prev, next *waiter
	ready      chan struct{}
	owner      Owner
	task       *dialTask // the establishment running on its behalf
	served     bool
	m          *member
	err        error
	reason     string // CheckOutFailed reason of err
}

// waiters recycles waiters, so that a contended checkout does not
// allocate. A waiter is recycled only after await returned: by then the
// pool has dropped every reference to it and its one signal was received.
var waiters = sync.Pool{New: func() any { return &waiter{ready: make(chan struct{}, 1)} }}

func newWaiter(owner Owner) *waiter {
	w := waiters.Get().(*waiter)
	w.owner = owner
	return w
}

func freeWaiter(w *waiter) {
	*w = waiter{ready: w.ready}
	waiters.Put(w)
}

// waitQueue is an intrusive doubly linked FIFO, so a waiter whose context
// ends leaves from the middle in O(1).
type waitQueue struct {
	head, tail *waiter
	n          int
}

func (q *waitQueue) push(w *waiter) {
	w.prev, w.next = q.tail, nil
	if q.tail == nil {
		q.head = w
	} else {
		q.tail.next = w
	}
	q.tail = w
	q.n++
}

func (q *waitQueue) remove(w *waiter) {
	if w.prev == nil {
		q.head = w.next
	} else {
		w.prev.next = w.next
	}
	if w.next == nil {
		q.tail = w.prev
	} else {
		w.next.prev = w.prev
	}
	w.prev, w.next = nil, nil
	q.n--
}

// handLocked serves w with m, checked out by w's owner. An establishment
// running for w is freed for the next waiter.
func (p *Pool) handLocked(w *waiter, m *member, now time.Time) {
	p.queue.remove(w)
	p.unbindLocked(w)
	p.checkoutLocked(m, w.owner, now)
	w.m, w.served = m, true
	w.ready <- struct{}{}
}

// failLocked serves w with an error; the caller signals it (wakeAll) after
// emitting the events that must precede its CheckOutFailed.
func (p *Pool) failLocked(w *waiter, err error, reason string) {
	p.queue.remove(w)
	p.unbindLocked(w)
	w.err, w.reason, w.served = err, reason, true
}

// evictLocked fails the waiters with err: all of them, or (Clear) only
// those no establishment runs for, which CMAP considers out of the queue.
func (p *Pool) evictLocked(all bool, err error, reason string) []*waiter {
	var out []*waiter
	for w := p.queue.head; w != nil; {
		next := w.next
		if all || w.task == nil {
			p.failLocked(w, err, reason)
			out = append(out, w)
		}
		w = next
	}
	return out
}

func wakeAll(ws []*waiter) {
	for _, w := range ws {
		w.ready <- struct{}{}
	}
}

// await waits for w to be served. WaitQueueTimeout bounds the wait only
// while no establishment runs for w (the CMAP wait queue); ctx bounds it
// throughout.
func (p *Pool) await(ctx context.Context, w *waiter, start time.Time) (*Conn, error) {
	var timeout <-chan time.Time
	if d := p.cfg.WaitQueueTimeout; d > 0 {
		t := time.NewTimer(d - time.Since(start))
		defer t.Stop()
		timeout = t.C
	}
	for {
		select {
		case <-w.ready:
			return p.served(ctx, w, start)
		case <-ctx.Done():
			return p.leave(w, start, ctx.Err())
		case <-timeout:
			timeout = nil
			p.mu.Lock()
			establishing := w.task != nil || w.served
			p.mu.Unlock()
			if !establishing {
				return p.leave(w, start, nil)
			}
		}
	}
}

// served finishes a checkout the pool served. A connection handed over
// after ctx ended goes back to the pool: it is never lost.
func (p *Pool) served(ctx context.Context, w *waiter, start time.Time) (*Conn, error) {
	if w.err != nil {
		return nil, p.checkoutFailed(start, w.reason, w.err)
	}
	if err := ctx.Err(); err != nil {
		p.giveBack(w.m)
		return nil, p.checkoutFailed(start, FailedTimeout, &WaitQueueTimeoutError{Address: p.addr, Waited: time.Since(start), Cause: err})
	}
	return p.checkedOut(w.m, start), nil
}

// leave takes w out of the queue after its wait ended (cause is ctx.Err(),
// nil for WaitQueueTimeout). If the pool served w meanwhile, the outcome
// is settled by served.
func (p *Pool) leave(w *waiter, start time.Time, cause error) (*Conn, error) {
	p.mu.Lock()
	if w.served {
		p.mu.Unlock()
		<-w.ready
		if w.err != nil {
			return nil, p.checkoutFailed(start, w.reason, w.err)
		}
		p.giveBack(w.m)
	} else {
		p.queue.remove(w)
		p.unbindLocked(w)
		tasks := p.assignLocked()
		p.mu.Unlock()
		p.startDials(tasks)
	}
	return nil, p.checkoutFailed(start, FailedTimeout, &WaitQueueTimeoutError{Address: p.addr, Waited: time.Since(start), Cause: cause})
}

// giveBack returns a connection handed to a waiter that had given up; no
// event is emitted, since the waiter never reported it checked out.
func (p *Pool) giveBack(m *member) {
	p.mu.Lock()
	p.inUse[m.owner]--
	p.counts.checkedOut--
	reason, err, drain := p.releaseLocked(m, time.Now())
	tasks := p.assignLocked()
	p.mu.Unlock()
	p.afterRelease(m, reason, err, drain, tasks)
}
