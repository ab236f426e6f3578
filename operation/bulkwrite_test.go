package operation_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/operation"
)

func insertModels(t *testing.T, ns string, n int) []operation.BulkWriteModel {
	ms := make([]operation.BulkWriteModel, n)
	for i, d := range docs(n, 0) {
		ms[i] = operation.BulkWriteModel{Namespace: ns, Kind: operation.InsertOne, Document: d}
	}
	return ms
}

func TestBulkWriteMixedNamespaces(t *testing.T) {
	_, ts, d := newDeployment(t)
	models := append(insertModels(t, "db.a", 2), insertModels(t, "db.b", 1)...)
	models = append(models,
		operation.BulkWriteModel{Namespace: "db.a", Kind: operation.UpdateOne, Filter: ext(t, `{"_id": 0}`), Update: operation.DocValue(ext(t, `{"$set": {"x": 1}}`))},
		operation.BulkWriteModel{Namespace: "db.b", Kind: operation.ReplaceOne, Filter: ext(t, `{"_id": 7}`), Document: ext(t, `{"y": 1}`), Upsert: true},
		operation.BulkWriteModel{Namespace: "db.a", Kind: operation.DeleteMany, Filter: ext(t, `{}`)},
	)
	rec := &recorder{}
	c := &operation.BulkWrite{Models: models, Options: operation.BulkWriteOptions{VerboseResults: true}}
	if err := run(t, d, c, operation.ExecOptions{Monitor: rec.monitor()}); err != nil {
		t.Fatal(err)
	}
	r := c.Result
	if r.InsertedCount != 3 || r.MatchedCount != 1 || r.ModifiedCount != 1 || r.UpsertedCount != 1 || r.DeletedCount != 2 {
		t.Fatalf("counts %+v", r)
	}
	if len(r.InsertResults) != 3 || r.InsertResults[2].InsertedID.Int32() != 0 || r.UpdateResults[4].UpsertedID.Int32() != 7 || r.DeleteResults[5].DeletedCount != 2 {
		t.Fatalf("verbose results %+v", r)
	}
	st := rec.startedNamed("bulkWrite")[0].Command
	if st.Lookup("nsInfo").Array().Len() != 2 || st.Lookup("ops").Array().Len() != 6 || st.Lookup("$db").StringValue() != "admin" {
		t.Fatalf("command %s", st)
	}
	ts.balanced(t)
}

// TestBulkWriteSplitByCount is CRUD prose test 3, scaled.
func TestBulkWriteSplitByCount(t *testing.T) {
	_, ts, d := newDeployment(t)
	ts.setLimits(16<<20, 48_000_000, 5)
	rec := &recorder{}
	c := &operation.BulkWrite{Models: insertModels(t, "db.coll", 6)}
	if err := run(t, d, c, operation.ExecOptions{Monitor: rec.monitor()}); err != nil {
		t.Fatal(err)
	}
	st := rec.startedNamed("bulkWrite")
	if len(st) != 2 || st[0].Command.Lookup("ops").Array().Len() != 5 || st[1].Command.Lookup("ops").Array().Len() != 1 ||
		st[0].OperationID != st[1].OperationID || c.Result.InsertedCount != 6 {
		t.Fatalf("%d commands, inserted %d", len(st), c.Result.InsertedCount)
	}
}

// TestBulkWriteSplitBySize is CRUD prose test 4, scaled.
func TestBulkWriteSplitBySize(t *testing.T) {
	const maxDoc, maxMsg = 4000, 9000
	_, ts, d := newDeployment(t)
	ts.setLimits(maxDoc, maxMsg, 100_000)
	n := maxMsg/maxDoc + 1
	models := make([]operation.BulkWriteModel, n)
	for i, doc := range docs(n, maxDoc-500-30) {
		models[i] = operation.BulkWriteModel{Namespace: "db.coll", Kind: operation.InsertOne, Document: doc}
	}
	rec := &recorder{}
	c := &operation.BulkWrite{Models: models}
	if err := run(t, d, c, operation.ExecOptions{Monitor: rec.monitor()}); err != nil {
		t.Fatal(err)
	}
	st := rec.startedNamed("bulkWrite")
	if len(st) != 2 || st[0].Command.Lookup("ops").Array().Len() != n-1 || st[1].Command.Lookup("ops").Array().Len() != 1 || c.Result.InsertedCount != int64(n) {
		t.Fatalf("%d commands", len(st))
	}
}

