package client_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// insertN inserts {_id: i} for i in [1, n].
func insertN(t *testing.T, coll *client.Collection, n int) {
	t.Helper()
	docs := make([]any, n)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: i + 1}}
	}
	if _, err := coll.InsertMany(ctxT(t), docs); err != nil {
		t.Fatal(err)
	}
}

// withQuery adds URI options to a connection string.
func withQuery(uri, q string) string {
	if strings.Contains(uri, "?") {
		return uri + "&" + q
	}
	return uri + "?" + q
}

func TestRunCommandCursor(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	insertN(t, e.coll, 5)
	e.rec.reset()
	cmd := bson.D{{Key: "find", Value: e.coll.Name()}, {Key: "batchSize", Value: 2}}
	opts := client.RunCursorCommandOptions{BatchSize: 1, MaxTime: 300 * time.Millisecond, Comment: "more"}
	cur, err := e.db.RunCommandCursor(ctx, cmd, opts)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range cur.Docs(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 5 {
		t.Fatalf("read %d documents, want 5", n)
	}
	find, gms := e.rec.lastCommand(t, "find"), e.rec.commands("getMore")
	if len(gms) != 3 {
		t.Fatalf("%d getMores, want 3 (batches 2, 1, 1, 1)", len(gms))
	}
	for _, gm := range gms {
		if gm.Lookup("batchSize").Int32() != 1 || asInt(gm.Lookup("maxTimeMS")) != 300 || gm.Lookup("comment").StringValue() != "more" {
			t.Errorf("getMore without the cursor options: %s", gm)
		}
		if !bytesEq(gm.Lookup("lsid").Document(), find.Lookup("lsid").Document()) {
			t.Errorf("getMore lsid %s differs from the find's %s", gm.Lookup("lsid"), find.Lookup("lsid"))
		}
	}
	if inUse(e.client) != 0 {
		t.Fatal("a connection is still checked out")
	}
}

func asInt(v bson.RawValue) int64 { n, _ := v.AsInt64OK(); return n }

func bytesEq(a, b bson.Raw) bool { return len(a) > 0 && string(a) == string(b) }

func TestRunCommandCursorErrors(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	_, err := e.db.RunCommandCursor(ctx, bson.D{{Key: "ping", Value: 1}})
	var re *operation.ReplyError
	if !errors.As(err, &re) || re.Field != "cursor" {
		t.Fatalf("ping as a cursor command: err = %v, want a ReplyError on cursor", err)
	}
	if _, err := e.db.RunCommandCursor(ctx, bson.D{}); !errors.Is(err, client.ErrInvalidArgument) {
		t.Fatalf("empty command: err = %v", err)
	}
	if inUse(e.client) != 0 {
		t.Fatal("a connection is still checked out")
	}
}

// TestSearchIndexes checks the commands the search index helpers send
// (mongotest, like a server without Atlas Search, refuses them) and that
// they carry neither read nor write concern.
func TestSearchIndexes(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	c, err := client.Connect(ctx, withQuery(e.srvURI(t), "readConcernLevel=local&w=1"), client.WithMonitor(e.rec.monitor()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(context.Background())
	view := c.Database(e.db.Name()).Collection(e.coll.Name()).SearchIndexes()
	def := bson.D{{Key: "mappings", Value: bson.D{{Key: "dynamic", Value: true}}}}
	steps := []struct {
		name string
		run  func() error
		want string
	}{
		{"createSearchIndexes", func() error {
			_, err := view.CreateOne(ctx, client.SearchIndexModel{Definition: def, Name: "s", Type: "search"})
			return err
		}, `{"indexes": [{"definition": {"mappings": {"dynamic": true}}, "name": "s", "type": "search"}]}`},
		{"createSearchIndexes", func() error { _, err := view.CreateMany(ctx, nil); return err }, `{"indexes": []}`},
		{"dropSearchIndex", func() error { return view.DropOne(ctx, "s") }, `{"name": "s"}`},
		{"updateSearchIndex", func() error { return view.UpdateOne(ctx, "s", def) }, `{"name": "s", "definition": {"mappings": {"dynamic": true}}}`},
		{"aggregate", func() error {
			_, err := view.List(ctx, client.ListSearchIndexesOptions{Name: "s", Aggregate: client.AggregateOptions{BatchSize: 10}})
			return err
		}, `{"pipeline": [{"$listSearchIndexes": {"name": "s"}}], "cursor": {"batchSize": 10}}`},
	}
	for _, s := range steps {
		e.rec.reset()
		if err := s.run(); err == nil || !strings.Contains(err.Error(), "Atlas") {
			t.Errorf("%s: err = %v, want the server's Atlas error", s.name, err)
		}
		sent := e.rec.lastCommand(t, s.name)
		want := ext(t, s.want)
		for it := want.Iter(); it.Next(); {
			if got := sent.Lookup(it.Key()); string(got.Value) != string(it.Value().Value) {
				t.Errorf("%s: %s = %s, want %s", s.name, it.Key(), got, it.Value())
			}
		}
		if !sent.Lookup("readConcern").IsZero() || !sent.Lookup("writeConcern").IsZero() {
			t.Errorf("%s sent a concern: %s", s.name, sent)
		}
	}
}

// TestAggregateWriteStageReadPreference: on a 5.0+ server an aggregate
// with $out or $merge takes the collection's read preference and sends it
// (CRUD specification).
func TestAggregateWriteStageReadPreference(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	insertN(t, e.coll, 2)
	rp := client.ReadPref{Mode: topology.SecondaryPreferred, MaxStaleness: 600 * time.Second}
	coll := e.db.Collection(e.coll.Name(), client.Settings{ReadPref: client.Some(rp)})
	for _, stage := range []string{"$out", "$merge"} {
		e.rec.reset()
		cur, err := coll.Aggregate(ctx, bson.A{bson.D{{Key: stage, Value: "out_" + stage[1:]}}})
		if err != nil {
			t.Fatal(err)
		}
		cur.Close(ctx)
		sent := e.rec.lastCommand(t, "aggregate")
		got := sent.Lookup("$readPreference").Document()
		if got.Lookup("mode").StringValue() != "secondaryPreferred" || asInt(got.Lookup("maxStalenessSeconds")) != 600 {
			t.Errorf("%s: $readPreference = %s", stage, got)
		}
	}
}

// TestServerAPI: a declared API version goes with every command, getMore
// included; an unknown version is refused at Connect.
func TestServerAPI(t *testing.T) {
	api := client.ServerAPIOptions{Version: client.ServerAPIVersion1, Strict: client.Some(true)}
	e := newEnv(t, client.WithServerAPI(api))
	ctx := ctxT(t)
	insertN(t, e.coll, 3)
	cur, err := e.coll.Find(ctx, nil, client.FindOptions{BatchSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := drainAll(ctx, cur); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"insert", "find", "getMore"} {
		cmd := e.rec.lastCommand(t, name)
		strict, ok := cmd.Lookup("apiStrict").BooleanOK()
		if cmd.Lookup("apiVersion").StringValue() != "1" || !ok || !strict || !cmd.Lookup("apiDeprecationErrors").IsZero() {
			t.Errorf("%s without the declared API: %s", name, cmd)
		}
	}
	// Strict mode: the server refuses a command outside API version 1.
	err = e.db.RunCommand(ctx, bson.D{{Key: "testVersion2", Value: 1}}).Err()
	if !errors.Is(err, operation.ServerError{Code: 323}) {
		t.Errorf("testVersion2 under apiStrict: err = %v, want code 323", err)
	}
	_, err = client.Connect(ctx, e.srvURI(t), client.WithServerAPI(client.ServerAPIOptions{Version: "2"}))
	if !errors.Is(err, pool.ErrUnknownServerAPIVersion) {
		t.Fatalf("version 2: err = %v", err)
	}
}

// TestServerAPIUnset: without a declared version, no API field is sent.
func TestServerAPIUnset(t *testing.T) {
	e := newEnv(t)
	if err := e.client.Ping(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if cmd := e.rec.lastCommand(t, "ping"); !cmd.Lookup("apiVersion").IsZero() {
		t.Fatalf("ping carries apiVersion: %s", cmd)
	}
}

func drainAll(ctx context.Context, cur *client.Cursor) (int, error) {
	n := 0
	for _, err := range cur.Docs(ctx) {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// TestLowLevelCount runs the deprecated count command through the stable
// low-level API with the collection's own settings and monitor.
func TestLowLevelCount(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	insertN(t, e.coll, 4)
	e.rec.reset()
	cmd := &operation.Count{DB: e.db.Name(), Collection: e.coll.Name(), Query: ext(t, `{"_id": {"$gt": 1}}`),
		Options: operation.CountOptions{Skip: 1}}
	if err := operation.Execute(ctx, e.client.Deployment(), cmd, e.coll.ReadExecOptions()); err != nil {
		t.Fatal(err)
	}
	if cmd.Result != 2 {
		t.Fatalf("count = %d, want 2", cmd.Result)
	}
	if sent := e.rec.lastCommand(t, "count"); asInt(sent.Lookup("skip")) != 1 {
		t.Fatalf("count command %s", sent)
	}
	wc := e.db.Collection("w", client.Settings{WriteConcern: client.Majority()}).WriteExecOptions()
	if w, _ := wc.WriteConcern.W.Get(); w.Tag != "majority" || wc.Monitor == nil || !wc.RetryWrites {
		t.Fatalf("WriteExecOptions = %+v", wc)
	}
}

// TestWriteConcernErrorRetried: a write concern error labelled
// RetryableWriteError makes a retryable write run once more, with the
// same lsid and txnNumber (retryable writes specification). The code-91
// error marks the server Unknown; a short heartbeat lets the retry find
// it again quickly.
func TestWriteConcernErrorRetried(t *testing.T) {
	e := newEnv(t, client.WithRuntime(func(rc *topology.RuntimeConfig) { rc.HeartbeatFrequency = topology.MinHeartbeatFrequency }))
	ctx := ctxT(t)
	fp := ext(t, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"],
		"errorLabels": ["RetryableWriteError"], "writeConcernError": {"code": 91}}}`)
	if err := e.client.Database("admin").RunCommand(ctx, fp).Err(); err != nil {
		t.Fatal(err)
	}
	_, err := e.coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 1}})
	inserts := e.rec.commands("insert")
	if len(inserts) != 2 {
		t.Fatalf("%d insert commands, want 2 (err %v)", len(inserts), err)
	}
	for _, k := range []string{"lsid", "txnNumber"} {
		if a, b := inserts[0].Lookup(k), inserts[1].Lookup(k); a.IsZero() || string(a.Value) != string(b.Value) {
			t.Errorf("retry %s %s, first attempt %s", k, b, a)
		}
	}
	// mongotest answers the retry with the stored first reply, its fail
	// point's write concern error included, where mongod answers with the
	// write's result only; either way the retry's outcome is returned.
	t.Logf("outcome of the retry: %v", err)
}
