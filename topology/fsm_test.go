package topology_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

// hello makes a check outcome from an extended JSON hello reply.
func hello(t *testing.T, addr, reply string) description.Server {
	t.Helper()
	doc, err := bson.ParseExtJSON(nil, []byte(reply), false)
	if err != nil {
		t.Fatalf("reply %s: %v", reply, err)
	}
	return description.NewServer(addr, doc)
}

func newFSM(t *testing.T, cfg topology.Config) (*topology.FSM, topology.Outcome) {
	t.Helper()
	f, out, err := topology.NewFSM(cfg)
	if err != nil {
		t.Fatalf("NewFSM: %v", err)
	}
	return f, out
}

// actions renders the actions for comparison.
func actions(out topology.Outcome) []string {
	var s []string
	for _, a := range out.Actions {
		s = append(s, a.String())
	}
	return s
}

// eventNames renders the event types for comparison.
func eventNames(out topology.Outcome) []string {
	var s []string
	for _, e := range out.Events {
		s = append(s, fmt.Sprintf("%T", e)[len("topology."):])
	}
	return s
}

func expectStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

const (
	rsPrimaryA   = `{"ok": 1, "isWritablePrimary": true, "setName": "rs", "hosts": ["a:27017", "b:27017"], "minWireVersion": 0, "maxWireVersion": 21, "electionId": {"$oid": "000000000000000000000002"}, "setVersion": 1}`
	rsPrimaryB   = `{"ok": 1, "isWritablePrimary": true, "setName": "rs", "hosts": ["a:27017", "b:27017"], "minWireVersion": 0, "maxWireVersion": 21, "electionId": {"$oid": "000000000000000000000003"}, "setVersion": 1}`
	rsSecondaryB = `{"ok": 1, "secondary": true, "setName": "rs", "hosts": ["a:27017", "b:27017"], "minWireVersion": 0, "maxWireVersion": 21}`
)

func TestNewFSMConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  topology.Config
	}{
		{"no seeds", topology.Config{}},
		{"direct with two seeds", topology.Config{Seeds: []string{"a", "b"}, Direct: true}},
		{"load balanced with two seeds", topology.Config{Seeds: []string{"a", "b"}, LoadBalanced: true}},
		{"load balanced and direct", topology.Config{Seeds: []string{"a"}, LoadBalanced: true, Direct: true}},
		{"load balanced with set name", topology.Config{Seeds: []string{"a"}, LoadBalanced: true, SetName: "rs"}},
		{"heartbeat below 500ms", topology.Config{Seeds: []string{"a"}, HeartbeatFrequency: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := topology.NewFSM(tt.cfg); !errors.Is(err, topology.ErrInvalidConfig) {
				t.Fatalf("NewFSM = %v, want ErrInvalidConfig", err)
			}
		})
	}
}

func TestNewFSMNormalizesSeeds(t *testing.T) {
	f, out := newFSM(t, topology.Config{Seeds: []string{"B", "a:27017", "b:27017"}})
	var got []string
	for _, s := range f.Description().Servers {
		got = append(got, s.Addr)
	}
	expectStrings(t, "servers", got, []string{"a:27017", "b:27017"})
	expectStrings(t, "actions", actions(out), []string{"StartServer a:27017", "StartServer b:27017"})
	for _, e := range out.Events {
		if id := reflect.ValueOf(e).FieldByName("TopologyID").Interface(); id != f.ID() {
			t.Errorf("%T carries topology id %v, want %v", e, id, f.ID())
		}
	}
}

