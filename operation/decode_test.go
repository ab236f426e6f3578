package operation_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// decode runs a command's Decode on a reply.
func decode(t *testing.T, c operation.Command, reply string) error {
	t.Helper()
	return c.Decode(context.Background(), &operation.Reply{Body: ext(t, reply), Acknowledged: true})
}

func TestDecodeCursor(t *testing.T) {
	f := &operation.Find{}
	err := decode(t, f, `{"cursor": {"id": {"$numberLong": "7"}, "ns": "db.coll.x", "firstBatch": [{"a": 1}, {"a": 2}]}, "ok": 1}`)
	if err != nil {
		t.Fatal(err)
	}
	if f.Result.ID != 7 || f.Result.Namespace() != "db.coll.x" || f.Result.Collection() != "coll.x" || f.Result.Len() != 2 {
		t.Fatalf("result %+v", f.Result)
	}
	it := f.Result.Documents()
	var n int
	for d, ok := it.Next(); ok; d, ok = it.Next() {
		n++
		if d.Lookup("a").Int32() != int32(n) {
			t.Fatalf("document %d: %s", n, d)
		}
	}
	if n != 2 || it.Err() != nil {
		t.Fatalf("%d documents, err %v", n, it.Err())
	}

	g := &operation.GetMore{}
	if err := decode(t, g, `{"cursor": {"id": {"$numberLong": "0"}, "ns": "db.c", "nextBatch": [], "postBatchResumeToken": {"t": 1}}, "ok": 1}`); err != nil {
		t.Fatal(err)
	}
	if g.Result.ID != 0 || g.Result.Len() != 0 || g.Result.PostBatchResumeToken.Lookup("t").Int32() != 1 {
		t.Fatalf("getMore result %+v", g.Result)
	}

	bad := []struct{ reply, field string }{
		{`{"ok": 1}`, "cursor"},
		{`{"cursor": 1, "ok": 1}`, "cursor"},
		{`{"cursor": {"ns": "a.b", "firstBatch": []}, "ok": 1}`, "cursor.id"},
		{`{"cursor": {"id": 0, "ns": "a.b", "firstBatch": 3}, "ok": 1}`, "cursor.firstBatch"},
	}
	for _, b := range bad {
		var re *operation.ReplyError
		if err := decode(t, &operation.Aggregate{}, b.reply); !errors.As(err, &re) || re.Field != b.field || !errors.Is(err, operation.ErrMalformedReply) {
			t.Errorf("reply %s: err %v, want a ReplyError on %s", b.reply, err, b.field)
		}
	}
	cr, err := operation.ParseCursorResponse(ext(t, `{"cursor": {"id": 0, "firstBatch": [1]}}`))
	if err != nil {
		t.Fatal(err)
	}
	it = cr.Documents()
	if _, ok := it.Next(); ok || it.Err() == nil {
		t.Fatal("a batch element that is not a document must stop the iteration with an error")
	}
}

