package operation_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// count returns the number of documents in db.c.
func count(t *testing.T, d operation.Deployment) int64 {
	t.Helper()
	c := &operation.Count{DB: "db", Collection: "c", Query: ext(t, `{}`)}
	if err := run(t, d, c, operation.ExecOptions{}); err != nil {
		t.Fatal(err)
	}
	return c.Result
}

// countReaches waits up to 5 s for db.c to hold n documents (after
// unacknowledged writes).
func countReaches(t *testing.T, d operation.Deployment, n int64) bool {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for count(t, d) != n {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// TestSplitMaxWriteBatchSize is the CRUD prose test for maxWriteBatchSize,
// with the limit scaled down: maxWriteBatchSize + 1 documents take two
// insert commands.
func TestSplitMaxWriteBatchSize(t *testing.T) {
	_, ts, d := newDeployment(t)
	ts.setLimits(16<<20, 48_000_000, 10)
	rec := &recorder{}
	ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(11, 0)}
	if err := run(t, d, ins, operation.ExecOptions{Monitor: rec.monitor()}); err != nil {
		t.Fatal(err)
	}
	starts := rec.startedNamed("insert")
	if len(starts) != 2 || starts[0].Command.Lookup("documents").Array().Len() != 10 || starts[1].Command.Lookup("documents").Array().Len() != 1 {
		t.Fatalf("%d insert commands", len(starts))
	}
	if starts[0].OperationID != starts[1].OperationID {
		t.Fatal("the batches of one insert share an operation id")
	}
	if ins.Result.N != 11 || ins.Result.Batches != 2 || count(t, d) != 11 {
		t.Fatalf("result %+v", ins.Result)
	}
	ts.balanced(t)
}

// TestSplitMaxMessageSizeBytes is the CRUD prose test for
// maxMessageSizeBytes, scaled down: documents of maxBsonObjectSize - 500
// bytes, maxMessageSizeBytes / maxBsonObjectSize + 1 of them, take two
// commands, the last with one document.
func TestSplitMaxMessageSizeBytes(t *testing.T) {
	const maxDoc, maxMsg = 4000, 9000
	_, ts, d := newDeployment(t)
	ts.setLimits(maxDoc, maxMsg, 100_000)
	n := maxMsg/maxDoc + 1
	rec := &recorder{}
	ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(n, maxDoc-500-30)}
	if err := run(t, d, ins, operation.ExecOptions{Monitor: rec.monitor()}); err != nil {
		t.Fatal(err)
	}
	starts := rec.startedNamed("insert")
	if len(starts) != 2 || starts[0].Command.Lookup("documents").Array().Len() != n-1 || starts[1].Command.Lookup("documents").Array().Len() != 1 {
		t.Fatalf("%d insert commands", len(starts))
	}
	if count(t, d) != int64(n) {
		t.Fatal("documents missing")
	}
	ts.balanced(t)
}

// TestSplitFullSize runs the maxWriteBatchSize prose test with the
// server's real limit (100,000).
func TestSplitFullSize(t *testing.T) {
	if testing.Short() {
		t.Skip("inserts 100,001 documents")
	}
	_, ts, d := newDeployment(t)
	n := int(ts.Description().MaxWriteBatchSize) + 1
	rec := &recorder{}
	ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(n, 0)}
	if err := run(t, d, ins, operation.ExecOptions{Monitor: rec.monitor()}); err != nil {
		t.Fatal(err)
	}
	if starts := rec.startedNamed("insert"); len(starts) != 2 || ins.Result.N != int64(n) {
		t.Fatalf("%d insert commands, n=%d", len(starts), ins.Result.N)
	}
}

// TestWriteErrorIndexes checks that write errors of later batches are
// remapped to the caller's positions, that an unordered write sends every
// batch and an ordered one stops at its first error.
func TestWriteErrorIndexes(t *testing.T) {
	for _, unordered := range []bool{true, false} {
		_, ts, d := newDeployment(t)
		ts.setLimits(16<<20, 48_000_000, 3)
		pre := &operation.Insert{DB: "db", Collection: "c", Documents: []bson.Raw{docs(2, 0)[1], docs(6, 0)[5]}}
		if err := run(t, d, pre, operation.ExecOptions{}); err != nil {
			t.Fatal(err)
		}
		ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(7, 0), Options: operation.InsertOptions{Unordered: unordered}}
		err := run(t, d, ins, operation.ExecOptions{})
		var we *operation.WriteException
		if !errors.As(err, &we) || !operation.IsDuplicateKey(err) {
			t.Fatalf("unordered=%v: %v", unordered, err)
		}
		var idx []int
		for _, e := range we.WriteErrors {
			idx = append(idx, e.Index)
		}
		switch {
		case unordered && (len(idx) != 2 || idx[0] != 1 || idx[1] != 5 || ins.Result.N != 5 || ins.Result.Batches != 3):
			t.Fatalf("unordered: errors at %v, %+v", idx, ins.Result)
		case !unordered && (len(idx) != 1 || idx[0] != 1 || ins.Result.N != 1 || ins.Result.Batches != 1):
			t.Fatalf("ordered: errors at %v, %+v", idx, ins.Result)
		}
		ts.balanced(t)
	}
}

