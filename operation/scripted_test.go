package operation_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
	"github.com/cwal-go/cwal/wire"
)

// replies answers the n-th command with the n-th reply (nil closes).
func replies(t *testing.T, rs ...string) script {
	docs := make([]bson.Raw, len(rs))
	for i, r := range rs {
		if r != "" {
			docs[i] = ext(t, r)
		}
	}
	return func(n int, _ bson.Raw, _ wire.Msg) bson.Raw {
		if n >= len(docs) {
			return ext(t, `{"ok": 0, "code": 1, "errmsg": "script exhausted"}`)
		}
		return docs[n]
	}
}

func onePipe(t *testing.T, s script) (*pipeServer, *pipeDeployment) {
	ps := newPipeServer(t, "a:27017", s)
	return ps, &pipeDeployment{kind: topology.ReplicaSetWithPrimary, servers: []*pipeServer{ps}}
}

// TestBulkWriteGetMore is CRUD prose test 7's shape: the results cursor
// needs a getMore, sent on the same connection with the same session.
func TestBulkWriteGetMore(t *testing.T) {
	ps, d := onePipe(t, replies(t,
		`{"ok": 1, "nErrors": 0, "nInserted": 0, "nUpserted": 2, "nMatched": 0, "nModified": 0, "nDeleted": 0,
		  "cursor": {"id": {"$numberLong": "9"}, "ns": "admin.$cmd.bulkWrite", "firstBatch": [{"ok": 1, "idx": 0, "n": 1, "nModified": 0, "upserted": {"_id": "a"}}]}}`,
		`{"ok": 1, "cursor": {"id": {"$numberLong": "0"}, "ns": "admin.$cmd.bulkWrite", "nextBatch": [{"ok": 1, "idx": 1, "n": 1, "nModified": 0, "upserted": {"_id": "b"}}]}}`,
	))
	rec := &recorder{}
	c := &operation.BulkWrite{Models: upserts(t), Options: operation.BulkWriteOptions{VerboseResults: true}}
	sess := newFakeSession()
	if err := run(t, d, c, operation.ExecOptions{Monitor: rec.monitor(), Session: sess}); err != nil {
		t.Fatal(err)
	}
	if c.Result.UpsertedCount != 2 || len(c.Result.UpdateResults) != 2 || c.Result.UpdateResults[1].UpsertedID.StringValue() != "b" {
		t.Fatalf("result %+v", c.Result)
	}
	gm := rec.startedNamed("getMore")
	if len(gm) != 1 || gm[0].Command.Lookup("collection").StringValue() != "$cmd.bulkWrite" || gm[0].Command.Lookup("$db").StringValue() != "admin" ||
		!bytesEqual(gm[0].Command.Lookup("lsid").Document(), sess.lsid) || gm[0].OperationID != rec.started[0].OperationID {
		t.Fatalf("getMore %+v", gm)
	}
	if ps.commands() != 2 || ps.checkouts != 1 {
		t.Fatalf("the getMore must reuse the connection: %d checkouts", ps.checkouts)
	}
	ps.balanced(t)
}

// TestBulkWriteGetMoreError is CRUD prose test 9: a failed getMore is a
// top-level error, the cursor is killed, and the results so far are kept.
func TestBulkWriteGetMoreError(t *testing.T) {
	ps, d := onePipe(t, replies(t,
		`{"ok": 1, "nErrors": 0, "nInserted": 0, "nUpserted": 2, "nMatched": 0, "nModified": 0, "nDeleted": 0,
		  "cursor": {"id": {"$numberLong": "9"}, "ns": "admin.$cmd.bulkWrite", "firstBatch": [{"ok": 1, "idx": 0, "n": 1, "nModified": 0, "upserted": {"_id": "a"}}]}}`,
		`{"ok": 0, "code": 8, "errmsg": "UnknownError"}`,
		`{"ok": 1, "cursorsKilled": [{"$numberLong": "9"}]}`,
	))
	rec := &recorder{}
	c := &operation.BulkWrite{Models: upserts(t), Options: operation.BulkWriteOptions{VerboseResults: true}}
	err := run(t, d, c, operation.ExecOptions{Monitor: rec.monitor(), RetryWrites: true, Session: newFakeSession()})
	var bwe *operation.BulkWriteException
	if !errors.As(err, &bwe) || !errors.Is(bwe.Err, operation.ServerError{Code: 8}) {
		t.Fatalf("err %v", err)
	}
	if bwe.PartialResult == nil || bwe.PartialResult.UpsertedCount != 2 || len(bwe.PartialResult.UpdateResults) != 1 {
		t.Fatalf("partial result %+v", bwe.PartialResult)
	}
	if len(rec.startedNamed("killCursors")) != 1 || len(rec.startedNamed("bulkWrite")) != 1 {
		t.Fatal("killCursors must follow, and the bulk write must not be retried")
	}
	ps.balanced(t)
}

