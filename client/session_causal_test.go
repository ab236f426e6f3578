package client_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/topology"
)

// Causal consistency prose tests 1-6, 8, 9 and 12 against mongotest (a
// replica set, so it reports cluster and operation times).
func TestCausalConsistency(t *testing.T) {
	e, w := newWireEnv(t)
	ctx := ctxT(t)
	seed(t, e, 3)
	s := startSession(t, e.client, client.SessionOptions{CausalConsistency: client.Some(true)})
	if _, ok := s.OperationTime(); ok {
		t.Fatal("test 1: a new session has an operationTime")
	}
	sctx := client.NewSessionContext(ctx, s)
	if err := e.coll.FindOne(sctx, nil).Err(); err != nil {
		t.Fatal(err)
	}
	find, reply := w.last(t, "find")
	if !find.Lookup("readConcern").IsZero() {
		t.Fatalf("test 2: the first read sent readConcern %s", find.Lookup("readConcern"))
	}
	if find.Lookup("$clusterTime").Type != bson.TypeEmbeddedDoc {
		t.Fatal("test 12: no $clusterTime sent")
	}
	op, ok := s.OperationTime()
	if !ok || op != reply.Lookup("operationTime").Timestamp() {
		t.Fatalf("test 3: operationTime %v, reply %s", op, reply.Lookup("operationTime"))
	}
	reads := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"find", func(ctx context.Context) error { return e.coll.FindOne(ctx, nil).Err() }},
		{"aggregate", func(ctx context.Context) error { _, err := e.coll.CountDocuments(ctx, nil); return err }},
		{"distinct", func(ctx context.Context) error { _, err := e.coll.Distinct(ctx, "x", nil); return err }},
	}
	for _, r := range reads {
		before, _ := s.OperationTime()
		if err := r.run(sctx); err != nil {
			t.Fatal(err)
		}
		cmd, _ := w.last(t, r.name)
		rc := cmd.Lookup("readConcern").Document()
		if rc.Lookup("afterClusterTime").Timestamp() != before || !rc.Lookup("level").IsZero() {
			t.Fatalf("tests 4 and 8: %s sent readConcern %s, want afterClusterTime %v and no level", r.name, rc, before)
		}
	}
	// Test 5: a write, then a read.
	if _, err := e.coll.InsertOne(sctx, bson.D{{Key: "_id", Value: 1}}); err == nil {
		t.Fatal("duplicate key expected") // an error reply still carries operationTime
	}
	_, insReply := w.last(t, "insert")
	wrote, _ := s.OperationTime()
	if insReply != nil && insReply.Lookup("operationTime").Timestamp() != wrote {
		t.Fatalf("operationTime %v after the insert replied %s", wrote, insReply.Lookup("operationTime"))
	}
	ins, _ := w.last(t, "insert")
	if ins.Lookup("readConcern", "afterClusterTime").IsZero() {
		t.Fatalf("a causally consistent insert sent no afterClusterTime: %s", ins)
	}
	if err := e.coll.FindOne(sctx, nil).Err(); err != nil {
		t.Fatal(err)
	}
	if cmd, _ := w.last(t, "find"); cmd.Lookup("readConcern", "afterClusterTime").Timestamp() != wrote {
		t.Fatalf("test 5: find after the write sent %s, want %v", cmd.Lookup("readConcern"), wrote)
	}
	// runCommand never gets a readConcern.
	if err := e.db.RunCommand(sctx, bson.D{{Key: "count", Value: e.coll.Name()}}).Err(); err != nil {
		t.Fatal(err)
	}
	if cmd, _ := w.last(t, "count"); !cmd.Lookup("readConcern").IsZero() {
		t.Fatalf("runCommand got readConcern %s", cmd.Lookup("readConcern"))
	}
}

