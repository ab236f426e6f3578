package logging_test

import (
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

var topoID = bson.ObjectID{0xaa, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}

func TestTopologyEvents(t *testing.T) {
	id := topoID.Hex()
	host := func(extra map[string]any) map[string]any {
		m := map[string]any{"topologyId": id, "serverHost": "a", "serverPort": int64(27017)}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	reply := mustDoc(t, bson.D{{Key: "ok", Value: 1.0}, {Key: "connectionId", Value: int32(55)}})
	prev := topology.Description{}
	tests := []struct {
		ev   topology.Event
		msg  string
		want map[string]any
	}{
		{topology.TopologyOpeningEvent{TopologyID: topoID}, "Starting topology monitoring", map[string]any{"topologyId": id}},
		{topology.TopologyClosedEvent{TopologyID: topoID}, "Stopped topology monitoring", map[string]any{"topologyId": id}},
		{topology.TopologyDescriptionChangedEvent{TopologyID: topoID, Previous: prev, New: prev},
			"Topology description changed", map[string]any{"topologyId": id, "previousDescription": prev.String(), "newDescription": prev.String()}},
		{topology.ServerOpeningEvent{TopologyID: topoID, Addr: "a:27017"}, "Starting server monitoring", host(nil)},
		{topology.ServerClosedEvent{TopologyID: topoID, Addr: "a:27017"}, "Stopped server monitoring", host(nil)},
		{topology.ServerHeartbeatStartedEvent{TopologyID: topoID, Addr: "a:27017", ConnID: 3, Awaited: true},
			"Server heartbeat started", host(map[string]any{"driverConnectionId": int64(3), "awaited": true})},
		{topology.ServerHeartbeatSucceededEvent{TopologyID: topoID, Addr: "a:27017", ConnID: 3, Duration: 4 * time.Millisecond, Reply: reply},
			"Server heartbeat succeeded", host(map[string]any{"driverConnectionId": int64(3), "awaited": false,
				"durationMS": 4.0, "reply": `{"ok":1.0,"connectionId":55}`, "serverConnectionId": int64(55)})},
		{topology.ServerHeartbeatFailedEvent{TopologyID: topoID, Addr: "a:27017", Duration: time.Millisecond, Err: errors.New("refused")},
			"Server heartbeat failed", host(map[string]any{"driverConnectionId": int64(0), "awaited": false,
				"durationMS": 1.0, "failure": "refused"})},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			lg, rec := newLogger(0)
			var passed []topology.Event
			lg.TopologyEvents(func(e topology.Event) { passed = append(passed, e) })(tt.ev)
			checkOne(t, rec.take(t), slog.LevelDebug, "topology", tt.msg, tt.want)
			if len(passed) != 1 {
				t.Errorf("next got %d events", len(passed))
			}
		})
	}
}

// TestServerDescriptionChangedNotLogged: the specification defines no
// message for it; it is only passed on.
func TestServerDescriptionChangedNotLogged(t *testing.T) {
	lg, rec := newLogger(0)
	n := 0
	lg.TopologyEvents(func(topology.Event) { n++ })(topology.ServerDescriptionChangedEvent{
		TopologyID: topoID, Addr: "a:1", New: description.Server{Addr: "a:1"},
	})
	if got := rec.take(t); len(got) != 0 || n != 1 {
		t.Errorf("%d records, next called %d times", len(got), n)
	}
	lg.TopologyEvents(nil)(topology.TopologyOpeningEvent{}) // nil next is allowed
	if got := rec.take(t); len(got) != 1 {
		t.Errorf("nil next: %d records", len(got))
	}
}
