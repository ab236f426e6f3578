package topology_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

// FuzzSetReply feeds arbitrary bytes as a command reply: SetReply must not
// panic, and a reply it calls an error is a command failure.
func FuzzSetReply(f *testing.F) {
	f.Fuzz(func(t *testing.T, reply []byte) {
		e := topology.AppError{Kind: topology.NetworkFailure}
		if e.SetReply(bson.Raw(reply)) && e.Kind != topology.CommandFailure {
			t.Fatalf("error reply gave kind %v", e.Kind)
		}
	})
}

// FuzzApply feeds an arbitrary hello reply from one of three seeds of each
// kind of topology, then a well-formed primary, and checks the invariants
// of the resulting descriptions.
func FuzzApply(f *testing.F) {
	primary, err := bson.ParseExtJSON(nil, []byte(`{"ok": 1, "isWritablePrimary": true, "setName": "rs", "hosts": ["a:27017", "b:27017"], "maxWireVersion": 21}`), false)
	if err != nil {
		f.Fatal(err)
	}
	configs := []topology.Config{
		{Seeds: []string{"a", "b", "c"}},
		{Seeds: []string{"a", "b", "c"}, SetName: "rs"},
		{Seeds: []string{"a"}, Direct: true, SetName: "rs"},
		{Seeds: []string{"a"}},
	}
	f.Fuzz(func(t *testing.T, sel byte, reply []byte) {
		for _, cfg := range configs {
			fsm, _, err := topology.NewFSM(cfg)
			if err != nil {
				t.Fatal(err)
			}
			addr := cfg.Seeds[int(sel)%len(cfg.Seeds)] + ":27017"
			checkInvariants(t, fsm.Apply(description.NewServer(addr, reply)), fsm.Description())
			checkInvariants(t, fsm.Apply(description.NewServer("b:27017", primary)), fsm.Description())
			_, _ = topology.Select(fsm.Description(), topology.Criteria{ReadPref: topology.ReadPref{Mode: topology.Nearest}})
		}
	})
}

func checkInvariants(t *testing.T, out topology.Outcome, d topology.Description) {
	t.Helper()
	if !slices.IsSortedFunc(d.Servers, func(a, b description.Server) int { return strings.Compare(a.Addr, b.Addr) }) {
		t.Fatalf("servers not sorted: %v", d)
	}
	for i := 1; i < len(d.Servers); i++ {
		if d.Servers[i].Addr == d.Servers[i-1].Addr {
			t.Fatalf("duplicate server: %v", d)
		}
	}
	primaries := 0
	for _, s := range d.Servers {
		switch {
		case s.Type == description.RSPrimary:
			primaries++
		case d.Kind == topology.Sharded && s.Type != description.Unknown && s.Type != description.Mongos:
			t.Fatalf("a %v in a sharded topology: %v", s.Type, d)
		}
	}
	switch d.Kind {
	case topology.ReplicaSetWithPrimary, topology.ReplicaSetNoPrimary, topology.Unknown, topology.Sharded:
		if (d.Kind == topology.ReplicaSetWithPrimary) != (primaries > 0) {
			t.Fatalf("kind %v with %d primaries: %v", d.Kind, primaries, d)
		}
	}
	if d.Kind == topology.Single && len(d.Servers) != 1 {
		t.Fatalf("single topology with %d servers", len(d.Servers))
	}
	for _, a := range out.Actions {
		if a.Kind == topology.ReadyPool {
			if s, ok := d.Server(a.Addr); !ok || s.Type == description.Unknown {
				t.Fatalf("ReadyPool for %s, which is %v", a.Addr, s.Type)
			}
		}
	}
}
