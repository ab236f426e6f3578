package operation_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/topology"
)

// insertDocs inserts n small documents {_id: i} into db.c.
func insertDocs(t *testing.T, d operation.Deployment, n int) {
	t.Helper()
	ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(n, 0)}
	if err := run(t, d, ins, operation.ExecOptions{}); err != nil || ins.Result.N != int64(n) {
		t.Fatalf("insert: %v (n=%d)", err, ins.Result.N)
	}
}

func TestExecuteFindRoundTrip(t *testing.T) {
	_, ts, d := newDeployment(t)
	insertDocs(t, d, 3)
	rec := &recorder{}
	f := &operation.Find{DB: "db", Collection: "c", Filter: ext(t, `{"_id": {"$gte": 1}}`), Options: operation.FindOptions{Sort: ext(t, `{"_id": 1}`)}}
	if err := run(t, d, f, operation.ExecOptions{Monitor: rec.monitor()}); err != nil {
		t.Fatal(err)
	}
	if f.Result.ID != 0 || f.Result.Len() != 2 || f.Result.Server != operation.Server(ts) {
		t.Fatalf("find result %+v", f.Result)
	}
	it := f.Result.Documents()
	if d, _ := it.Next(); d.Lookup("_id").Int32() != 1 {
		t.Fatalf("first document %s", d)
	}
	if len(rec.started) != 1 || len(rec.succeeded) != 1 || rec.started[0].RequestID != rec.succeeded[0].RequestID {
		t.Fatalf("events: %d started, %d succeeded", len(rec.started), len(rec.succeeded))
	}
	st := rec.started[0]
	if st.DatabaseName != "db" || st.CommandName != "find" || st.Command.Lookup("$db").StringValue() != "db" || st.ConnectionID == 0 || st.ServerConnectionID == 0 {
		t.Fatalf("started event %+v %s", st.CommandEvent, st.Command)
	}
	if !st.Command.Lookup("$readPreference").IsZero() {
		t.Fatal("a primary read in a replica set must not send $readPreference")
	}
	ts.balanced(t)
	if ts.dones != 2 { // the insert's and the find's
		t.Fatalf("Done called %d times", ts.dones)
	}
}

func TestExecuteMonitorsSequencesAsArrays(t *testing.T) {
	_, _, d := newDeployment(t)
	rec := &recorder{}
	ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(2, 0)}
	if err := run(t, d, ins, operation.ExecOptions{Monitor: rec.monitor(), OperationID: 77}); err != nil {
		t.Fatal(err)
	}
	st := rec.startedNamed("insert")[0]
	if st.OperationID != 77 || st.Command.Lookup("documents").Array().Len() != 2 || st.Command.Lookup("documents", "1", "_id").Int32() != 1 {
		t.Fatalf("monitored insert %s", st.Command)
	}
	if err := st.Command.Validate(); err != nil {
		t.Fatalf("monitored command is not valid BSON: %v", err)
	}
}

func TestExecuteServerError(t *testing.T) {
	_, ts, d := newDeployment(t)
	rec := &recorder{}
	c := &operation.RunCommand{DB: "db", Command: ext(t, `{"noSuchCommand": 1}`)}
	err := run(t, d, c, operation.ExecOptions{Monitor: rec.monitor()})
	var se *operation.ServerError
	if !errors.As(err, &se) || se.Code != 59 || se.Raw.Lookup("ok").IsZero() {
		t.Fatalf("err %v", err)
	}
	if !errors.Is(err, operation.ServerError{Code: 59}) || !errors.Is(err, &operation.ServerError{CodeName: se.CodeName}) || errors.Is(err, operation.ServerError{Code: 60}) {
		t.Fatal("errors.Is by code")
	}
	if len(rec.failed) != 1 || len(rec.succeeded) != 0 {
		t.Fatalf("events: %d failed, %d succeeded", len(rec.failed), len(rec.succeeded))
	}
	ts.balanced(t)
}