func upserts(t *testing.T) []operation.BulkWriteModel {
	return []operation.BulkWriteModel{
		{Namespace: "db.coll", Kind: operation.UpdateOne, Filter: ext(t, `{"_id": "a"}`), Update: operation.DocValue(ext(t, `{"$set": {"x": 1}}`)), Upsert: true},
		{Namespace: "db.coll", Kind: operation.UpdateOne, Filter: ext(t, `{"_id": "b"}`), Update: operation.DocValue(ext(t, `{"$set": {"x": 1}}`)), Upsert: true},
	}
}

// TestNoWritesPerformed: when the retry fails with NoWritesPerformed, the
// first attempt's error is returned.
func TestNoWritesPerformed(t *testing.T) {
	ps, d := onePipe(t, replies(t,
		`{"ok": 0, "code": 91, "errmsg": "shutting down", "errorLabels": ["RetryableWriteError"]}`,
		`{"ok": 0, "code": 10107, "errmsg": "not primary", "errorLabels": ["RetryableWriteError", "NoWritesPerformed"]}`,
	))
	err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}, operation.ExecOptions{RetryWrites: true, Session: newFakeSession()})
	if !errors.Is(err, operation.ServerError{Code: 91}) {
		t.Fatalf("err %v, want the first attempt's", err)
	}
	ps.balanced(t)
}

// TestPre44Labels: a 4.2 server does not label retryable errors; Execute
// does, and retries.
func TestPre44Labels(t *testing.T) {
	ps, d := onePipe(t, replies(t,
		`{"ok": 0, "code": 189, "errmsg": "stepped down"}`,
		`{"ok": 1, "n": 1}`,
	))
	ps.desc.MaxWireVersion = 8
	ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}
	if err := run(t, d, ins, operation.ExecOptions{RetryWrites: true, Session: newFakeSession()}); err != nil || ins.Result.N != 1 {
		t.Fatalf("err %v", err)
	}

	ps2, d2 := onePipe(t, replies(t, `{"ok": 1, "n": 1, "writeConcernError": {"code": 91, "errmsg": "shutdown"}}`, `{"ok": 1, "n": 1}`))
	ps2.desc.MaxWireVersion = 8
	ins = &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}
	if err := run(t, d2, ins, operation.ExecOptions{RetryWrites: true, Session: newFakeSession()}); err != nil || ps2.commands() != 2 {
		t.Fatalf("a pre-4.4 retryable write concern error must be retried: %v after %d", err, ps2.commands())
	}
	ps.balanced(t)
	ps2.balanced(t)
}

// TestRetryableWritesUnsupported rewrites the server's message.
func TestRetryableWritesUnsupported(t *testing.T) {
	_, d := onePipe(t, replies(t, `{"ok": 0, "code": 20, "errmsg": "Transaction numbers are only allowed on a replica set member or mongos"}`))
	err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}, operation.ExecOptions{RetryWrites: true, Session: newFakeSession()})
	if err == nil || !strings.Contains(err.Error(), "retryWrites=false") {
		t.Fatalf("err %v", err)
	}
}

// TestShardedRetryDeprioritizes: on a sharded cluster the retry goes to
// another mongos.
func TestShardedRetryDeprioritizes(t *testing.T) {
	a := newPipeServer(t, "a:27017", replies(t, `{"ok": 0, "code": 91, "errmsg": "x"}`))
	b := newPipeServer(t, "b:27017", replies(t, `{"ok": 1, "cursor": {"id": 0, "ns": "db.c", "firstBatch": []}}`))
	a.desc.Type, b.desc.Type = description.Mongos, description.Mongos
	d := &pipeDeployment{kind: topology.Sharded, servers: []*pipeServer{a, b}}
	if err := run(t, d, &operation.Find{DB: "db", Collection: "c"}, operation.ExecOptions{RetryReads: true}); err != nil {
		t.Fatal(err)
	}
	if len(d.criteria) != 2 || len(d.criteria[1].Deprioritized) != 1 || d.criteria[1].Deprioritized[0] != "a:27017" || b.checkouts != 1 {
		t.Fatalf("criteria %+v", d.criteria)
	}
	a.balanced(t)
	b.balanced(t)
}

