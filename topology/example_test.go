package topology_test

import (
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

func helloReply(json string) bson.Raw {
	doc, err := bson.ParseExtJSON(nil, []byte(json), false)
	if err != nil {
		panic(err)
	}
	return doc
}

// The state machine learns a replica set from its seeds' hello replies;
// server selection then reads the resulting description.
func Example() {
	fsm, out, err := topology.NewFSM(topology.Config{Seeds: []string{"a:27017"}, SetName: "rs"})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Actions)

	out = fsm.Apply(description.NewServer("a:27017", helloReply(
		`{"ok": 1, "secondary": true, "setName": "rs", "hosts": ["a:27017", "b:27017"], "maxWireVersion": 25}`)))
	fmt.Println(fsm.Description().Kind, out.Actions)

	out = fsm.Apply(description.NewServer("b:27017", helloReply(
		`{"ok": 1, "isWritablePrimary": true, "setName": "rs", "hosts": ["a:27017", "b:27017"], "maxWireVersion": 25}`)))
	fmt.Println(fsm.Description().Kind, out.Actions)

	write, _ := topology.Select(fsm.Description(), topology.Criteria{Write: true})
	read, _ := topology.Select(fsm.Description(), topology.Criteria{ReadPref: topology.ReadPref{Mode: topology.Secondary}})
	fmt.Println("write to", write[0].Addr, "read from", read[0].Addr)
	// Output:
	// [StartServer a:27017]
	// ReplicaSetNoPrimary [ReadyPool a:27017 StartServer b:27017]
	// ReplicaSetWithPrimary [ReadyPool b:27017]
	// write to b:27017 read from a:27017
}

// HandleError turns an application error into a decision: here a primary
// that is shutting down is marked Unknown, its pool cleared and its monitor
// asked to check it at once.
func ExampleFSM_HandleError() {
	fsm, _, _ := topology.NewFSM(topology.Config{Seeds: []string{"a:27017"}, SetName: "rs"})
	fsm.Apply(description.NewServer("a:27017", helloReply(
		`{"ok": 1, "isWritablePrimary": true, "setName": "rs", "hosts": ["a:27017"], "maxWireVersion": 25}`)))

	e := topology.AppError{Addr: "a:27017", HandshakeDone: true}
	if e.SetReply(helloReply(`{"ok": 0, "code": 91, "errmsg": "The server is in quiesce mode and will shut down"}`)) {
		out := fsm.HandleError(e)
		fmt.Println(fsm.Description().Kind, out.Actions)
	}
	// Output:
	// ReplicaSetNoPrimary [ClearPool a:27017 RequestCheck a:27017]
}