func TestExecuteRetryRead(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		retry   bool
		wantErr bool
		starts  int
	}{
		{"state change retried", `{"failCommands": ["find"], "errorCode": 91}`, true, false, 2},
		{"network error retried", `{"failCommands": ["find"], "closeConnection": true}`, true, false, 2},
		{"retryReads off", `{"failCommands": ["find"], "errorCode": 91}`, false, true, 1},
		{"not retryable code", `{"failCommands": ["find"], "errorCode": 2}`, true, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ts, d := newDeployment(t)
			insertDocs(t, d, 1)
			failPoint(t, d, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": `+tt.data+`}`)
			rec := &recorder{}
			f := &operation.Find{DB: "db", Collection: "c"}
			err := run(t, d, f, operation.ExecOptions{RetryReads: tt.retry, Monitor: rec.monitor()})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v", err)
			}
			if n := len(rec.startedNamed("find")); n != tt.starts {
				t.Fatalf("%d find commands, want %d", n, tt.starts)
			}
			if !tt.wantErr && f.Result.Len() != 1 {
				t.Fatal("the retry's result is missing")
			}
			if len(rec.started) != len(rec.succeeded)+len(rec.failed) {
				t.Fatal("every started event needs an outcome")
			}
			ts.balanced(t)
		})
	}
}

func TestExecuteRetryWrite(t *testing.T) {
	_, ts, d := newDeployment(t)
	failPoint(t, d, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"], "closeConnection": true}}`)
	rec := &recorder{}
	sess := newFakeSession()
	ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}
	err := run(t, d, ins, operation.ExecOptions{RetryWrites: true, Session: sess, Monitor: rec.monitor()})
	if err != nil || ins.Result.N != 1 {
		t.Fatalf("retried insert: %v, n=%d", err, ins.Result.N)
	}
	starts := rec.startedNamed("insert")
	if len(starts) != 2 {
		t.Fatalf("%d insert commands", len(starts))
	}
	for _, st := range starts {
		if st.Command.Lookup("txnNumber").Int64() != 1 || !bytesEqual(st.Command.Lookup("lsid").Document(), sess.lsid) {
			t.Fatalf("attempt without the same transaction id: %s", st.Command)
		}
	}
	if sess.netErrs != 1 {
		t.Fatalf("the session saw %d network errors", sess.netErrs)
	}
	if errs := ts.appErrors(); len(errs) != 1 || errs[0].Kind != topology.NetworkFailure {
		t.Fatalf("SDAM errors %+v", errs)
	}
	ts.balanced(t)
}

func TestExecuteWriteNotRetried(t *testing.T) {
	tests := []struct {
		name string
		opts operation.ExecOptions
		data string
	}{
		{"no session", operation.ExecOptions{RetryWrites: true}, `{"failCommands": ["insert"], "closeConnection": true}`},
		{"retryWrites off", operation.ExecOptions{Session: newFakeSession()}, `{"failCommands": ["insert"], "closeConnection": true}`},
		{"unlabelled error", operation.ExecOptions{RetryWrites: true, Session: newFakeSession()}, `{"failCommands": ["insert"], "errorCode": 2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ts, d := newDeployment(t)
			failPoint(t, d, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": `+tt.data+`}`)
			rec := &recorder{}
			tt.opts.Monitor = rec.monitor()
			err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}, tt.opts)
			if err == nil || len(rec.startedNamed("insert")) != 1 {
				t.Fatalf("err %v after %d attempts", err, len(rec.startedNamed("insert")))
			}
			if tt.opts.RetryWrites && operation.IsNetworkError(err) && !operation.HasErrorLabel(err, operation.LabelRetryableWrite) {
				t.Fatal("a network error with retryWrites on must carry RetryableWriteError")
			}
			if !tt.opts.RetryWrites && operation.HasErrorLabel(err, operation.LabelRetryableWrite) {
				t.Fatal("no RetryableWriteError label without retryWrites")
			}
			ts.balanced(t)
		})
	}
}

