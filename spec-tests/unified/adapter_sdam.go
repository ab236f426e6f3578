package unified

import (
	"github.com/cwal-go/cwal/topology"
)

// sdamEvents feeds a client's SDAM and heartbeat events to rec. It runs
// under the topology's lock, so it only converts and appends.
func sdamEvents(rec *EventRecorder) func(topology.Event) {
	return func(ev topology.Event) {
		if e := sdamEvent(ev); e != nil {
			rec.Record(e)
		}
	}
}

// sdamEvent converts one topology event; nil for one the unified format
// has no name for.
func sdamEvent(ev topology.Event) *SDAMEvent {
	switch e := ev.(type) {
	case topology.TopologyOpeningEvent:
		return &SDAMEvent{Name: "topologyOpeningEvent"}
	case topology.TopologyClosedEvent:
		return &SDAMEvent{Name: "topologyClosedEvent"}
	case topology.TopologyDescriptionChangedEvent:
		return &SDAMEvent{Name: "topologyDescriptionChangedEvent",
			PreviousType: e.Previous.Kind.String(), NewType: e.New.Kind.String()}
	case topology.ServerDescriptionChangedEvent:
		return &SDAMEvent{Name: "serverDescriptionChangedEvent", Address: e.Addr,
			PreviousType: e.Previous.Type.String(), NewType: e.New.Type.String()}
	case topology.ServerOpeningEvent:
		return &SDAMEvent{Name: "serverOpeningEvent", Address: e.Addr}
	case topology.ServerClosedEvent:
		return &SDAMEvent{Name: "serverClosedEvent", Address: e.Addr}
	case topology.ServerHeartbeatStartedEvent:
		return &SDAMEvent{Name: "serverHeartbeatStartedEvent", Address: e.Addr, Awaited: e.Awaited}
	case topology.ServerHeartbeatSucceededEvent:
		return &SDAMEvent{Name: "serverHeartbeatSucceededEvent", Address: e.Addr,
			Awaited: e.Awaited, Duration: e.Duration}
	case topology.ServerHeartbeatFailedEvent:
		return &SDAMEvent{Name: "serverHeartbeatFailedEvent", Address: e.Addr,
			Awaited: e.Awaited, Duration: e.Duration, Failure: e.Err}
	}
	return nil
}
