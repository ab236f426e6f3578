package logging

import (
	"log/slog"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/topology"
)

// TopologyEvents returns an SDAM callback that logs the topology
// component's messages (all at debug) and then calls next (nil means
// none). ServerDescriptionChangedEvent has no log message in the
// specification and is only passed on. When the component is off it
// returns next itself.
func (l *Logger) TopologyEvents(next func(topology.Event)) func(topology.Event) {
	if !l.Enabled(ComponentTopology, LevelDebug) {
		return next
	}
	return wrap(l.TopologyEvent, next)
}

// TopologyEvent logs the message for one SDAM event, if it has one.
func (l *Logger) TopologyEvent(ev topology.Event) {
	if !l.Enabled(ComponentTopology, LevelDebug) {
		return
	}
	switch e := ev.(type) {
	case topology.TopologyOpeningEvent:
		l.topoLog("Starting topology monitoring", e.TopologyID)
	case topology.TopologyClosedEvent:
		l.topoLog("Stopped topology monitoring", e.TopologyID)
	case topology.TopologyDescriptionChangedEvent:
		l.topoLog("Topology description changed", e.TopologyID,
			slog.String("previousDescription", e.Previous.String()),
			slog.String("newDescription", e.New.String()))
	case topology.ServerOpeningEvent:
		l.topoLog("Starting server monitoring", e.TopologyID, hostPort(nil, e.Addr)...)
	case topology.ServerClosedEvent:
		l.topoLog("Stopped server monitoring", e.TopologyID, hostPort(nil, e.Addr)...)
	case topology.ServerHeartbeatStartedEvent:
		l.heartbeatLog("Server heartbeat started", e.TopologyID, e.Addr, e.ConnID, e.Awaited)
	case topology.ServerHeartbeatSucceededEvent:
		l.heartbeatSucceeded(e)
	case topology.ServerHeartbeatFailedEvent:
		l.heartbeatLog("Server heartbeat failed", e.TopologyID, e.Addr, e.ConnID, e.Awaited,
			durationMS(e.Duration), slog.String("failure", l.errorText(e.Err)))
	}
}

func (l *Logger) topoLog(msg string, id bson.ObjectID, extra ...slog.Attr) {
	attrs := append([]slog.Attr{slog.String("topologyId", id.Hex())}, extra...)
	l.emit(ComponentTopology, LevelDebug, msg, attrs...)
}

// heartbeatLog emits a heartbeat message with the fields all three share.
func (l *Logger) heartbeatLog(msg string, id bson.ObjectID, addr string, connID int64, awaited bool, extra ...slog.Attr) {
	attrs := hostPort(make([]slog.Attr, 0, 6+len(extra)), addr)
	attrs = append(attrs, slog.Int64("driverConnectionId", connID), slog.Bool("awaited", awaited))
	l.topoLog(msg, id, append(attrs, extra...)...)
}

func (l *Logger) heartbeatSucceeded(e topology.ServerHeartbeatSucceededEvent) {
	extra := []slog.Attr{durationMS(e.Duration), slog.String("reply", FormatDocument(e.Reply, l.maxDoc))}
	if id, ok := serverConnectionID(e.Reply); ok {
		extra = append(extra, slog.Int64("serverConnectionId", id))
	}
	l.heartbeatLog("Server heartbeat succeeded", e.TopologyID, e.Addr, e.ConnID, e.Awaited, extra...)
}

// serverConnectionID reads the hello reply's connectionId, which servers
// send as an int32, int64 or double.
func serverConnectionID(reply bson.Raw) (int64, bool) {
	if len(reply) == 0 || reply.Validate() != nil {
		return 0, false
	}
	v := reply.Lookup("connectionId")
	if v.IsZero() {
		return 0, false
	}
	return v.AsInt64OK()
}