func TestExecuteRetryFailsTwice(t *testing.T) {
	_, ts, d := newDeployment(t)
	failPoint(t, d, `{"configureFailPoint": "failCommand", "mode": {"times": 2}, "data": {"failCommands": ["insert"], "errorCode": 91}}`)
	rec := &recorder{}
	err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)},
		operation.ExecOptions{RetryWrites: true, Session: newFakeSession(), Monitor: rec.monitor()})
	if !errors.Is(err, operation.ServerError{Code: 91}) || len(rec.startedNamed("insert")) != 2 {
		t.Fatalf("err %v after %d attempts", err, len(rec.startedNamed("insert")))
	}
	if errs := ts.appErrors(); len(errs) != 2 || errs[0].Code != 91 || errs[0].Err == nil {
		t.Fatalf("SDAM must see both state change errors: %+v", errs)
	}
	ts.balanced(t)
}

func TestExecuteImplicitSessions(t *testing.T) {
	_, ts, base := newDeployment(t)
	d := &sessionDeployment{testDeployment: base, clusterTime: ext(t, `{"clusterTime": {"$timestamp": {"t": 1, "i": 1}}}`)}
	insertDocs(t, d, 5)
	if d.started != 1 || d.ended != 1 {
		t.Fatalf("insert: %d sessions started, %d ended", d.started, d.ended)
	}
	rec := &recorder{}
	f := &operation.Find{DB: "db", Collection: "c", Options: operation.FindOptions{BatchSize: 2}}
	if err := run(t, d, f, operation.ExecOptions{Monitor: rec.monitor()}); err != nil {
		t.Fatal(err)
	}
	st := rec.started[0].Command
	if !bytesEqual(st.Lookup("lsid").Document(), d.last.lsid) || st.Lookup("$clusterTime", "clusterTime").IsZero() {
		t.Fatalf("find without lsid or $clusterTime: %s", st)
	}
	if f.Result.ID == 0 || !f.Result.ImplicitSession || f.Result.Session != operation.Session(d.last) || d.ended != 1 {
		t.Fatalf("an open cursor must keep its implicit session (ended %d)", d.ended)
	}

	// getMore on the cursor's server and session, then killCursors.
	g := &operation.GetMore{DB: "db", Collection: f.Result.Collection(), CursorID: f.Result.ID, BatchSize: 2}
	opts := operation.ExecOptions{Server: f.Result.Server, Session: f.Result.Session, Monitor: rec.monitor()}
	if err := run(t, d, g, opts); err != nil || g.Result.Len() != 2 || g.Result.ID == 0 {
		t.Fatalf("getMore: %v, %d docs, id %d", err, g.Result.Len(), g.Result.ID)
	}
	kc := &operation.KillCursors{DB: "db", Collection: "c", CursorIDs: []int64{g.Result.ID}}
	if err := run(t, d, kc, opts); err != nil || kc.Result.Killed.Len() != 1 {
		t.Fatalf("killCursors: %v %+v", err, kc.Result)
	}
	if gm := rec.startedNamed("getMore")[0].Command; !bytesEqual(gm.Lookup("lsid").Document(), d.last.lsid) {
		t.Fatal("getMore must carry the cursor's session")
	}
	if d.started != 2 || d.ended != 1 {
		t.Fatalf("explicit sessions must not start implicit ones: %d started, %d ended", d.started, d.ended)
	}
	ts.balanced(t)
	if ts.dones != 2 { // the pinned getMore and killCursors do not count
		t.Fatalf("Done called %d times", ts.dones)
	}
}

