package client_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

func TestCollectionBulkWrite(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	models := []client.WriteModel{
		client.InsertOneModel{Document: bson.D{{Key: "_id", Value: 1}, {Key: "x", Value: 1}}},
		client.InsertOneModel{Document: bson.D{{Key: "x", Value: 2}}},
		client.UpdateOneModel{Filter: bson.D{{Key: "_id", Value: 1}}, Update: bson.D{{Key: "$inc", Value: bson.D{{Key: "x", Value: 1}}}}},
		client.UpdateManyModel{Filter: bson.D{{Key: "_id", Value: 7}}, Update: bson.D{{Key: "$set", Value: bson.D{{Key: "y", Value: 1}}}}, Upsert: true},
		client.ReplaceOneModel{Filter: bson.D{{Key: "_id", Value: 1}}, Replacement: bson.D{{Key: "x", Value: 10}}},
		client.DeleteOneModel{Filter: bson.D{{Key: "x", Value: 2}}},
	}
	res, err := e.coll.BulkWrite(ctx, models)
	if err != nil {
		t.Fatal(err)
	}
	if res.InsertedCount != 2 || res.MatchedCount != 2 || res.ModifiedCount != 2 || res.UpsertedCount != 1 || res.DeletedCount != 1 {
		t.Fatalf("result %+v", res)
	}
	if res.UpsertedIDs[3].Int32() != 7 || res.InsertedIDs[0].Int32() != 1 || len(res.InsertedIDs) != 2 {
		t.Fatalf("ids %+v %+v", res.UpsertedIDs, res.InsertedIDs)
	}
	if n := len(e.rec.commands("insert")) + len(e.rec.commands("update")) + len(e.rec.commands("delete")); n != 3 {
		t.Fatalf("%d commands for 3 runs", n)
	}
}

func TestCollectionBulkWriteErrors(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	dup := client.InsertOneModel{Document: bson.D{{Key: "_id", Value: 1}}}
	models := []client.WriteModel{dup, client.DeleteOneModel{Filter: bson.D{{Key: "_id", Value: 99}}}, dup, client.InsertOneModel{Document: bson.D{{Key: "_id", Value: 2}}}}
	// Ordered: the insert of models[2] fails, models[3] is not attempted.
	res, err := e.coll.BulkWrite(ctx, models)
	var we *client.WriteException
	if !errors.As(err, &we) || len(we.WriteErrors) != 1 || we.WriteErrors[0].Index != 2 {
		t.Fatalf("ordered: %v", err)
	}
	if res.InsertedCount != 1 || res.DeletedCount != 0 {
		t.Fatalf("ordered result %+v", res)
	}
	if _, err := e.coll.DeleteMany(ctx, nil); err != nil {
		t.Fatal(err)
	}
	res, err = e.coll.BulkWrite(ctx, []client.WriteModel{dup, dup, client.InsertOneModel{Document: bson.D{{Key: "_id", Value: 3}}}}, client.BulkWriteOptions{Unordered: true})
	if !errors.As(err, &we) || we.WriteErrors[0].Index != 1 || res.InsertedCount != 2 {
		t.Fatalf("unordered: %+v %v", res, err)
	}
}

func TestClientBulkWrite(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	ns := e.db.Name() + "." + e.coll.Name()
	res, err := e.client.BulkWrite(ctx, []client.ClientWriteModel{
		{Namespace: ns, Model: client.InsertOneModel{Document: bson.D{{Key: "_id", Value: 1}}}},
		{Namespace: ns, Model: client.UpdateOneModel{Filter: bson.D{{Key: "_id", Value: 1}}, Update: bson.D{{Key: "$set", Value: bson.D{{Key: "a", Value: 1}}}}}},
		{Namespace: ns, Model: client.DeleteManyModel{Filter: bson.D{{Key: "a", Value: 1}}}},
	}, client.ClientBulkWriteOptions{VerboseResults: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.InsertedCount != 1 || res.ModifiedCount != 1 || res.DeletedCount != 1 || !res.HasVerboseResults || res.UpdateResults[1].MatchedCount != 1 {
		t.Fatalf("result %+v", res)
	}
	if cmd := e.rec.lastCommand(t, "bulkWrite"); cmd.Lookup("errorsOnly").Boolean() {
		t.Fatalf("verbose bulkWrite sent errorsOnly: true: %s", cmd)
	}
	_, err = e.client.BulkWrite(ctx, []client.ClientWriteModel{
		{Namespace: ns, Model: client.InsertOneModel{Document: bson.D{{Key: "_id", Value: 5}}}},
		{Namespace: ns, Model: client.InsertOneModel{Document: bson.D{{Key: "_id", Value: 5}}}},
	})
	var bwe *client.BulkWriteException
	if !errors.As(err, &bwe) || len(bwe.WriteErrors) != 1 || !client.IsDuplicateKey(err) {
		t.Fatalf("duplicate in client bulk write: %v", err)
	}
}
