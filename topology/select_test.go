package topology_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

// replicaSet builds a ReplicaSetWithPrimary description: a primary at
// a:27017 and secondaries with the given RTTs at b, c, ...
func replicaSet(secondaryRTTs ...time.Duration) topology.Description {
	d := topology.Description{Kind: topology.ReplicaSetWithPrimary, SetName: "rs",
		HeartbeatFrequency: topology.DefaultHeartbeatFrequency, LocalThreshold: topology.DefaultLocalThreshold}
	now := time.Now()
	d.Servers = append(d.Servers, description.Server{Addr: "a:27017", Type: description.RSPrimary, RTT: 5 * time.Millisecond,
		LastUpdateTime: now, LastWriteDate: now})
	for i, rtt := range secondaryRTTs {
		d.Servers = append(d.Servers, description.Server{Addr: string(rune('b'+i)) + ":27017", Type: description.RSSecondary,
			RTT: rtt, Tags: map[string]string{"n": string(rune('b' + i))}, LastUpdateTime: now, LastWriteDate: now})
	}
	return d
}

func TestSelectLocalThreshold(t *testing.T) {
	d := replicaSet(10*time.Millisecond, 10*time.Millisecond, 30*time.Millisecond)
	nearest := topology.Criteria{ReadPref: topology.ReadPref{Mode: topology.Nearest}}
	tests := []struct {
		threshold time.Duration
		want      []string
	}{
		{topology.DefaultLocalThreshold, []string{"a:27017", "b:27017", "c:27017"}},
		{0, []string{"a:27017"}},
		{time.Second, []string{"a:27017", "b:27017", "c:27017", "d:27017"}},
	}
	for _, tt := range tests {
		d.LocalThreshold = tt.threshold
		got, err := topology.Select(d, nearest)
		if err != nil || !slices.Equal(addrsOf(got), tt.want) {
			t.Errorf("threshold %v: %v, %v; want %v", tt.threshold, addrsOf(got), err, tt.want)
		}
	}
}

func TestNegativeLocalThresholdIsZeroWidth(t *testing.T) {
	f, _ := newFSM(t, topology.Config{Seeds: []string{"a"}, LocalThreshold: -1})
	if lt := f.Description().LocalThreshold; lt != 0 {
		t.Errorf("LocalThreshold %v, want 0", lt)
	}
	f, _ = newFSM(t, topology.Config{Seeds: []string{"a"}})
	if lt := f.Description().LocalThreshold; lt != topology.DefaultLocalThreshold {
		t.Errorf("LocalThreshold %v, want the default", lt)
	}
}

func TestSelectFilter(t *testing.T) {
	d := replicaSet(5*time.Millisecond, 5*time.Millisecond)
	calls := 0
	c := topology.Criteria{ReadPref: topology.ReadPref{Mode: topology.Nearest}, Filter: func(s []description.Server) []description.Server {
		calls++
		return s[len(s)-1:]
	}}
	got, err := topology.Select(d, c)
	if err != nil || !slices.Equal(addrsOf(got), []string{"c:27017"}) || calls != 1 {
		t.Errorf("Select = %v, %v after %d filter calls; want [c:27017] after 1", addrsOf(got), err, calls)
	}
	d.Servers = d.Servers[:0]
	if _, err := topology.Select(d, c); err != nil || calls != 1 {
		t.Errorf("the filter ran on no servers (%d calls), err %v", calls, err)
	}
}

func TestSelectErrors(t *testing.T) {
	d := replicaSet(5 * time.Millisecond)
	rp := topology.ReadPref{Mode: topology.Secondary, MaxStaleness: 60 * time.Second}
	if _, err := topology.Select(d, topology.Criteria{ReadPref: rp}); !errors.Is(err, topology.ErrInvalidReadPref) {
		t.Errorf("60 s max staleness in a replica set: %v, want ErrInvalidReadPref", err)
	}
	d.HeartbeatFrequency = 100 * time.Second
	rp.MaxStaleness = 100 * time.Second
	if _, err := topology.Select(d, topology.Criteria{ReadPref: rp}); !errors.Is(err, topology.ErrInvalidReadPref) {
		t.Errorf("max staleness below heartbeat + 10 s: %v, want ErrInvalidReadPref", err)
	}
	sharded := topology.Description{Kind: topology.Sharded, Servers: []description.Server{{Addr: "m:27017", Type: description.Mongos}}}
	rp.MaxStaleness = 60 * time.Second
	if got, err := topology.Select(sharded, topology.Criteria{ReadPref: rp}); err != nil || len(got) != 1 {
		t.Errorf("sharded ignores max staleness: %v, %v", addrsOf(got), err)
	}
	d.CompatibilityErr = &topology.CompatibilityError{Addr: "b:27017", MaxWireVersion: 7}
	if _, err := topology.Select(d, topology.Criteria{Write: true}); !errors.Is(err, topology.ErrIncompatible) {
		t.Errorf("incompatible topology: %v, want ErrIncompatible", err)
	}
	if want := "Server at b:27017 reports wire version 7, but this version of cwal requires at least 8 (MongoDB 4.2)."; d.CompatibilityErr.Error() != want {
		t.Errorf("message %q, want %q", d.CompatibilityErr.Error(), want)
	}
}

