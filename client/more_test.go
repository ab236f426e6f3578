package client_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/topology"
)

// failOnce arms failCommand for one run of cmd with data's extra fields.
func failOnce(t *testing.T, e *env, cmd string, extra bson.D) {
	t.Helper()
	data := append(bson.D{{Key: "failCommands", Value: bson.A{cmd}}}, extra...)
	fp := bson.D{{Key: "configureFailPoint", Value: "failCommand"}, {Key: "mode", Value: bson.D{{Key: "times", Value: 1}}}, {Key: "data", Value: data}}
	if err := e.client.Database("admin").RunCommand(ctxT(t), fp).Err(); err != nil {
		t.Fatal(err)
	}
	e.rec.reset()
}

func TestRetryableReadAndWrite(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 1)
	failOnce(t, e, "find", bson.D{{Key: "closeConnection", Value: true}})
	if err := e.coll.FindOne(ctx, nil).Err(); err != nil {
		t.Fatalf("retryable read: %v", err)
	}
	if n := len(e.rec.commands("find")); n != 2 {
		t.Fatalf("%d find attempts", n)
	}
	failOnce(t, e, "insert", bson.D{{Key: "closeConnection", Value: true}})
	if _, err := e.coll.InsertOne(ctx, bson.D{{Key: "r", Value: 1}}); err != nil {
		t.Fatalf("retryable write: %v", err)
	}
	if n := len(e.rec.commands("insert")); n != 2 {
		t.Fatalf("%d insert attempts", n)
	}
	if n, _ := e.coll.CountDocuments(ctx, bson.D{{Key: "r", Value: 1}}); n != 1 {
		t.Fatalf("the retried insert was applied %d times", n)
	}
}

func TestNetworkErrorPredicate(t *testing.T) {
	e := newEnv(t, client.WithRuntime(func(rc *topology.RuntimeConfig) {}))
	ctx := ctxT(t)
	failOnce(t, e, "ping", bson.D{{Key: "closeConnection", Value: true}})
	err := e.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
	if !client.IsNetworkError(err) {
		t.Fatalf("closed connection: %v", err)
	}
	if inUse(e.client) != 0 {
		t.Fatal("connection left in use")
	}
}

func TestAggregateWriteStageAndDatabase(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 4)
	coll := e.db.Collection(e.coll.Name(), client.Settings{WriteConcern: client.Majority()})
	cur, err := coll.Aggregate(ctx, bson.A{bson.D{{Key: "$match", Value: bson.D{{Key: "x", Value: 0}}}}, bson.D{{Key: "$out", Value: "out_" + e.coll.Name()}}})
	if err != nil {
		t.Fatal(err)
	}
	cur.Close(ctx)
	if w := e.rec.lastCommand(t, "aggregate").Lookup("writeConcern", "w").StringValue(); w != "majority" {
		t.Fatalf("$out aggregate without the write concern: %s", e.rec.lastCommand(t, "aggregate"))
	}
	n, err := e.db.Collection("out_"+e.coll.Name()).CountDocuments(ctx, nil)
	if err != nil || n != 2 {
		t.Fatalf("$out wrote %d: %v", n, err)
	}
	cur, err = e.db.Aggregate(ctx, bson.A{bson.D{{Key: "$documents", Value: bson.A{bson.D{{Key: "a", Value: 1}}, bson.D{{Key: "a", Value: 2}}}}}})
	if err != nil {
		t.Skipf("$documents unsupported: %v", err)
	}
	var docs []bson.M
	if err := cur.All(ctx, &docs); err != nil || len(docs) != 2 {
		t.Fatalf("database aggregate: %v %v", docs, err)
	}
	if e.rec.lastCommand(t, "aggregate").Lookup("aggregate").Int32() != 1 {
		t.Fatal("database aggregate must send aggregate: 1")
	}
}

func TestRunCommandReadPref(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	db := e.client.Database("admin", client.Settings{ReadPref: client.Some(client.ReadPref{Mode: topology.Nearest})})
	if err := db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err(); err != nil {
		t.Fatal(err)
	}
	if mode := e.rec.lastCommand(t, "ping").Lookup("$readPreference", "mode").StringValue(); mode == "nearest" {
		t.Fatal("RunCommand inherited the database's read preference")
	}
	err := db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}, client.RunCommandOptions{ReadPref: client.Some(client.ReadPref{Mode: topology.PrimaryPreferred})}).Err()
	if err != nil {
		t.Fatal(err)
	}
}

func TestConnectErrorsAndClosedCursor(t *testing.T) {
	if _, err := client.Connect(context.Background(), "mongo://nope"); err == nil {
		t.Fatal("Connect accepted a bad URI")
	}
	if _, err := client.ConnectConfig(context.Background(), &client.Config{}); err == nil {
		t.Fatal("ConnectConfig accepted no connection string")
	}
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 3)
	cur, err := e.coll.Find(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	cur.Next(ctx)
	cur.Close(ctx)
	var m bson.M
	if err := cur.Decode(&m); !errors.Is(err, client.ErrCursorClosed) {
		t.Fatalf("Decode after Close: %v", err)
	}
}

func TestMonitorSeesFailures(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	failOnce(t, e, "distinct", bson.D{{Key: "errorCode", Value: 2}})
	if _, err := e.coll.Distinct(ctx, "x", nil); err == nil {
		t.Fatal("the fail point did not fail distinct")
	}
	e.rec.mu.Lock()
	defer e.rec.mu.Unlock()
	if len(e.rec.failed) != 1 || e.rec.failed[0] != "distinct" {
		t.Fatalf("failed events %v", e.rec.failed)
	}
}