func TestExecuteReadPreference(t *testing.T) {
	tests := []struct {
		name string
		kind topology.Kind
		rp   topology.ReadPref
		want string // the $readPreference sent, "" for none
	}{
		{"replica set primary", topology.ReplicaSetWithPrimary, topology.ReadPref{}, ""},
		{"replica set nearest", topology.ReplicaSetWithPrimary, topology.ReadPref{Mode: topology.Nearest, TagSets: []topology.TagSet{{"dc": "ny", "a": "b"}}, MaxStaleness: 120 * time.Second},
			`{"mode": "nearest", "tags": [{"a": "b", "dc": "ny"}], "maxStalenessSeconds": {"$numberLong": "120"}}`},
		{"single primary", topology.Single, topology.ReadPref{}, `{"mode": "primaryPreferred"}`},
		{"single secondary", topology.Single, topology.ReadPref{Mode: topology.Secondary}, `{"mode": "secondary"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, d := newDeployment(t)
			d.kind = tt.kind
			rec := &recorder{}
			c := &operation.RunCommand{DB: "db", Command: ext(t, `{"ping": 1}`)}
			if err := run(t, d, c, operation.ExecOptions{ReadPref: tt.rp, Monitor: rec.monitor()}); err != nil {
				t.Fatal(err)
			}
			got := rec.started[0].Command.Lookup("$readPreference")
			if tt.want == "" {
				if !got.IsZero() {
					t.Fatalf("sent %s", got)
				}
				return
			}
			sameDoc(t, got.Document(), ext(t, tt.want))
			if crit := d.criteria[0]; crit.Write || crit.ReadPref.Mode != tt.rp.Mode {
				t.Fatalf("criteria %+v", crit)
			}
		})
	}
	_, ts := newMongotest(t, mongotestStandalone())
	sd := &testDeployment{kind: topology.Single, servers: []*testServer{ts}}
	rec := &recorder{}
	if err := run(t, sd, &operation.RunCommand{DB: "db", Command: ext(t, `{"ping": 1}`)}, operation.ExecOptions{Monitor: rec.monitor()}); err != nil {
		t.Fatal(err)
	}
	if !rec.started[0].Command.Lookup("$readPreference").IsZero() {
		t.Fatal("a standalone never gets $readPreference")
	}
}

func TestExecuteConcerns(t *testing.T) {
	_, _, d := newDeployment(t)
	rec := &recorder{}
	opts := operation.ExecOptions{Monitor: rec.monitor(), ReadConcern: operation.ReadConcern{Level: "local"},
		WriteConcern: operation.WriteConcern{W: operation.Some(operation.WValue{Tag: "majority"}), Journal: operation.Some(true), WTimeout: time.Second}}
	if err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}, opts); err != nil {
		t.Fatal(err)
	}
	if err := run(t, d, &operation.Find{DB: "db", Collection: "c"}, opts); err != nil {
		t.Fatal(err)
	}
	ins, find := rec.startedNamed("insert")[0].Command, rec.startedNamed("find")[0].Command
	sameDoc(t, ins.Lookup("writeConcern").Document(), ext(t, `{"w": "majority", "j": true, "wtimeout": {"$numberLong": "1000"}}`))
	sameDoc(t, find.Lookup("readConcern").Document(), ext(t, `{"level": "local"}`))
	if !ins.Lookup("readConcern").IsZero() || !find.Lookup("writeConcern").IsZero() {
		t.Fatal("a concern went to a command that does not take it")
	}
	bad := operation.ExecOptions{WriteConcern: operation.WriteConcern{W: operation.Some(operation.WValue{}), Journal: operation.Some(true)}}
	if err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}, bad); !errors.Is(err, operation.ErrInvalidWriteConcern) {
		t.Fatalf("w: 0 with j: true: %v", err)
	}
	unack := operation.ExecOptions{Session: newFakeSession(), WriteConcern: operation.WriteConcern{W: operation.Some(operation.WValue{})}}
	if err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}, unack); !errors.Is(err, operation.ErrUnacknowledgedSession) {
		t.Fatalf("explicit session with w: 0: %v", err)
	}
}

func bytesEqual(a, b bson.Raw) bool { return string(a) == string(b) }

// ctxTimeout returns a context that ends after d.
func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