func TestDecodeWrites(t *testing.T) {
	ins := &operation.Insert{Documents: docs(3, 0)}
	ins.Begin()
	err := decode(t, ins, `{"n": 2, "ok": 1, "writeErrors": [{"index": 1, "code": 11000, "codeName": "DuplicateKey", "errmsg": "E11000 dup", "keyValue": {"_id": 1}}]}`)
	var we *operation.WriteException
	if !errors.As(err, &we) || len(we.WriteErrors) != 1 || we.WriteErrors[0].Index != 1 || we.WriteErrors[0].Code != 11000 {
		t.Fatalf("insert decode: %v", err)
	}
	if !operation.IsDuplicateKey(err) || !errors.Is(err, operation.ServerError{Code: 11000}) || errors.Is(err, operation.ServerError{Code: 11001}) {
		t.Fatal("a duplicate key write error must match")
	}
	if we.WriteErrors[0].Raw.Lookup("keyValue", "_id").Int32() != 1 {
		t.Fatal("Raw must keep keyValue")
	}

	up := &operation.Update{Updates: []operation.UpdateStatement{{}, {}}}
	up.Begin()
	if err := decode(t, up, `{"n": 2, "nModified": 1, "upserted": [{"index": 1, "_id": "new"}], "ok": 1}`); err != nil {
		t.Fatal(err)
	}
	up.Advance(nil)
	if r := up.Result; r.N != 2 || r.NModified != 1 || len(r.Upserted) != 1 || r.Upserted[0].Index != 1 || r.Upserted[0].ID.StringValue() != "new" {
		t.Fatalf("update result %+v", r)
	}

	del := &operation.Delete{Deletes: []operation.DeleteStatement{{}}}
	del.Begin()
	err = decode(t, del, `{"n": 0, "ok": 1, "writeConcernError": {"code": 100, "codeName": "UnsatisfiableWriteConcern", "errmsg": "no", "errInfo": {"writeConcern": {"w": 2}}}, "errorLabels": ["X"]}`)
	if !errors.As(err, &we) || we.WriteConcernError == nil || we.WriteConcernError.Details.Lookup("writeConcern", "w").Int32() != 2 {
		t.Fatalf("delete decode: %v", err)
	}
	if !operation.HasErrorLabel(err, "X") || !errors.Is(err, operation.ServerError{CodeName: "UnsatisfiableWriteConcern"}) {
		t.Fatal("labels and codes of the write concern error")
	}

	fam := &operation.FindAndModify{}
	if err := decode(t, fam, `{"lastErrorObject": {"n": 1, "updatedExisting": false, "upserted": 5}, "value": {"_id": 5}, "ok": 1}`); err != nil {
		t.Fatal(err)
	}
	if r := fam.Result; r.N != 1 || r.UpdatedExisting || r.Upserted.Int32() != 5 || r.Value.Lookup("_id").Int32() != 5 {
		t.Fatalf("findAndModify result %+v", r)
	}
	if err := decode(t, fam, `{"lastErrorObject": {"n": 0}, "value": null, "ok": 1}`); err != nil || fam.Result.Value != nil {
		t.Fatalf("findAndModify without a match: %v %s", err, fam.Result.Value)
	}
}

func TestDecodeOthers(t *testing.T) {
	cnt := &operation.Count{}
	if err := decode(t, cnt, `{"n": 12.0, "ok": 1}`); err != nil || cnt.Result != 12 {
		t.Fatalf("count: %v %d", err, cnt.Result)
	}
	if err := decode(t, cnt, `{"ok": 1}`); !errors.Is(err, operation.ErrMalformedReply) {
		t.Fatalf("count without n: %v", err)
	}
	dis := &operation.Distinct{}
	if err := decode(t, dis, `{"values": [1, "a"], "ok": 1}`); err != nil || dis.Result.Len() != 2 {
		t.Fatalf("distinct: %v", err)
	}
	ld := &operation.ListDatabases{}
	if err := decode(t, ld, `{"databases": [{"name": "a"}], "totalSize": 10, "ok": 1}`); err != nil || ld.Result.Databases.Len() != 1 || ld.Result.TotalSize != 10 {
		t.Fatalf("listDatabases: %v", err)
	}
	kc := &operation.KillCursors{}
	if err := decode(t, kc, `{"cursorsKilled": [{"$numberLong": "1"}], "cursorsNotFound": [], "ok": 1}`); err != nil || kc.Result.Killed.Len() != 1 {
		t.Fatalf("killCursors: %v", err)
	}
	ci := &operation.CreateIndexes{}
	if err := decode(t, ci, `{"createdCollectionAutomatically": true, "numIndexesBefore": 1, "numIndexesAfter": 2, "ok": 1}`); err != nil || ci.Result.NumIndexesAfter != 2 || !ci.Result.CreatedCollectionAutomatically {
		t.Fatalf("createIndexes: %v %+v", err, ci.Result)
	}
	rc := &operation.RunCommand{}
	if err := decode(t, rc, `{"x": 1, "ok": 1}`); err != nil || rc.Result.Lookup("x").Int32() != 1 {
		t.Fatalf("runCommand: %v", err)
	}
	for _, c := range []operation.Command{&operation.Drop{}, &operation.DropDatabase{}, &operation.Create{}, &operation.DropIndexes{}, &operation.RenameCollection{}} {
		if err := decode(t, c, `{"ok": 1, "writeConcernError": {"code": 64, "errmsg": "timeout", "errInfo": {"wtimeout": true}}}`); !operation.IsTimeout(err) {
			t.Errorf("%s: a wtimeout write concern error must be a timeout: %v", c.Name(), err)
		}
	}
}

