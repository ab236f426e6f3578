package pool

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// Misuse of the pool's return path. Both are reported, never ignored: a
// connection checked in twice could otherwise be handed to two owners.
var (
	// ErrDoubleCheckin is returned by Checkin for a connection of this pool
	// that is not checked out: it was checked in already and is idle or
	// draining.
	ErrDoubleCheckin = errors.New("pool: connection checked in twice")
	// ErrForeignConn is returned by Checkin and SetOwner for a connection
	// this pool does not hold: made by another pool or by Dial, or checked
	// in earlier and since closed by this pool.
	ErrForeignConn = errors.New("pool: connection is not checked out of this pool")
)

// The error labels the pool attaches (see HasErrorLabel).
const (
	// LabelRetryableError: the command was not sent, so any command may be
	// retried.
	LabelRetryableError = "RetryableError"
	// LabelSystemOverloaded: the failure may come from an overloaded server
	// (CMAP "backpressure-enabled"); SDAM must not clear the pool for it.
	LabelSystemOverloaded = "SystemOverloadedError"
)

// PoolClosedError is returned by Checkout from a closed pool.
type PoolClosedError struct {
	Address string
}

func (e *PoolClosedError) Error() string {
	return "pool: attempted to check out a connection from closed connection pool " + e.Address
}

// PoolClearedError is returned by Checkout from a paused pool, to waiters
// evicted by Clear, and to establishments Clear interrupted. The command
// was not sent: it is retryable (Retryable, the RetryableError label) and
// must not mark the server Unknown or clear the pool again.
type PoolClearedError struct {
	Address   string
	ServiceID *bson.ObjectID // load-balanced mode
	// Cause is the error that cleared the pool, when Clear was told.
	Cause error
}

func (e *PoolClearedError) Error() string {
	if e.Cause == nil {
		return "pool: connection pool for " + e.Address + " is paused (cleared, or not marked ready yet)"
	}
	return "pool: connection pool for " + e.Address + " was cleared because another operation failed with: " + e.Cause.Error()
}

// Unwrap returns the error that cleared the pool.
func (e *PoolClearedError) Unwrap() error { return e.Cause }

// Retryable reports true: a cleared pool never started the command.
func (e *PoolClearedError) Retryable() bool { return true }

// HasErrorLabel reports the RetryableError label. The operation layer
// adds RetryableWriteError (with retryWrites) and TransientTransactionError
// (in a transaction) as their specifications require.
func (e *PoolClearedError) HasErrorLabel(label string) bool { return label == LabelRetryableError }

// WaitQueueTimeoutError is returned by Checkout when the wait for a
// connection ended: WaitQueueTimeout passed (Cause nil) or ctx ended
// (Cause is ctx.Err(), so errors.Is(err, context.DeadlineExceeded) and
// context.Canceled work).
type WaitQueueTimeoutError struct {
	Address string
	Waited  time.Duration
	Cause   error
}

func (e *WaitQueueTimeoutError) Error() string {
	s := "pool: timed out while checking out a connection from connection pool " + e.Address +
		" after " + e.Waited.Round(time.Microsecond).String()
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns ctx.Err() when the context ended the wait.
func (e *WaitQueueTimeoutError) Unwrap() error { return e.Cause }

// Timeout reports whether a deadline ended the wait, as opposed to a
// cancellation.
func (e *WaitQueueTimeoutError) Timeout() bool { return !errors.Is(e.Cause, context.Canceled) }

// ConnectionError is a failed establishment of a new connection by the
// pool. Err is Dial's error (usually an *EstablishError).
type ConnectionError struct {
	Address      string
	ConnectionID int64
	// Generation is the pool generation the connection was created in;
	// SDAM ignores errors of an older generation.
	Generation uint64
	// Labels are the error labels the pool added: SystemOverloadedError
	// and RetryableError for network errors before authentication.
	Labels []string
	Err    error
}

func (e *ConnectionError) Error() string {
	return "pool: establishing connection " + strconv.FormatInt(e.ConnectionID, 10) + " to " + e.Address + ": " + e.Err.Error()
}

// Unwrap returns Dial's error.
func (e *ConnectionError) Unwrap() error { return e.Err }

// HasErrorLabel reports whether the pool attached label.
func (e *ConnectionError) HasErrorLabel(label string) bool {
	for _, l := range e.Labels {
		if l == label {
			return true
		}
	}
	return false
}

// newConnectionError wraps a Dial failure, adding the backpressure labels
// when the cause may be an overloaded server.
func newConnectionError(addr string, id int64, gen uint64, err error) *ConnectionError {
	ce := &ConnectionError{Address: addr, ConnectionID: id, Generation: gen, Err: err}
	var ee *EstablishError
	if errors.As(err, &ee) && ee.Backpressure() {
		ce.Labels = []string{LabelSystemOverloaded, LabelRetryableError}
	}
	return ce
}