func TestUpdateDeleteExecute(t *testing.T) {
	_, ts, d := newDeployment(t)
	ts.setLimits(16<<20, 48_000_000, 2)
	insertDocs(t, d, 4)
	up := &operation.Update{DB: "db", Collection: "c", Updates: []operation.UpdateStatement{
		{Filter: ext(t, `{"_id": 0}`), Update: operation.DocValue(ext(t, `{"$set": {"a": 1}}`))},
		{Filter: ext(t, `{"_id": {"$gte": 2}}`), Update: operation.DocValue(ext(t, `{"$set": {"a": 2}}`)), Multi: true},
		{Filter: ext(t, `{"_id": 0}`), Update: operation.DocValue(ext(t, `{"$set": {"a": 1}}`))},
		{Filter: ext(t, `{"_id": 99}`), Update: operation.DocValue(ext(t, `{"$set": {"a": 3}}`)), Upsert: true},
	}}
	if err := run(t, d, up, operation.ExecOptions{}); err != nil {
		t.Fatal(err)
	}
	if r := up.Result; r.N != 5 || r.NModified != 3 || len(r.Upserted) != 1 || r.Upserted[0].Index != 3 || r.Upserted[0].ID.Int32() != 99 || r.Batches != 2 {
		t.Fatalf("update result %+v", r)
	}
	del := &operation.Delete{DB: "db", Collection: "c", Deletes: []operation.DeleteStatement{
		{Filter: ext(t, `{"a": 2}`), Multi: true}, {Filter: ext(t, `{"_id": 0}`)}, {Filter: ext(t, `{"_id": 1000}`)},
	}}
	if err := run(t, d, del, operation.ExecOptions{}); err != nil || del.Result.N != 3 {
		t.Fatalf("delete: %v %+v", err, del.Result)
	}
	fam := &operation.FindAndModify{DB: "db", Collection: "c", Query: ext(t, `{"_id": 1}`),
		Options: operation.FindAndModifyOptions{Update: operation.DocValue(ext(t, `{"$set": {"b": 1}}`)), New: true}}
	if err := run(t, d, fam, operation.ExecOptions{RetryWrites: true, Session: newFakeSession()}); err != nil || fam.Result.Value.Lookup("b").Int32() != 1 {
		t.Fatalf("findAndModify: %v %+v", err, fam.Result)
	}
	ts.balanced(t)
}

// TestUnacknowledgedWrites checks moreToCome: no reply is read, the result
// says so, and the write happens.
func TestUnacknowledgedWrites(t *testing.T) {
	_, ts, base := newDeployment(t)
	d := &sessionDeployment{testDeployment: base}
	rec := &recorder{}
	w0 := operation.ExecOptions{Monitor: rec.monitor(), WriteConcern: operation.WriteConcern{W: operation.Some(operation.WValue{N: 0})}}
	ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(3, 0)}
	if err := run(t, d, ins, w0); err != nil || ins.Result.Acknowledged {
		t.Fatalf("w: 0 insert: %v %+v", err, ins.Result)
	}
	if len(rec.succeeded) != 1 || string(rec.succeeded[0].Reply) != string(ext(t, `{"ok": 1}`)) {
		t.Fatal("an unacknowledged write reports {ok: 1}")
	}
	if !rec.started[0].Command.Lookup("lsid").IsZero() || d.started != 0 {
		t.Fatal("an unacknowledged write gets no implicit session")
	}
	if !countReaches(t, d, 3) {
		t.Fatal("the unacknowledged insert did not happen")
	}
	ts.balanced(t)
}

// TestUnacknowledgedTooLarge: a document over maxBsonObjectSize is a client
// error before anything is sent, also with w: 0.
func TestUnacknowledgedTooLarge(t *testing.T) {
	_, ts, d := newDeployment(t)
	rec := &recorder{}
	big := docs(1, int(ts.Description().MaxBSONObjectSize))
	w0 := operation.ExecOptions{Monitor: rec.monitor(), WriteConcern: operation.WriteConcern{W: operation.Some(operation.WValue{N: 0})}}
	for _, c := range []operation.Command{
		&operation.Insert{DB: "db", Collection: "c", Documents: append(docs(1, 0), big...)},
		&operation.Update{DB: "db", Collection: "c", Updates: []operation.UpdateStatement{{Update: operation.DocValue(big[0])}}},
	} {
		if err := run(t, d, c, w0); !errors.Is(err, operation.ErrDocumentTooLarge) {
			t.Fatalf("%s: %v", c.Name(), err)
		}
	}
	if len(rec.started) != 0 {
		t.Fatal("nothing may be sent")
	}
	ts.balanced(t)
}

