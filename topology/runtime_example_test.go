package topology_test

import (
	"context"
	"fmt"
	"time"

	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/topology"
)

// A Topology monitors the seeds, and SelectServer waits until a suitable
// server is known.
func ExampleTopology_SelectServer() {
	srv := mongotest.NewServer(mongotest.WithStandalone())
	defer srv.Close()

	topo, err := topology.New(topology.RuntimeConfig{Config: topology.Config{Seeds: []string{srv.Addr()}}})
	if err != nil {
		panic(err)
	}
	if err := topo.Connect(); err != nil {
		panic(err)
	}
	defer topo.Close(context.Background())

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := topo.SelectServer(ctx, topology.Criteria{Write: true})
	if err != nil {
		panic(err)
	}
	defer s.DecInFlight() // the operation on s is over
	fmt.Println(topo.Description().Kind, s.Description().Type)
	// Output: Single Standalone
}
