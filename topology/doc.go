// Package topology is the Server Discovery and Monitoring (SDAM) state
// machine and server selection of the MongoDB specifications, as pure logic:
// no I/O, no goroutines, no waiting.
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
package topology