// TestWriteConcernErrorDetails is CRUD prose test 1.
func TestWriteConcernErrorDetails(t *testing.T) {
	_, ts, d := newDeployment(t)
	failPoint(t, d, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"],
		"writeConcernError": {"code": 100, "codeName": "UnsatisfiableWriteConcern", "errmsg": "Not enough data-bearing nodes",
		"errInfo": {"writeConcern": {"w": 2, "wtimeout": 0, "provenance": "clientSupplied"}}}}}`)
	err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}, operation.ExecOptions{})
	var we *operation.WriteException
	if !errors.As(err, &we) || we.WriteConcernError == nil {
		t.Fatalf("err %v", err)
	}
	sameDoc(t, we.WriteConcernError.Details, ext(t, `{"writeConcern": {"w": 2, "wtimeout": 0, "provenance": "clientSupplied"}}`))
	ts.balanced(t)
}

// TestWriteErrorDetails is CRUD prose test 2.
func TestWriteErrorDetails(t *testing.T) {
	_, _, d := newDeployment(t)
	create := &operation.Create{DB: "db", Collection: "test", Options: operation.CreateOptions{Validator: ext(t, `{"x": {"$type": "string"}}`)}}
	if err := run(t, d, create, operation.ExecOptions{}); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	err := run(t, d, &operation.Insert{DB: "db", Collection: "test", Documents: []bson.Raw{ext(t, `{"x": 1}`)}}, operation.ExecOptions{Monitor: rec.monitor()})
	var we *operation.WriteError
	if !errors.As(err, &we) || we.Code != 121 || we.Details == nil {
		t.Fatalf("err %v", err)
	}
	sameDoc(t, we.Details, rec.succeeded[0].Reply.Lookup("writeErrors", "0", "errInfo").Document())
}

// TestStateChangeReported checks that an error reply and a network error
// reach SDAM error handling with the connection's generation.
func TestStateChangeReported(t *testing.T) {
	_, ts, d := newDeployment(t)
	failPoint(t, d, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"], "errorCode": 10107}}`)
	err := run(t, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(1, 0)}, operation.ExecOptions{})
	if !errors.Is(err, operation.ServerError{Code: 10107}) {
		t.Fatalf("err %v", err)
	}
	errs := ts.appErrors()
	if len(errs) != 1 || errs[0].Code != 10107 || !errs[0].HandshakeDone {
		t.Fatalf("SDAM errors %+v", errs)
	}
	// An ordinary command error is reported too; SDAM decides it changes nothing.
	failPoint(t, d, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["find"], "closeConnection": true}}`)
	err = run(t, d, &operation.Find{DB: "db", Collection: "c"}, operation.ExecOptions{})
	if !operation.IsNetworkError(err) {
		t.Fatalf("err %v", err)
	}
	ts.balanced(t)
}

// TestCheckinOnCancel: a context that ends while the reply is awaited
// fails the operation, and the connection is checked in (to be drained).
func TestCheckinOnCancel(t *testing.T) {
	_, ts, d := newDeployment(t)
	failPoint(t, d, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["find"], "blockConnection": true, "blockTimeMS": 300}}`)
	err := operation.Execute(ctxTimeout(t, 50*time.Millisecond), d, &operation.Find{DB: "db", Collection: "c"}, operation.ExecOptions{RetryReads: true})
	if !errors.Is(err, context.DeadlineExceeded) || !operation.IsTimeout(err) {
		t.Fatalf("err %v", err)
	}
	ts.balanced(t)
	if err := run(t, d, &operation.Find{DB: "db", Collection: "c"}, operation.ExecOptions{}); err != nil {
		t.Fatalf("the pool is unusable after a cancelled read: %v", err)
	}
}

// TestCheckinOnPanic: a panicking hook leaves no connection checked out
// and the server released once.
func TestCheckinOnPanic(t *testing.T) {
	_, ts, base := newDeployment(t)
	d := &sessionDeployment{testDeployment: base}
	mon := &operation.CommandMonitor{Succeeded: func(operation.CommandSucceededEvent) { panic("boom") }}
	func() {
		defer func() {
			if recover() != "boom" {
				t.Fatal("the panic did not reach the caller")
			}
		}()
		_ = run(t, d, &operation.Find{DB: "db", Collection: "c"}, operation.ExecOptions{Monitor: mon})
	}()
	ts.balanced(t)
	if ts.dones != 1 || d.started != d.ended {
		t.Fatalf("Done %d times; sessions %d started, %d ended", ts.dones, d.started, d.ended)
	}
}
