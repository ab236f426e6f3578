package pool

import (
	"context"
	"errors"
	"net"
	"os"
	"time"
)

// aLongTimeAgo is a deadline in the past: setting it makes blocked socket
// I/O return at once with a timeout.
var aLongTimeAgo = time.Unix(1, 0)

// ctxWatch ties one I/O call to its context without a goroutine per call:
// the socket deadline is the earlier of the context's deadline and the
// socket timeout, and context.AfterFunc moves the deadline into the past
// when the context is cancelled.
type ctxWatch struct {
	nc        net.Conn
	interrupt func()        // method value made once, so arming does not allocate it
	fired     chan struct{} // the interrupt has finished setting the deadline
	stop      func() bool
	deadline  time.Time // the deadline set on the socket, zero for none
	fromCtx   bool      // deadline is the context's
}

func (w *ctxWatch) init(nc net.Conn) {
	w.nc = nc
	w.fired = make(chan struct{}, 1)
	w.interrupt = w.onCancel
}

func (w *ctxWatch) onCancel() {
	_ = w.nc.SetDeadline(aLongTimeAgo)
	w.fired <- struct{}{}
}

// arm prepares the socket for one I/O call under ctx.
func (w *ctxWatch) arm(ctx context.Context, socketTimeout time.Duration) {
	deadline, ok := ctx.Deadline()
	w.fromCtx = ok
	if socketTimeout > 0 {
		if st := time.Now().Add(socketTimeout); !ok || st.Before(deadline) {
			deadline, w.fromCtx = st, false
		}
	}
	// Skip the call when nothing changes: the common case of no deadline.
	if !deadline.Equal(w.deadline) || !deadline.IsZero() {
		_ = w.nc.SetDeadline(deadline)
		w.deadline = deadline
	}
	if ctx.Done() != nil {
		w.stop = context.AfterFunc(ctx, w.interrupt)
	}
}

// disarm ends the watch. If the interrupt already started, it waits for
// it, so that its past deadline cannot leak into the next call; the next
// arm sets a fresh deadline.
func (w *ctxWatch) disarm() {
	if w.stop == nil {
		return
	}
	if !w.stop() {
		<-w.fired
		w.deadline = aLongTimeAgo
	}
	w.stop = nil
}

// ioError turns an I/O failure into a *NetError whose cause is ctx.Err()
// when the context caused it: cancelled, or its deadline, which was the
// socket deadline, has passed (the socket can time out a hair before the
// context's own timer marks it done).
func (c *Conn) ioError(ctx context.Context, op string, err error) *NetError {
	if errors.Is(err, net.ErrClosed) && c.State() == StateClosed {
		err = c.closedErr()
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = ctxErr
	} else if c.watch.fromCtx && errors.Is(err, os.ErrDeadlineExceeded) {
		if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
			err = context.DeadlineExceeded
		}
	}
	return &NetError{Op: op, Addr: c.addr, ConnID: c.id, Err: err}
}

// interrupted reports whether err is a timeout or cancellation, after
// which a pending reply may still arrive whole.
func interrupted(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, os.ErrDeadlineExceeded)
}