// TestBulkWriteWriteErrorsAcrossBatches is CRUD prose test 6, scaled.
func TestBulkWriteWriteErrorsAcrossBatches(t *testing.T) {
	for _, unordered := range []bool{true, false} {
		_, ts, d := newDeployment(t)
		ts.setLimits(16<<20, 48_000_000, 3)
		if err := run(t, d, &operation.Insert{DB: "db", Collection: "coll", Documents: docs(1, 0)}, operation.ExecOptions{}); err != nil {
			t.Fatal(err)
		}
		models := make([]operation.BulkWriteModel, 4)
		for i := range models {
			models[i] = operation.BulkWriteModel{Namespace: "db.coll", Kind: operation.InsertOne, Document: docs(1, 0)[0]}
		}
		rec := &recorder{}
		c := &operation.BulkWrite{Models: models, Options: operation.BulkWriteOptions{Unordered: unordered}}
		err := run(t, d, c, operation.ExecOptions{Monitor: rec.monitor()})
		var bwe *operation.BulkWriteException
		if !errors.As(err, &bwe) || !operation.IsDuplicateKey(err) {
			t.Fatalf("unordered=%v: %v", unordered, err)
		}
		n := len(rec.startedNamed("bulkWrite"))
		switch {
		case unordered && (len(bwe.WriteErrors) != 4 || n != 2):
			t.Fatalf("unordered: %d write errors, %d commands", len(bwe.WriteErrors), n)
		case !unordered && (len(bwe.WriteErrors) != 1 || n != 1 || bwe.PartialResult != nil):
			t.Fatalf("ordered: %d write errors, %d commands, partial %+v", len(bwe.WriteErrors), n, bwe.PartialResult)
		}
	}
}

// TestBulkWriteWriteConcernErrors is CRUD prose test 5, scaled.
func TestBulkWriteWriteConcernErrors(t *testing.T) {
	_, ts, d := newDeployment(t)
	ts.setLimits(16<<20, 48_000_000, 3)
	failPoint(t, d, `{"configureFailPoint": "failCommand", "mode": {"times": 2}, "data": {"failCommands": ["bulkWrite"],
		"writeConcernError": {"code": 91, "errmsg": "Replication is being shut down"}}}`)
	rec := &recorder{}
	c := &operation.BulkWrite{Models: insertModels(t, "db.coll", 4)}
	err := run(t, d, c, operation.ExecOptions{Monitor: rec.monitor()})
	var bwe *operation.BulkWriteException
	if !errors.As(err, &bwe) || len(bwe.WriteConcernErrors) != 2 || bwe.PartialResult == nil || bwe.PartialResult.InsertedCount != 4 {
		t.Fatalf("err %v", err)
	}
	if len(rec.startedNamed("bulkWrite")) != 2 {
		t.Fatal("two commands expected")
	}
}

// TestBulkWriteTooLarge is CRUD prose test 12: a model that cannot fit is
// a client error and nothing is sent.
func TestBulkWriteTooLarge(t *testing.T) {
	_, ts, d := newDeployment(t)
	ts.setLimits(4000, 9000, 100_000)
	rec := &recorder{}
	for _, m := range []operation.BulkWriteModel{
		{Namespace: "db.coll", Kind: operation.InsertOne, Document: docs(1, 9000)[0]},
		{Namespace: "db." + string(make([]byte, 9000)), Kind: operation.InsertOne, Document: docs(1, 0)[0]},
	} {
		err := run(t, d, &operation.BulkWrite{Models: []operation.BulkWriteModel{m}}, operation.ExecOptions{Monitor: rec.monitor()})
		var bwe *operation.BulkWriteException
		if !errors.Is(err, operation.ErrDocumentTooLarge) || errors.As(err, &bwe) {
			t.Fatalf("err %v", err)
		}
	}
	if len(rec.started) != 0 {
		t.Fatal("nothing may be sent")
	}
}

// TestBulkWriteUnacknowledged is CRUD prose test 15, scaled: every batch
// is sent with w: 0.
func TestBulkWriteUnacknowledged(t *testing.T) {
	_, ts, d := newDeployment(t)
	ts.setLimits(4000, 9000, 100_000)
	n := 9000/4000 + 1
	models := make([]operation.BulkWriteModel, n)
	for i, doc := range docs(n, 3500-30) {
		models[i] = operation.BulkWriteModel{Namespace: "db.c", Kind: operation.InsertOne, Document: doc}
	}
	rec := &recorder{}
	c := &operation.BulkWrite{Models: models, Options: operation.BulkWriteOptions{Unordered: true}}
	w0 := operation.ExecOptions{Monitor: rec.monitor(), WriteConcern: operation.WriteConcern{W: operation.Some(operation.WValue{})}}
	if err := run(t, d, c, w0); err != nil || c.Result.Acknowledged {
		t.Fatalf("err %v, acknowledged %v", err, c.Result.Acknowledged)
	}
	st := rec.startedNamed("bulkWrite")
	if len(st) != 2 || st[1].Command.Lookup("writeConcern", "w").Int32() != 0 || st[0].Command.Lookup("writeConcern").IsZero() {
		t.Fatalf("%d commands", len(st))
	}
	if !countReaches(t, d, int64(n)) {
		t.Fatal("the writes did not complete")
	}
	ts.balanced(t)
}
