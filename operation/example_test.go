package operation_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// Example runs commands through a topology.Topology, adapted to a
// Deployment by the few lines of topoDeployment (see
// topology_adapter_test.go).
func Example() {
	srv := mongotest.NewServer()
	defer srv.Close()
	topo, _ := topology.New(topology.RuntimeConfig{Config: topology.Config{Seeds: []string{srv.Addr()}, SetName: srv.ReplicaSetName()}})
	_ = topo.Connect()
	defer topo.Close(context.Background())
	d := topoDeployment{topo}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	docs := []bson.Raw{mustDoc(`{"_id": 1, "name": "ada"}`), mustDoc(`{"_id": 2, "name": "grace"}`)}
	ins := &operation.Insert{DB: "app", Collection: "people", Documents: docs}
	if err := operation.Execute(ctx, d, ins, operation.ExecOptions{RetryWrites: true}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("inserted", ins.Result.N)

	find := &operation.Find{DB: "app", Collection: "people", Options: operation.FindOptions{Sort: mustDoc(`{"_id": -1}`)}}
	if err := operation.Execute(ctx, d, find, operation.ExecOptions{RetryReads: true}); err != nil {
		fmt.Println(err)
		return
	}
	for it := find.Result.Documents(); ; {
		doc, ok := it.Next()
		if !ok {
			break
		}
		fmt.Println(doc.Lookup("name").StringValue())
	}

	// A duplicate _id is a write error that matches its server code.
	err := operation.Execute(ctx, d, &operation.Insert{DB: "app", Collection: "people", Documents: docs[:1]}, operation.ExecOptions{})
	fmt.Println(operation.IsDuplicateKey(err), errors.Is(err, operation.ServerError{Code: 11000}))
	// Output:
	// inserted 2
	// grace
	// ada
	// true true
}

// ExampleExecute_pinned runs a getMore on the server and session of the
// cursor a find opened.
func ExampleExecute_pinned() {
	srv := mongotest.NewServer()
	defer srv.Close()
	p := pool.New(pool.Config{Address: srv.Addr()})
	p.Ready()
	defer p.Close(context.Background())
	d := &testDeployment{kind: topology.ReplicaSetWithPrimary, servers: []*testServer{{pool: p}}}
	ctx := context.Background()

	_ = operation.Execute(ctx, d, &operation.Insert{DB: "app", Collection: "c", Documents: docs(5, 0)}, operation.ExecOptions{})
	find := &operation.Find{DB: "app", Collection: "c", Options: operation.FindOptions{BatchSize: 2}}
	_ = operation.Execute(ctx, d, find, operation.ExecOptions{})
	fmt.Println("first batch", find.Result.Len())
	for id := find.Result.ID; id != 0; {
		gm := &operation.GetMore{DB: "app", Collection: find.Result.Collection(), CursorID: id, BatchSize: 2}
		if err := operation.Execute(ctx, d, gm, operation.ExecOptions{Server: find.Result.Server, Session: find.Result.Session}); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("next batch", gm.Result.Len())
		id = gm.Result.ID
	}
	// Output:
	// first batch 2
	// next batch 2
	// next batch 1
}

func mustDoc(s string) bson.Raw {
	b, err := bson.ParseExtJSON(nil, []byte(s), false)
	if err != nil {
		panic(err)
	}
	return b
}
