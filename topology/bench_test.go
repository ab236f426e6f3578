package topology_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

// sevenMembers is a replica set of a primary and six secondaries in two
// data centers, with RTTs spread so that the latency window matters.
func sevenMembers() topology.Description {
	d := replicaSet(4*time.Millisecond, 6*time.Millisecond, 12*time.Millisecond, 25*time.Millisecond, 30*time.Millisecond, 60*time.Millisecond)
	for i := range d.Servers {
		dc := "east"
		if i%2 == 1 {
			dc = "west"
		}
		d.Servers[i].Tags = map[string]string{"dc": dc}
	}
	return d
}

func BenchmarkSelect(b *testing.B) {
	d := sevenMembers()
	cases := []struct {
		name string
		c    topology.Criteria
	}{
		{"primary", topology.Criteria{}},
		{"write", topology.Criteria{Write: true}},
		{"nearest", topology.Criteria{ReadPref: topology.ReadPref{Mode: topology.Nearest}}},
		{"secondary-tags-staleness", topology.Criteria{ReadPref: topology.ReadPref{Mode: topology.Secondary,
			TagSets: []topology.TagSet{{"dc": "north"}, {"dc": "west"}}, MaxStaleness: 120 * time.Second}}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if s, err := topology.Select(d, tc.c); err != nil || len(s) == 0 {
					b.Fatal(s, err)
				}
			}
		})
		b.Run(tc.name+"-reused-buffer", func(b *testing.B) {
			b.ReportAllocs()
			var buf []description.Server
			r := rand.New(rand.NewPCG(1, 2))
			count := func(string) int64 { return 0 }
			for b.Loop() {
				var err error
				buf, err = topology.AppendSelected(buf[:0], d, tc.c)
				if _, ok := topology.PickLeastBusy(buf, count, r); err != nil || !ok {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkApplyHeartbeat(b *testing.B) {
	f, _, err := topology.NewFSM(topology.Config{Seeds: []string{"a", "b", "c", "d", "e", "f", "g"}, SetName: "rs"})
	if err != nil {
		b.Fatal(err)
	}
	s := sevenMembers().Servers[1]
	s.SetName = "rs"
	s.Hosts = []string{"a:27017", "b:27017", "c:27017", "d:27017", "e:27017", "f:27017", "g:27017"}
	b.ReportAllocs()
	for b.Loop() {
		f.Apply(s)
	}
}
