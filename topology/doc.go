// Package topology is the Server Discovery and Monitoring (SDAM) and server
// selection of the MongoDB specifications, in two halves: the state machine
// and selection as pure logic (FSM, Select), and the Topology that runs
// them (monitors, pools, waiting selections, SRV polling).
//
// An FSM holds the topology Description. Feed it the outcome of every server
// check with Apply and every error an application operation meets with
// HandleError; each call returns an Outcome listing the SDAM events to
// publish and the Actions the runtime must take (start or stop a server's
// monitor and pool, mark a pool ready, clear it, request or cancel a check):
//
//	fsm, out, err := topology.NewFSM(topology.Config{Seeds: []string{"a:27017", "b:27017"}})
//	run(out) // deliver out.Events, perform out.Actions, publish fsm.Description()
//	out = fsm.Apply(description.NewServer("a:27017", helloReply))
//
// An FSM is not safe for concurrent use: the SDAM specification processes one
// outcome at a time, and the runtime must deliver an Outcome's events and
// perform its actions before the next call, under the same lock, so that
// clearing a pool stays synchronized with marking its server Unknown (see
// Outcome for the order).
//
// Server selection is a pure function of a Description and a Criteria:
//
//	servers, err := topology.Select(fsm.Description(), topology.Criteria{ReadPref: rp})
//	if s, ok := topology.PickLeastBusy(servers, inFlight, nil); err == nil && ok {
//		// run the operation on s.Addr
//	}
//
// Select returns the suitable servers inside the latency window (empty when
// none is suitable yet: wait for the next Description and try again);
// PickLeastBusy makes the final power-of-two choice by in-flight operation
// count; AppendSelected selects into a reused buffer without allocating.
// RTT tracks the average and minimum round trip times a monitor reports.
//
// A Topology runs all of it for a client: a monitor per server on its own
// connections (streaming hello with an RTT monitor, or polling), a
// connection pool per server driven by the FSM's actions, selections that
// wait for the next Description, and SDAM and heartbeat events in one
// ordered stream:
//
//	topo, err := topology.New(topology.RuntimeConfig{Config: topology.Config{Seeds: seeds}})
//	err = topo.Connect()
//	srv, err := topo.SelectServer(ctx, topology.Criteria{Write: true})
//	defer srv.DecInFlight()
//	conn, err := srv.Pool().Checkout(ctx, pool.OwnerOperation)
//	// ... on failure: topo.HandleError(ctx, srv, err, generation)
//	err = topo.Close(ctx)
package topology
