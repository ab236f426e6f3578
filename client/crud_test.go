package client_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// seed inserts n documents {_id: i, x: i%3}.
func seed(t *testing.T, e *env, n int) {
	t.Helper()
	docs := make([]any, n)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: int32(i)}, {Key: "x", Value: int32(i % 3)}}
	}
	if _, err := e.coll.InsertMany(ctxT(t), docs); err != nil {
		t.Fatalf("seed: %v", err)
	}
	e.rec.reset()
}

func TestUpdateReplaceDelete(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 6)
	res, err := e.coll.UpdateMany(ctx, bson.D{{Key: "x", Value: 1}}, bson.D{{Key: "$set", Value: bson.D{{Key: "y", Value: true}}}})
	if err != nil || res.MatchedCount != 2 || res.ModifiedCount != 2 {
		t.Fatalf("UpdateMany: %+v %v", res, err)
	}
	res, err = e.coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: 99}}, bson.D{{Key: "$set", Value: bson.D{{Key: "y", Value: 1}}}}, client.UpdateOptions{Upsert: true})
	if err != nil || res.UpsertedCount != 1 || res.UpsertedID.Int32() != 99 || res.MatchedCount != 0 {
		t.Fatalf("upsert: %+v %v", res, err)
	}
	res, err = e.coll.ReplaceOne(ctx, bson.D{{Key: "_id", Value: 0}}, bson.D{{Key: "z", Value: 5}})
	if err != nil || res.MatchedCount != 1 || res.ModifiedCount != 1 {
		t.Fatalf("ReplaceOne: %+v %v", res, err)
	}
	if _, err := e.coll.UpdateOne(ctx, nil, bson.D{{Key: "z", Value: 1}}); !errors.Is(err, client.ErrInvalidArgument) {
		t.Fatalf("update without operators: %v", err)
	}
	if _, err := e.coll.ReplaceOne(ctx, nil, bson.D{{Key: "$set", Value: 1}}); !errors.Is(err, client.ErrInvalidArgument) {
		t.Fatalf("replacement with operators: %v", err)
	}
	del, err := e.coll.DeleteOne(ctx, bson.D{{Key: "x", Value: 2}})
	if err != nil || del.DeletedCount != 1 {
		t.Fatalf("DeleteOne: %+v %v", del, err)
	}
	del, err = e.coll.DeleteMany(ctx, nil)
	if err != nil || del.DeletedCount != 6 {
		t.Fatalf("DeleteMany: %+v %v", del, err)
	}
}

func TestUpdateOptionsSent(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 2)
	_, err := e.coll.UpdateOne(ctx, nil, bson.D{{Key: "$set", Value: bson.D{{Key: "a.$[e]", Value: 1}}}}, client.UpdateOptions{
		ArrayFilters: bson.A{bson.D{{Key: "e", Value: 1}}},
		Hint:         "_id_",
		Comment:      "why",
		Let:          bson.D{{Key: "v", Value: 1}},
	})
	_ = err // the server may refuse the update path; the command is what is checked
	cmd := e.rec.lastCommand(t, "update")
	st := cmd.Lookup("updates").Array().Index(0).Document()
	if st.Lookup("hint").StringValue() != "_id_" || st.Lookup("arrayFilters").Type != bson.TypeArray {
		t.Fatalf("statement %s", st)
	}
	if cmd.Lookup("comment").StringValue() != "why" || cmd.Lookup("let", "v").Int32() != 1 {
		t.Fatalf("command %s", cmd)
	}
}

func TestFindOneAnd(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 3)
	var doc struct {
		ID int32 `bson:"_id"`
		X  int32 `bson:"x"`
	}
	err := e.coll.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: 1}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "x", Value: 10}}}},
		client.FindOneAndOptions{ReturnAfter: true}).Decode(&doc)
	if err != nil || doc.X != 11 {
		t.Fatalf("FindOneAndUpdate: %+v %v", doc, err)
	}
	err = e.coll.FindOneAndReplace(ctx, bson.D{{Key: "_id", Value: 2}}, bson.D{{Key: "x", Value: 7}}).Decode(&doc)
	if err != nil || doc.X != 2 {
		t.Fatalf("FindOneAndReplace returned before: %+v %v", doc, err)
	}
	err = e.coll.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: 2}}).Decode(&doc)
	if err != nil || doc.X != 7 {
		t.Fatalf("FindOneAndDelete: %+v %v", doc, err)
	}
	if err := e.coll.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: 2}}).Err(); !errors.Is(err, client.ErrNoDocuments) {
		t.Fatalf("FindOneAndDelete of nothing: %v", err)
	}
}

func TestCountsDistinctAggregate(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 10)
	n, err := e.coll.CountDocuments(ctx, bson.D{{Key: "x", Value: 0}})
	if err != nil || n != 4 {
		t.Fatalf("CountDocuments: %d %v", n, err)
	}
	n, err = e.coll.CountDocuments(ctx, nil, client.CountOptions{Skip: 2, Limit: 5})
	if err != nil || n != 5 {
		t.Fatalf("CountDocuments skip/limit: %d %v", n, err)
	}
	n, err = e.coll.EstimatedDocumentCount(ctx)
	if err != nil || n != 10 {
		t.Fatalf("EstimatedDocumentCount: %d %v", n, err)
	}
	vals, err := e.coll.Distinct(ctx, "x", nil)
	if err != nil || vals.Len() != 3 {
		t.Fatalf("Distinct: %v %v", vals, err)
	}
	cur, err := e.coll.Aggregate(ctx, bson.A{
		bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$x"}, {Key: "n", Value: bson.D{{Key: "$sum", Value: 1}}}}}},
		bson.D{{Key: "$sort", Value: bson.D{{Key: "_id", Value: 1}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var groups []struct {
		ID int32 `bson:"_id"`
		N  int32 `bson:"n"`
	}
	if err := cur.All(ctx, &groups); err != nil || len(groups) != 3 || groups[0].N != 4 {
		t.Fatalf("Aggregate: %+v %v", groups, err)
	}
}

func TestDuplicateKey(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 1)
	_, err := e.coll.InsertOne(ctx, bson.D{{Key: "_id", Value: int32(0)}})
	var we *client.WriteException
	if !errors.As(err, &we) || len(we.WriteErrors) != 1 || !client.IsDuplicateKey(err) {
		t.Fatalf("duplicate insert: %v", err)
	}
	docs := []any{bson.D{{Key: "_id", Value: int32(5)}}, bson.D{{Key: "_id", Value: int32(0)}}, bson.D{{Key: "_id", Value: int32(6)}}}
	res, err := e.coll.InsertMany(ctx, docs, client.InsertOptions{Unordered: true})
	if !errors.As(err, &we) || we.WriteErrors[0].Index != 1 || res == nil || res.InsertedCount != 2 {
		t.Fatalf("unordered InsertMany: %+v %v", res, err)
	}
}
