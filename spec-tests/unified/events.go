package unified

import (
	"time"

	"github.com/cwal-go/cwal/bson"
)

// Event is one event a client emitted, as the client's hook adapter
// records it: a CommandEvent, CMAPEvent or SDAMEvent.
type Event interface {
	// EventName returns the unified format's name for the event, such as
	// "commandStartedEvent".
	EventName() string
}

// CommandEvent is a command monitoring event.
type CommandEvent struct {
	// Name is "commandStartedEvent", "commandSucceededEvent" or
	// "commandFailedEvent".
	Name         string
	CommandName  string
	DatabaseName string
	// Command is set on started events, Reply on succeeded events and
	// Failure on failed events.
	Command bson.Raw
	Reply   bson.Raw
	Failure error
	// RequestID pairs a started event with its outcome.
	RequestID   int64
	OperationID int64
	Address     string
	// ServiceID is the zero ObjectID when not set.
	ServiceID bson.ObjectID
	// ServerConnectionID is zero or negative when not set.
	ServerConnectionID int64
	Duration           time.Duration
}

// EventName returns e.Name.
func (e *CommandEvent) EventName() string { return e.Name }

// CMAPEvent is a connection pool event.
type CMAPEvent struct {
	// Name is one of the CMAP event names, such as "poolClearedEvent" or
	// "connectionCheckedOutEvent".
	Name         string
	Address      string
	ConnectionID int64
	// Reason is set on connectionClosedEvent and
	// connectionCheckOutFailedEvent.
	Reason                    string
	ServiceID                 bson.ObjectID
	InterruptInUseConnections bool
	Duration                  time.Duration
}

// EventName returns e.Name.
func (e *CMAPEvent) EventName() string { return e.Name }

// SDAMEvent is a server discovery and monitoring event.
type SDAMEvent struct {
	// Name is one of the SDAM event names, such as
	// "serverDescriptionChangedEvent" or "serverHeartbeatSucceededEvent".
	Name    string
	Address string
	// Awaited is set on heartbeat events.
	Awaited bool
	// PreviousType and NewType are the server type (for
	// serverDescriptionChangedEvent) or topology type (for
	// topologyDescriptionChangedEvent) before and after the change, named
	// as in the SDAM specification ("RSPrimary", "ReplicaSetWithPrimary").
	PreviousType string
	NewType      string
	Failure      error
	Duration     time.Duration
}

// EventName returns e.Name.
func (e *SDAMEvent) EventName() string { return e.Name }

// EventFamily returns EventTypeCommand, EventTypeCMAP or EventTypeSDAM for
// an event name, or "" for an unknown name.
func EventFamily(name string) string { return eventFamily(name) }
