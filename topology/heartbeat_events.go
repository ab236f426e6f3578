package topology

import (
	"time"

	"github.com/cwal-go/cwal/bson"
)

// The heartbeat events of the SDAM monitoring specification, published by
// monitors through RuntimeConfig.Events among the state machine's events.
// For one server they come in the order started, then succeeded or failed,
// then the ServerDescriptionChangedEvent the check caused, if any. A
// monitor's RTT measurements publish nothing.

// ServerHeartbeatStartedEvent is published before a check: before the
// monitoring socket is opened, or before the next reply of a streaming
// hello is read.
type ServerHeartbeatStartedEvent struct {
	TopologyID bson.ObjectID
	Addr       string
	// ConnID is the driver's id of the monitoring connection; 0 when the
	// check opens a new one.
	ConnID int64
	// Awaited reports an awaitable (streaming) hello, whose duration says
	// nothing about the round trip time.
	Awaited bool
}

// ServerHeartbeatSucceededEvent is published when a check got an ok: 1
// hello reply.
type ServerHeartbeatSucceededEvent struct {
	TopologyID bson.ObjectID
	Addr       string
	ConnID     int64
	// Duration is the hello's round trip (for a new connection, that of
	// the handshake's hello: the RTT sample); for an awaited hello it
	// includes the server's wait.
	Duration time.Duration
	// Reply is the hello reply (a copy).
	Reply   bson.Raw
	Awaited bool
}

// ServerHeartbeatFailedEvent is published when a check failed: a network
// error, a timeout, an ok: 0 reply, or a cancellation by an application
// network error.
type ServerHeartbeatFailedEvent struct {
	TopologyID bson.ObjectID
	Addr       string
	ConnID     int64
	Duration   time.Duration
	Err        error
	Awaited    bool
}

func (ServerHeartbeatStartedEvent) sdamEvent()   {}
func (ServerHeartbeatSucceededEvent) sdamEvent() {}
func (ServerHeartbeatFailedEvent) sdamEvent()    {}