// Test 9: a custom read concern merges with afterClusterTime; test 6: a
// session without causal consistency sends none.
func TestCausalConsistencyReadConcern(t *testing.T) {
	e, w := newWireEnv(t)
	ctx := ctxT(t)
	seed(t, e, 1)
	majority := e.db.Collection(e.coll.Name(), client.Settings{ReadConcern: client.ReadConcern{Level: "majority"}})
	s := startSession(t, e.client)
	sctx := client.NewSessionContext(ctx, s)
	for i := 0; i < 2; i++ {
		if err := majority.FindOne(sctx, nil).Err(); err != nil {
			t.Fatal(err)
		}
	}
	op, _ := s.OperationTime()
	cmd, _ := w.last(t, "find")
	rc := cmd.Lookup("readConcern").Document()
	if rc.Lookup("level").StringValue() != "majority" || rc.Lookup("afterClusterTime").IsZero() || op.IsZero() {
		t.Fatalf("test 9: readConcern %s", rc)
	}
	off := startSession(t, e.client, client.SessionOptions{CausalConsistency: client.Some(false)})
	octx := client.NewSessionContext(ctx, off)
	for i := 0; i < 2; i++ {
		if err := e.coll.FindOne(octx, nil).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if cmd, _ := w.last(t, "find"); !cmd.Lookup("readConcern").IsZero() {
		t.Fatalf("test 6: readConcern %s without causal consistency", cmd.Lookup("readConcern"))
	}
	if _, ok := off.OperationTime(); !ok {
		t.Fatal("a session without causal consistency still records operationTime")
	}
}

// Sessions prose test 3: $clusterTime in commands is the one the previous
// reply carried.
func TestClusterTimeGossip(t *testing.T) {
	e, w := newWireEnv(t)
	ctx := ctxT(t)
	ops := []struct {
		name string
		run  func() error
	}{
		{"ping", func() error { return e.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err() }},
		{"aggregate", func() error { _, err := e.coll.CountDocuments(ctx, nil); return err }},
		{"find", func() error { return ignoreNoDocs(e.coll.FindOne(ctx, nil).Err()) }},
		{"insert", func() error { _, err := e.coll.InsertOne(ctx, bson.D{}); return err }},
	}
	for _, op := range ops {
		if err := op.run(); err != nil {
			t.Fatal(err)
		}
		first, reply := w.last(t, op.name)
		if first.Lookup("$clusterTime").Type != bson.TypeEmbeddedDoc {
			t.Fatalf("%s sent no $clusterTime", op.name)
		}
		if err := op.run(); err != nil {
			t.Fatal(err)
		}
		second, _ := w.last(t, op.name)
		got, want := second.Lookup("$clusterTime").Document(), reply.Lookup("$clusterTime").Document()
		if operation.ClusterTimeOf(got) != operation.ClusterTimeOf(want) {
			t.Fatalf("%s sent $clusterTime %s after a reply with %s", op.name, got, want)
		}
	}
}

// A session's own cluster time, when greater than the client's, is what
// its commands send; other operations keep the client's.
func TestSessionAdvanceClusterTime(t *testing.T) {
	e, w := newWireEnv(t)
	ctx := ctxT(t)
	if err := e.client.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	_, reply := w.last(t, "ping")
	ts := reply.Lookup("$clusterTime", "clusterTime").Timestamp()
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendTimestampElement(b, "clusterTime", ts.T+1000, 0)
	b, sig := bson.AppendDocumentElementStart(b, "signature")
	b = bson.AppendBinaryElement(b, "hash", 0, make([]byte, 20))
	b = bson.AppendInt64Element(b, "keyId", 0)
	b = bson.AppendDocumentEnd(b, sig)
	future := bson.AppendDocumentEnd(b, start)
	s := startSession(t, e.client)
	if err := s.AdvanceClusterTime(future); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s.ClusterTime(), future) {
		t.Fatal("ClusterTime did not advance")
	}
	if err := e.client.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if cmd, _ := w.last(t, "ping"); bytes.Equal(cmd.Lookup("$clusterTime").Document(), future) {
		t.Fatal("the session's cluster time leaked into the client's")
	}
	// The server may refuse the unsigned time; mongotest adopts it.
	_ = e.client.Ping(client.NewSessionContext(ctx, s))
	if cmd, _ := w.last(t, "ping"); !bytes.Equal(cmd.Lookup("$clusterTime").Document(), future) {
		t.Fatalf("the session's greater cluster time was not sent: %s", cmd.Lookup("$clusterTime"))
	}
}

// Sessions prose test 20: the monitors' heartbeats do not advance the
// client's cluster time.
func TestNoClusterTimeGossipOnSDAM(t *testing.T) {
	e, w2 := newWireEnv(t)
	ctx := ctxT(t)
	w1 := &wireLog{}
	beats := make(chan struct{}, 16)
	c1, err := client.Connect(ctx, uriWith(e.srvURI(t), "directConnection=true&heartbeatFrequencyMS=500"),
		client.WithMonitor(w1.monitor()), client.WithTopologyEvents(func(ev topology.Event) {
			if _, ok := ev.(topology.ServerHeartbeatSucceededEvent); ok {
				select {
				case beats <- struct{}{}:
				default:
				}
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Disconnect(context.Background())
	if err := c1.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	_, reply := w1.last(t, "ping")
	recorded := reply.Lookup("$clusterTime").Document()
	if _, err := e.coll.InsertOne(ctx, bson.D{{Key: "advance", Value: "$clusterTime"}}); err != nil {
		t.Fatal(err)
	}
	_, ins := w2.last(t, "insert")
	if operation.ClusterTimeOf(ins.Lookup("$clusterTime").Document()).Compare(operation.ClusterTimeOf(recorded)) <= 0 {
		t.Skip("the insert did not advance the cluster time")
	}
	for len(beats) > 0 {
		<-beats
	}
	select { // the next heartbeat, after the insert
	case <-beats:
	case <-ctx.Done():
		t.Fatal("no heartbeat")
	}
	if err := c1.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if cmd, _ := w1.last(t, "ping"); !bytes.Equal(cmd.Lookup("$clusterTime").Document(), recorded) {
		t.Fatalf("the heartbeat advanced the cluster time: sent %s, recorded %s", cmd.Lookup("$clusterTime"), recorded)
	}
}