// TestMoreToComeSent checks the flag on an unacknowledged write.
func TestMoreToComeSent(t *testing.T) {
	ps, d := onePipe(t, replies(t, ""))
	w0 := operation.ExecOptions{WriteConcern: operation.WriteConcern{W: operation.Some(operation.WValue{})}}
	if err := run(t, d, &operation.Delete{DB: "db", Collection: "c", Deletes: []operation.DeleteStatement{{Multi: true}}}, w0); err != nil {
		t.Fatal(err)
	}
	ps.balanced(t)
	ps.wg.Wait()
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if len(ps.flags) != 1 || ps.flags[0]&wire.MoreToCome == 0 {
		t.Fatalf("flags %v", ps.flags)
	}
}

// TestRedaction checks that sensitive commands are redacted in events.
func TestRedaction(t *testing.T) {
	_, d := onePipe(t, replies(t,
		`{"ok": 1, "payload": "secret"}`,
		`{"ok": 1, "isWritablePrimary": true, "speculativeAuthenticate": {"payload": "secret"}}`,
		`{"ok": 1, "isWritablePrimary": true}`,
		`{"ok": 0, "code": 18, "codeName": "AuthenticationFailed", "errmsg": "secret user"}`,
	))
	rec := &recorder{}
	o := operation.ExecOptions{Monitor: rec.monitor()}
	cmds := []string{`{"saslStart": 1, "payload": "x"}`, `{"hello": 1, "speculativeAuthenticate": {"x": 1}}`, `{"hello": 1}`, `{"saslContinue": 1}`}
	for _, c := range cmds {
		_ = run(t, d, &operation.RunCommand{DB: "admin", Command: ext(t, c)}, o)
	}
	empty := ext(t, `{}`)
	for i, redacted := range []bool{true, true, false, true} {
		if (string(rec.started[i].Command) == string(empty)) != redacted {
			t.Errorf("command %d: %s", i, rec.started[i].Command)
		}
	}
	if string(rec.succeeded[0].Reply) != string(empty) || string(rec.succeeded[1].Reply) != string(empty) || string(rec.succeeded[2].Reply) == string(empty) {
		t.Error("replies of sensitive commands must be empty")
	}
	var se *operation.ServerError
	if !errors.As(rec.failed[0].Failure, &se) || se.Code != 18 || se.Message != "" || se.Raw != nil {
		t.Errorf("failure %v", rec.failed[0].Failure)
	}
}

// TestCheckoutErrors: a cleared pool or a failed connection
// establishment is retried (it never sent the command), labelled for
// retryable writes, and a failed establishment is reported to SDAM.
func TestCheckoutErrors(t *testing.T) {
	estab := &pool.ConnectionError{Address: "a:27017", Generation: 4,
		Err: &pool.EstablishError{Stage: pool.StageHello, Addr: "a:27017", Err: &pool.NetError{Op: "read", Addr: "a:27017", Err: io.ErrUnexpectedEOF}}}
	for _, first := range []error{&pool.PoolClearedError{Address: "a:27017"}, estab} {
		ps, d := onePipe(t, replies(t, `{"ok": 1, "n": 1}`))
		ps.checkoutErrs = []error{first}
		ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}
		if err := run(t, d, ins, operation.ExecOptions{RetryWrites: true, Session: newFakeSession()}); err != nil || ins.Result.N != 1 {
			t.Fatalf("%T: %v", first, err)
		}
		ps.mu.Lock()
		errs := ps.errs
		ps.mu.Unlock()
		if _, isEstab := first.(*pool.ConnectionError); isEstab != (len(errs) == 1) || (isEstab && (errs[0].Generation != 4 || errs[0].HandshakeDone)) {
			t.Fatalf("%T: SDAM errors %+v", first, errs)
		}
	}
	// Twice: the write fails with the first error, labelled.
	ps, d := onePipe(t, replies(t))
	ps.checkoutErrs = []error{estab, &pool.PoolClearedError{Address: "a:27017"}}
	err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}, operation.ExecOptions{RetryWrites: true, Session: newFakeSession()})
	var ce *pool.ConnectionError
	if !errors.As(err, &ce) || !operation.HasErrorLabel(err, operation.LabelRetryableWrite) || !operation.IsNetworkError(err) {
		t.Fatalf("err %v", err)
	}
	// A read is retried after a cleared pool too.
	ps, d = onePipe(t, replies(t, `{"ok": 1, "cursor": {"id": 0, "ns": "db.c", "firstBatch": []}}`))
	ps.checkoutErrs = []error{&pool.PoolClearedError{Address: "a:27017"}}
	if err := run(t, d, &operation.Find{DB: "db", Collection: "c"}, operation.ExecOptions{RetryReads: true}); err != nil {
		t.Fatal(err)
	}
}
