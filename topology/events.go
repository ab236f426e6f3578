package topology

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// Event is one SDAM monitoring event (server discovery and monitoring
// logging and monitoring specification), as a plain struct: one of
// TopologyOpeningEvent, TopologyDescriptionChangedEvent,
// TopologyClosedEvent, ServerOpeningEvent,
// ServerDescriptionChangedEvent and ServerClosedEvent from the state
// machine, and the monitors' ServerHeartbeatStartedEvent,
// ServerHeartbeatSucceededEvent and ServerHeartbeatFailedEvent.
type Event interface {
	sdamEvent()
}

// TopologyOpeningEvent is the first event of a topology.
type TopologyOpeningEvent struct {
	TopologyID bson.ObjectID
}

// TopologyClosedEvent is the last event of a topology.
type TopologyClosedEvent struct {
	TopologyID bson.ObjectID
}

// TopologyDescriptionChangedEvent reports a topology description that is
// not Equal to the previous one.
type TopologyDescriptionChangedEvent struct {
	TopologyID bson.ObjectID
	Previous   Description
	New        Description
}

// ServerOpeningEvent reports a server added to the topology, before its
// monitor starts.
type ServerOpeningEvent struct {
	TopologyID bson.ObjectID
	Addr       string
}

// ServerClosedEvent reports a server removed from the topology (or the
// topology closing).
type ServerClosedEvent struct {
	TopologyID bson.ObjectID
	Addr       string
}

// ServerDescriptionChangedEvent reports that a server's description, after
// a check or an application error, is not Equal to the previous one. A
// change of RTT alone is not reported.
type ServerDescriptionChangedEvent struct {
	TopologyID bson.ObjectID
	Addr       string
	Previous   description.Server
	New        description.Server
}

func (TopologyOpeningEvent) sdamEvent()            {}
func (TopologyClosedEvent) sdamEvent()             {}
func (TopologyDescriptionChangedEvent) sdamEvent() {}
func (ServerOpeningEvent) sdamEvent()              {}
func (ServerClosedEvent) sdamEvent()               {}
func (ServerDescriptionChangedEvent) sdamEvent()   {}
