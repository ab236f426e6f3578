package topology_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

// eventServer is a server description as monitoring test events show it.
type eventServer struct {
	Address  string          `json:"address"`
	Type     string          `json:"type"`
	Hosts    []string        `json:"hosts"`
	Passives []string        `json:"passives"`
	Arbiters []string        `json:"arbiters"`
	Primary  json.RawMessage `json:"primary"`
	SetName  json.RawMessage `json:"setName"`
}

type eventTopology struct {
	TopologyType string          `json:"topologyType"`
	SetName      json.RawMessage `json:"setName"`
	Servers      []eventServer   `json:"servers"`
}

type eventBody struct {
	Address             string          `json:"address"`
	PreviousDescription json.RawMessage `json:"previousDescription"`
	NewDescription      json.RawMessage `json:"newDescription"`
}

// checkEvents compares the published events with the expected list, in
// order and in number.
func checkEvents(t *testing.T, want []map[string]json.RawMessage, got []topology.Event) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("%d events, want %d", len(got), len(want))
	}
	for i := range min(len(want), len(got)) {
		if len(want[i]) != 1 {
			t.Fatalf("event %d: want one key, have %v", i, want[i])
		}
		for kind, raw := range want[i] {
			var body eventBody
			if err := json.Unmarshal(raw, &body); err != nil {
				t.Fatalf("event %d: %v", i, err)
			}
			if err := matchEvent(kind, body, got[i]); err != nil {
				t.Errorf("event %d (%s): %v; got %#v", i, kind, err, got[i])
			}
		}
	}
	if t.Failed() {
		for i, e := range got {
			t.Logf("got event %d: %T", i, e)
		}
	}
}

func matchEvent(kind string, want eventBody, got topology.Event) error {
	switch e := got.(type) {
	case topology.TopologyOpeningEvent:
		return expectKind(kind, "topology_opening_event")
	case topology.TopologyClosedEvent:
		return expectKind(kind, "topology_closed_event")
	case topology.ServerOpeningEvent:
		return firstErr(expectKind(kind, "server_opening_event"), expectAddr(want.Address, e.Addr))
	case topology.ServerClosedEvent:
		return firstErr(expectKind(kind, "server_closed_event"), expectAddr(want.Address, e.Addr))
	case topology.ServerDescriptionChangedEvent:
		return firstErr(expectKind(kind, "server_description_changed_event"), expectAddr(want.Address, e.Addr),
			matchServerJSON(want.PreviousDescription, e.Previous), matchServerJSON(want.NewDescription, e.New))
	case topology.TopologyDescriptionChangedEvent:
		return firstErr(expectKind(kind, "topology_description_changed_event"),
			matchTopology(want.PreviousDescription, e.Previous), matchTopology(want.NewDescription, e.New))
	}
	return fmt.Errorf("unexpected event type %T", got)
}

func expectKind(got, want string) error {
	if got != want {
		return fmt.Errorf("got a %s, want a %s", want, got)
	}
	return nil
}

func expectAddr(want, got string) error {
	if description.NormalizeAddr(want) != got {
		return fmt.Errorf("address %s, want %s", got, want)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func matchTopology(raw json.RawMessage, d topology.Description) error {
	var want eventTopology
	if err := json.Unmarshal(raw, &want); err != nil {
		return err
	}
	if k, ok := topology.ParseKind(want.TopologyType); !ok || k != d.Kind {
		return fmt.Errorf("topology type %v, want %s", d.Kind, want.TopologyType)
	}
	if err := matchNullable("setName", want.SetName, d.SetName); err != nil {
		return err
	}
	if len(want.Servers) != len(d.Servers) {
		return fmt.Errorf("%d servers, want %d", len(d.Servers), len(want.Servers))
	}
	for _, ws := range want.Servers {
		s, ok := d.Server(description.NormalizeAddr(ws.Address))
		if !ok {
			return fmt.Errorf("server %s missing", ws.Address)
		}
		if err := matchServer(ws, s); err != nil {
			return err
		}
	}
	return nil
}

func matchServerJSON(raw json.RawMessage, s description.Server) error {
	var want eventServer
	if err := json.Unmarshal(raw, &want); err != nil {
		return err
	}
	return matchServer(want, s)
}

func matchServer(want eventServer, s description.Server) error {
	if typ, ok := description.ParseServerType(want.Type); !ok || typ != s.Type {
		return fmt.Errorf("%s: type %v, want %s", s.Addr, s.Type, want.Type)
	}
	if err := expectAddr(want.Address, s.Addr); err != nil {
		return err
	}
	for _, l := range []struct {
		name      string
		want, got []string
	}{{"hosts", want.Hosts, s.Hosts}, {"passives", want.Passives, s.Passives}, {"arbiters", want.Arbiters, s.Arbiters}} {
		if !sameAddrs(l.want, l.got) {
			return fmt.Errorf("%s: %s %v, want %v", s.Addr, l.name, l.got, l.want)
		}
	}
	return firstErr(matchNullable("primary", want.Primary, s.Primary), matchNullable("setName", want.SetName, s.SetName))
}

// matchNullable compares an optional string field ("" is null or absent).
func matchNullable(what string, want json.RawMessage, got string) error {
	var w string
	if want != nil && !isNull(want) {
		if err := json.Unmarshal(want, &w); err != nil {
			return err
		}
	}
	if w != got {
		return fmt.Errorf("%s %q, want %q", what, got, w)
	}
	return nil
}

func sameAddrs(want, got []string) bool {
	w := make([]string, len(want))
	for i, a := range want {
		w[i] = description.NormalizeAddr(a)
	}
	g := slices.Clone(got)
	slices.Sort(w)
	slices.Sort(g)
	return slices.Equal(w, g)
}
