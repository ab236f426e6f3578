package pool

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// Owner says who holds a checked-out connection. Stats counts connections
// in use by owner kind, so an exhausted pool shows who holds it.
type Owner uint8

// The owner kinds. Monitors are not among them: they use their own
// connections, never the pool.
const (
	// OwnerOperation: one operation, for its round trips.
	OwnerOperation Owner = iota
	// OwnerCursor: a cursor pinned to the connection (load-balanced mode,
	// exhaust).
	OwnerCursor
	// OwnerTransaction: a transaction pinned to the connection
	// (load-balanced mode).
	OwnerTransaction
)

// NumOwners is the number of owner kinds; Stats.InUseBy has one count per
// kind.
const NumOwners = 3

func (o Owner) String() string {
	switch o {
	case OwnerOperation:
		return "operation"
	case OwnerCursor:
		return "cursor"
	case OwnerTransaction:
		return "transaction"
	}
	return "owner(" + strconv.Itoa(int(o)) + ")"
}

// errBadOwner is returned for an Owner outside the defined kinds.
var errBadOwner = errors.New("pool: unknown owner kind")

// Checkout returns an established connection for owner: an idle one that
// has not perished, or a new one when the pool may grow. Otherwise it
// waits its turn in a FIFO queue, bounded by ctx and WaitQueueTimeout.
//
// Errors: *PoolClosedError, *PoolClearedError (the pool is paused, or was
// cleared while waiting), *WaitQueueTimeoutError (the wait ended; it wraps
// ctx.Err() when ctx ended it), *ConnectionError (the establishment made
// for this checkout failed). The connection must be given back with
// Checkin exactly once; WithConn does that for a function.
//
// Checkout of an idle connection allocates nothing.
func (p *Pool) Checkout(ctx context.Context, owner Owner) (*Conn, error) {
	start := time.Now()
	p.emitCheckOutStarted()
	if owner >= NumOwners {
		return nil, p.checkoutFailed(start, FailedConnectionError, errBadOwner)
	}
	if err := ctx.Err(); err != nil {
		return nil, p.checkoutFailed(start, FailedTimeout, &WaitQueueTimeoutError{Address: p.addr, Cause: err})
	}
	p.mu.Lock()
	for p.queue.n == 0 {
		if reason, err := p.unavailableLocked(); err != nil {
			p.mu.Unlock()
			return nil, p.checkoutFailed(start, reason, err)
		}
		m := p.popIdleLocked()
		if m == nil {
			break
		}
		reason, err := p.perishedLocked(m, start)
		if reason == "" {
			p.checkoutLocked(m, owner, start)
			p.mu.Unlock()
			return p.checkedOut(m, start), nil
		}
		p.removeLocked(m)
		p.mu.Unlock()
		p.closeMember(m, reason, err)
		p.mu.Lock()
	}
	return p.enqueue(ctx, owner, start)
}

// enqueue joins the wait queue (mu held; released here) and waits.
func (p *Pool) enqueue(ctx context.Context, owner Owner, start time.Time) (*Conn, error) {
	if reason, err := p.unavailableLocked(); err != nil {
		p.mu.Unlock()
		return nil, p.checkoutFailed(start, reason, err)
	}
	w := newWaiter(owner)
	p.queue.push(w)
	tasks := p.assignLocked()
	p.mu.Unlock()
	p.startDials(tasks)
	c, err := p.await(ctx, w, start)
	freeWaiter(w)
	return c, err
}

// unavailableLocked returns the CheckOutFailed reason and the error of a
// checkout from a pool that is not ready.
func (p *Pool) unavailableLocked() (string, error) {
	switch p.state {
	case stateClosed:
		return FailedPoolClosed, &PoolClosedError{Address: p.addr}
	case statePaused:
		return FailedConnectionError, &PoolClearedError{Address: p.addr, Cause: p.clearCause}
	}
	return "", nil
}

// checkedOut completes a successful checkout: the wait histogram, leak
// bookkeeping and the CheckedOut event.
func (p *Pool) checkedOut(m *member, start time.Time) *Conn {
	d := time.Since(start)
	p.waits[waitBucket(d)].Add(1)
	if p.cfg.Leak.Threshold > 0 {
		p.recordCheckout(m)
	}
	p.emitCheckedOut(m.id, d)
	return m.c
}

// checkoutFailed counts and reports a failed checkout and returns err.
func (p *Pool) checkoutFailed(start time.Time, reason string, err error) error {
	p.mu.Lock()
	p.counts.checkOutFails++
	p.mu.Unlock()
	p.emitCheckOutFailed(reason, err, time.Since(start))
	return err
}

// WithConn checks out a connection for owner, runs fn with it and checks
// it in, also when fn panics; a checkin error is returned when fn
// succeeded. The connection must not be used after fn returns.
func (p *Pool) WithConn(ctx context.Context, owner Owner, fn func(*Conn) error) (err error) {
	c, err := p.Checkout(ctx, owner)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := p.Checkin(c); err == nil {
			err = cerr
		}
	}()
	return fn(c)
}

// SetOwner moves a checked-out connection to another owner kind, as when
// an operation's connection becomes pinned to the cursor it opened.
func (p *Pool) SetOwner(c *Conn, owner Owner) error {
	if owner >= NumOwners {
		return errBadOwner
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	m := p.conns[c]
	if m == nil {
		return ErrForeignConn
	}
	if m.state != memberInUse {
		return ErrDoubleCheckin
	}
	p.inUse[m.owner]--
	p.inUse[owner]++
	m.owner = owner
	return nil
}
