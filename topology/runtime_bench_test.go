package topology_test

import (
	"context"
	"testing"
	"time"

	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/topology"
)

// BenchmarkSelectServer measures a selection that finds a server at once,
// the common case; it should not allocate.
func BenchmarkSelectServer(b *testing.B) {
	srv := mongotest.NewServer()
	defer srv.Close()
	topo, err := topology.New(topology.RuntimeConfig{Config: topology.Config{Seeds: []string{srv.Addr()}, SetName: "rs0"}})
	if err != nil {
		b.Fatal(err)
	}
	if err := topo.Connect(); err != nil {
		b.Fatal(err)
	}
	defer topo.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c := topology.Criteria{ReadPref: topology.ReadPref{Mode: topology.Nearest}}
	s, err := topo.SelectServer(ctx, c)
	if err != nil {
		b.Fatal(err)
	}
	s.DecInFlight()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			s, err := topo.SelectServer(ctx, c)
			if err != nil {
				b.Fatal(err)
			}
			s.DecInFlight()
		}
	})
}