func TestIncompatibleServerFromFSM(t *testing.T) {
	f, _ := newFSM(t, topology.Config{Seeds: []string{"a"}, Direct: true})
	f.Apply(hello(t, "a:27017", `{"ok": 1, "isWritablePrimary": true, "minWireVersion": 30, "maxWireVersion": 31}`))
	var ce *topology.CompatibilityError
	if !errors.As(f.Description().CompatibilityErr, &ce) || ce.MinWireVersion != 30 {
		t.Fatalf("CompatibilityErr = %v", f.Description().CompatibilityErr)
	}
	if want := "Server at a:27017 requires wire version 30, but this version of cwal only supports up to 25."; ce.Error() != want {
		t.Errorf("message %q, want %q", ce.Error(), want)
	}
}

func TestHasReadableWritable(t *testing.T) {
	rs := replicaSet(5 * time.Millisecond)
	noPrimary := replicaSet(5 * time.Millisecond)
	noPrimary.Kind = topology.ReplicaSetNoPrimary
	noPrimary.Servers = noPrimary.Servers[1:]
	secondary := topology.ReadPref{Mode: topology.Secondary}
	tests := []struct {
		name                         string
		d                            topology.Description
		readPrimary, readSec, writes bool
	}{
		{"unknown", topology.Description{}, false, false, false},
		{"with primary", rs, true, true, true},
		{"no primary", noPrimary, false, true, false},
		{"load balanced", topology.Description{Kind: topology.LoadBalanced, Servers: []description.Server{{Addr: "l:27017", Type: description.LoadBalancer}}}, true, true, true},
		{"single unknown", topology.Description{Kind: topology.Single, Servers: []description.Server{{Addr: "s:27017"}}}, false, false, false},
	}
	for _, tt := range tests {
		if tt.d.HasReadableServer(topology.ReadPref{}) != tt.readPrimary || tt.d.HasReadableServer(secondary) != tt.readSec ||
			tt.d.HasWritableServer() != tt.writes {
			t.Errorf("%s: readable %v/%v, writable %v", tt.name, tt.d.HasReadableServer(topology.ReadPref{}),
				tt.d.HasReadableServer(secondary), tt.d.HasWritableServer())
		}
	}
}

func TestPickLeastBusy(t *testing.T) {
	if _, ok := topology.PickLeastBusy(nil, nil, nil); ok {
		t.Error("picked from no servers")
	}
	servers := replicaSet(1, 1).Servers
	busy := map[string]int64{"a:27017": 0, "b:27017": 10, "c:27017": 10}
	r := rand.New(rand.NewPCG(1, 1))
	seen := map[string]int{}
	for range 300 {
		s, _ := topology.PickLeastBusy(servers, func(a string) int64 { return busy[a] }, r)
		seen[s.Addr]++
	}
	// a wins every pair it is in (2 of 3 pairs); b and c split the third.
	if seen["a:27017"] < 170 || seen["b:27017"] == 0 || seen["c:27017"] == 0 {
		t.Errorf("distribution %v", seen)
	}
	// Without a source the global one is used.
	if _, ok := topology.PickLeastBusy(servers, func(string) int64 { return 0 }, nil); !ok {
		t.Error("no pick with the global source")
	}
}

func TestAppendSelectedKeepsPrefix(t *testing.T) {
	d := replicaSet(5 * time.Millisecond)
	prefix := []description.Server{{Addr: "keep:1"}}
	got, err := topology.AppendSelected(prefix, d, topology.Criteria{Write: true})
	if err != nil || !slices.Equal(addrsOf(got), []string{"keep:1", "a:27017"}) {
		t.Errorf("AppendSelected = %v, %v", addrsOf(got), err)
	}
}

func TestDescriptionString(t *testing.T) {
	d := replicaSet()
	d.Servers = append(d.Servers, description.Server{Addr: "z:27017", Error: errors.New("refused")})
	if got, want := d.String(), "ReplicaSetWithPrimary rs [a:27017 RSPrimary, z:27017 Unknown: refused]"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
