package pool

// ConnState says whether a connection can carry another request.
type ConnState uint32

// The states of a Conn.
const (
	// StateReady: no reply is outstanding; the connection is usable.
	StateReady ConnState = iota
	// StateReplyPending: a request was sent and its reply (or the rest of
	// a moreToCome stream) has not been read. This is the normal state
	// between WriteMessage and ReadMessage. When a read was interrupted by
	// its context or a timeout, Err says so: the reply is still on its way
	// and Drain can read and discard it, which keeps a healthy connection
	// instead of closing it.
	StateReplyPending
	// StateBroken: an I/O or protocol error left the connection unusable;
	// its socket is closed. Err says why. Close it.
	StateBroken
	// StateClosed: Close was called.
	StateClosed
)

func (s ConnState) String() string {
	switch s {
	case StateReady:
		return "ready"
	case StateReplyPending:
		return "reply pending"
	case StateBroken:
		return "broken"
	case StateClosed:
		return "closed"
	}
	return "invalid"
}

// State returns the connection's state. Safe for concurrent use.
func (c *Conn) State() ConnState { return ConnState(c.state.Load()) }

// Closed reports whether Close was called or a failure broke the
// connection: either way it can never be used again.
func (c *Conn) Closed() bool {
	s := c.State()
	return s == StateClosed || s == StateBroken
}

// Err returns why the connection is not ready: the failure that broke it,
// the context error or timeout that interrupted a read (state
// StateReplyPending; "may be drained"), or ErrConnClosed. It is nil for a
// ready connection and for a reply pending in the normal course.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// setState moves to s with cause err, unless the connection is closed.
func (c *Conn) setState(s ConnState, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ConnState(c.state.Load()) == StateClosed {
		return
	}
	c.state.Store(uint32(s))
	c.err = err
}

// fail breaks the connection with err and closes its socket; err is
// returned for convenience.
func (c *Conn) fail(err error) error {
	c.mu.Lock()
	s := ConnState(c.state.Load())
	if s != StateClosed && s != StateBroken {
		c.state.Store(uint32(StateBroken))
		c.err = err
		c.mu.Unlock()
		_ = c.nc.Close()
		return err
	}
	c.mu.Unlock()
	return err
}

// usable returns nil when the connection may start I/O, else the error to
// report: ErrConnClosed, or ErrConnBroken wrapping the cause.
func (c *Conn) usable(op string) error {
	switch c.State() {
	case StateClosed:
		if err := c.closedErr(); err != ErrConnClosed {
			// A network error, as ErrConnClosed counts as one: the
			// operation may retry.
			return &NetError{Op: op, Addr: c.addr, ConnID: c.id, Err: err}
		}
		return ErrConnClosed
	case StateBroken:
		return &brokenError{cause: c.Err()}
	}
	return nil
}

// brokenError is ErrConnBroken with the failure that caused it.
type brokenError struct{ cause error }

func (e *brokenError) Error() string {
	if e.cause == nil {
		return ErrConnBroken.Error()
	}
	return ErrConnBroken.Error() + ": " + e.cause.Error()
}

func (e *brokenError) Unwrap() []error {
	if e.cause == nil {
		return []error{ErrConnBroken}
	}
	return []error{ErrConnBroken, e.cause}
}

// closedErr is the error of I/O on a closed connection: ErrConnClosed, or
// the reason given to closeWithCause.
func (c *Conn) closedErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closeCause != nil {
		return c.closeCause
	}
	return ErrConnClosed
}