func TestApplyActions(t *testing.T) {
	f, _ := newFSM(t, topology.Config{Seeds: []string{"a", "b"}, SetName: "rs"})
	out := f.Apply(hello(t, "a:27017", rsPrimaryA))
	expectStrings(t, "primary discovered", actions(out), []string{"ReadyPool a:27017"})

	// A newer primary invalidates a: its monitor must look again, its pool
	// stays (it may serve secondary reads).
	out = f.Apply(hello(t, "b:27017", rsPrimaryB))
	expectStrings(t, "new primary", actions(out), []string{"ReadyPool b:27017", "RequestCheck a:27017"})
	if a, _ := f.Description().Server("a:27017"); a.Type != description.Unknown || !errors.Is(a.Error, topology.ErrStalePrimary) {
		t.Errorf("old primary: %v %v, want Unknown with ErrStalePrimary", a.Type, a.Error)
	}

	// A failed check clears the pool; a timeout interrupts connections in
	// use too.
	out = f.Apply(description.NewUnknownServer("b:27017", timeoutErr{}))
	expectStrings(t, "check timeout", actions(out), []string{"ClearPool b:27017 interrupt"})
	out = f.Apply(description.NewUnknownServer("a:27017", errors.New("connection refused")))
	expectStrings(t, "check error", actions(out), []string{"ClearPool a:27017"})
	if k := f.Description().Kind; k != topology.ReplicaSetNoPrimary {
		t.Errorf("kind %v, want ReplicaSetNoPrimary", k)
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string { return "i/o timeout" }
func (timeoutErr) Timeout() bool { return true }

func TestApplyIgnores(t *testing.T) {
	f, _ := newFSM(t, topology.Config{Seeds: []string{"a"}, SetName: "rs"})
	if out := f.Apply(hello(t, "z:27017", rsPrimaryA)); out.Changed || len(out.Events)+len(out.Actions) > 0 {
		t.Errorf("outcome for a server not in the topology: %+v", out)
	}
	tv := `"topologyVersion": {"processId": {"$oid": "000000000000000000000001"}, "counter": {"$numberLong": "%d"}}`
	newer := fmt.Sprintf(`{"ok": 1, "secondary": true, "setName": "rs", "hosts": ["a:27017"], "maxWireVersion": 21, `+tv+`}`, 5)
	older := fmt.Sprintf(`{"ok": 1, "isWritablePrimary": true, "setName": "rs", "hosts": ["a:27017"], "maxWireVersion": 21, `+tv+`}`, 4)
	f.Apply(hello(t, "a:27017", newer))
	if out := f.Apply(hello(t, "a:27017", older)); out.Changed {
		t.Errorf("an older topologyVersion was applied: %+v", out)
	}
	if a, _ := f.Description().Server("a:27017"); a.Type != description.RSSecondary {
		t.Errorf("type %v, want RSSecondary", a.Type)
	}
}

func TestApplyEqualDescriptionStillReplaces(t *testing.T) {
	f, _ := newFSM(t, topology.Config{Seeds: []string{"a"}, Direct: true})
	s := hello(t, "a:27017", `{"ok": 1, "isWritablePrimary": true, "maxWireVersion": 21}`)
	f.Apply(s)
	s.RTT = 42
	out := f.Apply(s)
	if !out.Changed || len(out.Events) != 0 {
		t.Errorf("equal description: changed %v, events %v; want replaced without events", out.Changed, eventNames(out))
	}
	if got, _ := f.Description().Server("a:27017"); got.RTT != 42 {
		t.Errorf("RTT %v not refreshed", got.RTT)
	}
}

func TestClose(t *testing.T) {
	f, _ := newFSM(t, topology.Config{Seeds: []string{"a", "b"}})
	out := f.Close()
	expectStrings(t, "events", eventNames(out), []string{"ServerClosedEvent", "ServerClosedEvent", "TopologyDescriptionChangedEvent", "TopologyClosedEvent"})
	expectStrings(t, "actions", actions(out), []string{"StopServer a:27017", "StopServer b:27017"})
	if d := f.Description(); d.Kind != topology.Unknown || len(d.Servers) != 0 {
		t.Errorf("closed description %v", d)
	}
	if out := f.Close(); out.Changed || len(out.Events) > 0 {
		t.Errorf("second Close: %+v", out)
	}
	if out := f.Apply(hello(t, "a:27017", rsPrimaryA)); out.Changed {
		t.Errorf("Apply after Close: %+v", out)
	}
}

func TestLoadBalancedOpening(t *testing.T) {
	f, out := newFSM(t, topology.Config{Seeds: []string{"lb"}, LoadBalanced: true})
	expectStrings(t, "events", eventNames(out), []string{"TopologyOpeningEvent", "TopologyDescriptionChangedEvent",
		"ServerOpeningEvent", "ServerDescriptionChangedEvent", "TopologyDescriptionChangedEvent"})
	expectStrings(t, "actions", actions(out), []string{"StartServer lb:27017", "ReadyPool lb:27017"})
	if out := f.Apply(description.NewUnknownServer("lb:27017", errors.New("x"))); out.Changed {
		t.Errorf("Apply in load-balanced mode changed the topology: %+v", out)
	}
}