// TestDecodeBulkWrite checks the results cursor of the client bulkWrite
// when it needs no getMore.
func TestDecodeBulkWrite(t *testing.T) {
	models := []operation.BulkWriteModel{
		{Namespace: "db.a", Kind: operation.InsertOne, Document: ext(t, `{"_id": "x"}`)},
		{Namespace: "db.a", Kind: operation.UpdateOne, Filter: ext(t, `{}`), Update: operation.DocValue(ext(t, `{"$set": {"a": 1}}`)), Upsert: true},
		{Namespace: "db.a", Kind: operation.DeleteOne, Filter: ext(t, `{}`)},
		{Namespace: "db.a", Kind: operation.InsertOne, Document: ext(t, `{"_id": "y"}`)},
	}
	c := &operation.BulkWrite{Models: models, Options: operation.BulkWriteOptions{VerboseResults: true, Unordered: true}}
	c.Begin()
	if err := c.Split(limitsDesc(0, 0, 0), true); err != nil {
		t.Fatal(err)
	}
	err := decode(t, c, `{"ok": 1, "nErrors": 1, "nInserted": 1, "nUpserted": 1, "nMatched": 0, "nModified": 0, "nDeleted": 1,
		"cursor": {"id": 0, "ns": "admin.$cmd.bulkWrite", "firstBatch": [
			{"ok": 1, "idx": 0, "n": 1}, {"ok": 1, "idx": 1, "n": 1, "nModified": 0, "upserted": {"_id": 9}},
			{"ok": 1, "idx": 2, "n": 1}, {"ok": 0, "idx": 3, "code": 11000, "errmsg": "dup"}]}}`)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	more, final := c.Advance(nil)
	var bwe *operation.BulkWriteException
	if more || !errors.As(final, &bwe) {
		t.Fatalf("Advance: %v %v", more, final)
	}
	if len(bwe.WriteErrors) != 1 || bwe.WriteErrors[3].Code != 11000 || bwe.PartialResult == nil || bwe.Err != nil {
		t.Fatalf("exception %+v", bwe)
	}
	r := c.Result
	if r.InsertedCount != 1 || r.UpsertedCount != 1 || r.DeletedCount != 1 || !r.HasVerboseResults {
		t.Fatalf("result %+v", r)
	}
	if r.InsertResults[0].InsertedID.StringValue() != "x" || r.UpdateResults[1].UpsertedID.Int32() != 9 || r.DeleteResults[2].DeletedCount != 1 {
		t.Fatalf("verbose results %+v", r)
	}
	if _, ok := r.InsertResults[3]; ok {
		t.Fatal("a failed insert has no insert result")
	}

	// A cursor that needs a getMore cannot be read outside Execute.
	c.Begin()
	_ = c.Split(limitsDesc(0, 0, 0), true)
	err = decode(t, c, `{"ok": 1, "nErrors": 0, "cursor": {"id": {"$numberLong": "5"}, "ns": "admin.$cmd.bulkWrite", "firstBatch": []}}`)
	if !errors.As(err, &bwe) || !errors.Is(err, operation.ErrNoConnection) {
		t.Fatalf("getMore without a connection: %v", err)
	}
	// An index outside the batch is a malformed reply.
	c.Begin()
	_ = c.Split(limitsDesc(0, 0, 0), true)
	err = decode(t, c, `{"ok": 1, "cursor": {"id": 0, "ns": "admin.$cmd.bulkWrite", "firstBatch": [{"ok": 1, "idx": 9, "n": 1}]}}`)
	if !errors.Is(err, operation.ErrMalformedReply) {
		t.Fatalf("idx outside the batch: %v", err)
	}
}

// TestUnacknowledgedDecode checks that w: 0 results say so.
func TestUnacknowledgedDecode(t *testing.T) {
	ins := &operation.Insert{Documents: docs(1, 0)}
	ins.Begin()
	if err := ins.Decode(context.Background(), &operation.Reply{Body: bson.Raw(ext(t, `{"ok": 1}`))}); err != nil {
		t.Fatal(err)
	}
	if ins.Result.Acknowledged {
		t.Fatal("an unacknowledged insert must not say it was acknowledged")
	}
}
