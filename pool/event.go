package pool

import (
	"time"

	"github.com/cwal-go/cwal/bson"
)

// Events holds the callbacks that receive a pool's CMAP events; a nil
// field means the event is not wanted. Callbacks run synchronously on the
// goroutine that caused the event, in the order of the pool's state
// changes, so they must return quickly, and must not call the pool's
// Ready, Clear or Close (some run while those hold the pool's transition
// lock). Checkout and Checkin may be called.
type Events struct {
	PoolCreated       func(PoolCreatedEvent)
	PoolReady         func(PoolReadyEvent)
	PoolCleared       func(PoolClearedEvent)
	PoolClosed        func(PoolClosedEvent)
	ConnectionCreated func(ConnectionCreatedEvent)
	ConnectionReady   func(ConnectionReadyEvent)
	ConnectionClosed  func(ConnectionClosedEvent)
	CheckOutStarted   func(CheckOutStartedEvent)
	CheckOutFailed    func(CheckOutFailedEvent)
	CheckedOut        func(CheckedOutEvent)
	CheckedIn         func(CheckedInEvent)
}

// PoolCreatedEvent: New made a pool (it starts paused).
type PoolCreatedEvent struct {
	Address string
	Options Options
}

// PoolReadyEvent: the pool was marked ready.
type PoolReadyEvent struct {
	Address string
}

// PoolClearedEvent: the pool was cleared; for one service in
// load-balanced mode.
type PoolClearedEvent struct {
	Address                   string
	ServiceID                 *bson.ObjectID
	InterruptInUseConnections bool
}

// PoolClosedEvent: the pool was closed.
type PoolClosedEvent struct {
	Address string
}

// ConnectionCreatedEvent: the pool started establishing a connection.
type ConnectionCreatedEvent struct {
	Address      string
	ConnectionID int64
}

// ConnectionReadyEvent: a connection finished its handshake and
// authentication; Duration counts from its ConnectionCreated event.
type ConnectionReadyEvent struct {
	Address      string
	ConnectionID int64
	Duration     time.Duration
}

// Reasons of a ConnectionClosedEvent.
const (
	ReasonStale      = "stale"      // the pool was cleared since it was made
	ReasonIdle       = "idle"       // idle longer than MaxIdleTime
	ReasonError      = "error"      // establishment failed, or it broke
	ReasonPoolClosed = "poolClosed" // the pool was closed
)

// ConnectionClosedEvent: the pool closed a connection (Reason is one of
// the Reason constants; Err the failure for ReasonError, when known).
type ConnectionClosedEvent struct {
	Address      string
	ConnectionID int64
	Reason       string
	Err          error
}

// CheckOutStartedEvent: Checkout began.
type CheckOutStartedEvent struct {
	Address string
}

// Reasons of a CheckOutFailedEvent.
const (
	FailedPoolClosed      = "poolClosed"      // the pool is closed
	FailedTimeout         = "timeout"         // WaitQueueTimeout or ctx ended the wait
	FailedConnectionError = "connectionError" // the pool is paused, was cleared, or establishment failed
)

// CheckOutFailedEvent: Checkout failed. Duration counts from its
// CheckOutStarted event.
type CheckOutFailedEvent struct {
	Address  string
	Reason   string
	Err      error
	Duration time.Duration
}

// CheckedOutEvent: Checkout returned a connection. Duration counts from its
// CheckOutStarted event.
type CheckedOutEvent struct {
	Address      string
	ConnectionID int64
	Duration     time.Duration
}

// CheckedInEvent: a connection was checked in.
type CheckedInEvent struct {
	Address      string
	ConnectionID int64
}
