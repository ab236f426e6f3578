package crosscheck

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/mongotest"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
)

// These tests drive mongotest with the official Go driver, so that a
// protocol mistake shared by cwal's client and server cannot hide.

func TestInteropConnectModes(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []mongotest.Option
		uri  func(*mongotest.Server) string
	}{
		{"replicaSet", nil, (*mongotest.Server).URI},
		{"direct", nil, (*mongotest.Server).DirectURI},
		{"standalone", []mongotest.Option{mongotest.WithStandalone()}, (*mongotest.Server).URI},
		{"ipv6", []mongotest.Option{mongotest.WithIPv6()}, (*mongotest.Server).URI},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startMongotest(t, tc.opts...)
			cl := connectOfficial(t, tc.uri(s))
			ctx := testCtx(t)
			if err := cl.Ping(ctx, readpref.Primary()); err != nil {
				t.Fatal(err)
			}
			coll := cl.Database("db").Collection("c")
			if _, err := coll.InsertOne(ctx, bson.D{{Key: "x", Value: 1}}); err != nil {
				t.Fatal(err)
			}
			n, err := coll.CountDocuments(ctx, bson.D{})
			if err != nil || n != 1 {
				t.Fatalf("count = %d, %v", n, err)
			}
		})
	}
}

func TestInteropAuth(t *testing.T) {
	s := startMongotest(t, mongotest.WithUser("alice", "s3cret"), mongotest.WithUserMechanisms("bob", "pw", "SCRAM-SHA-1"))
	for _, tc := range []struct {
		user, pass, mech string
		ok               bool
	}{
		{"alice", "s3cret", "SCRAM-SHA-256", true},
		{"alice", "s3cret", "SCRAM-SHA-1", true},
		{"alice", "s3cret", "", true}, // negotiated, speculative
		{"bob", "pw", "", true},       // negotiates SCRAM-SHA-1 from saslSupportedMechs
		{"alice", "wrong", "SCRAM-SHA-256", false},
		{"carol", "x", "SCRAM-SHA-256", false},
	} {
		t.Run(tc.user+"/"+tc.mech+"/"+fmt.Sprint(tc.ok), func(t *testing.T) {
			cred := options.Credential{Username: tc.user, Password: tc.pass, AuthMechanism: tc.mech}
			cl := connectOfficial(t, s.URI(), func(o *options.ClientOptions) { o.SetAuth(cred) })
			_, err := cl.Database("db").Collection("c").InsertOne(testCtx(t), bson.D{{Key: "a", Value: 1}})
			if tc.ok && err != nil {
				t.Fatal(err)
			}
			if !tc.ok && (err == nil || !strings.Contains(err.Error(), "Authentication failed")) {
				t.Fatalf("want an authentication failure, got %v", err)
			}
		})
	}
	t.Run("unauthenticated", func(t *testing.T) {
		cl := connectOfficial(t, s.URI())
		_, err := cl.Database("db").Collection("c").InsertOne(testCtx(t), bson.D{{Key: "a", Value: 1}})
		var se mongo.ServerError
		if !errors.As(err, &se) || !se.HasErrorCode(13) {
			t.Fatalf("want Unauthorized (13), got %v", err)
		}
	})
}

func TestInteropCompressors(t *testing.T) {
	s := startMongotest(t)
	for _, comp := range []string{"snappy", "zlib", "zstd"} {
		t.Run(comp, func(t *testing.T) {
			oc := &opcodeCounter{}
			cl := connectOfficial(t, s.URI(), func(o *options.ClientOptions) {
				o.SetCompressors([]string{comp}).SetDialer(oc)
			})
			ctx := testCtx(t)
			coll := cl.Database("compress").Collection(comp)
			docs := make([]any, 300)
			for i := range docs {
				docs[i] = bson.D{{Key: "i", Value: i}, {Key: "pad", Value: strings.Repeat("z", 200)}}
			}
			if _, err := coll.InsertMany(ctx, docs); err != nil {
				t.Fatal(err)
			}
			cur, err := coll.Find(ctx, bson.D{}, options.Find().SetBatchSize(50))
			if err != nil {
				t.Fatal(err)
			}
			var all []bson.M
			if err := cur.All(ctx, &all); err != nil {
				t.Fatal(err)
			}
			if len(all) != 300 {
				t.Fatalf("got %d documents", len(all))
			}
			if n := oc.count(2012); n == 0 {
				t.Fatalf("no OP_COMPRESSED message was sent")
			}
		})
	}
}

func TestInteropQueryOperators(t *testing.T) {
	s := startMongotest(t)
	cl := connectOfficial(t, s.URI())
	coll := cl.Database("crud").Collection("query")
	seed(t, coll,
		bson.D{{Key: "_id", Value: 1}, {Key: "x", Value: 1}, {Key: "s", Value: "apple"}, {Key: "tags", Value: bson.A{"a", "b"}}, {Key: "sub", Value: bson.D{{Key: "v", Value: 10}}}},
		bson.D{{Key: "_id", Value: 2}, {Key: "x", Value: 2.5}, {Key: "s", Value: "Banana"}, {Key: "tags", Value: bson.A{"b"}}, {Key: "items", Value: bson.A{bson.D{{Key: "k", Value: 1}, {Key: "q", Value: 5}}, bson.D{{Key: "k", Value: 2}, {Key: "q", Value: 1}}}}},
		bson.D{{Key: "_id", Value: 3}, {Key: "x", Value: int64(3)}, {Key: "s", Value: "cherry"}, {Key: "tags", Value: bson.A{}}, {Key: "sub", Value: bson.D{{Key: "v", Value: 30}}}},
		bson.D{{Key: "_id", Value: 4}, {Key: "s", Value: nil}, {Key: "items", Value: bson.A{bson.D{{Key: "k", Value: 1}, {Key: "q", Value: 1}}}}},
	)
	for _, tc := range []struct {
		filter bson.D
		want   []int32
	}{
		{bson.D{{Key: "x", Value: bson.D{{Key: "$gt", Value: 1}}}}, []int32{2, 3}},
		{bson.D{{Key: "x", Value: bson.D{{Key: "$gte", Value: 1}, {Key: "$lt", Value: 3}}}}, []int32{1, 2}},
		{bson.D{{Key: "x", Value: bson.D{{Key: "$ne", Value: 1}}}}, []int32{2, 3, 4}},
		{bson.D{{Key: "x", Value: bson.D{{Key: "$in", Value: bson.A{1, 3}}}}}, []int32{1, 3}},
		{bson.D{{Key: "x", Value: bson.D{{Key: "$nin", Value: bson.A{1, 3}}}}}, []int32{2, 4}},
		{bson.D{{Key: "x", Value: bson.D{{Key: "$exists", Value: false}}}}, []int32{4}},
		{bson.D{{Key: "s", Value: nil}}, []int32{4}},
		{bson.D{{Key: "x", Value: bson.D{{Key: "$type", Value: "double"}}}}, []int32{2}},
		{bson.D{{Key: "x", Value: bson.D{{Key: "$type", Value: "number"}}}}, []int32{1, 2, 3}},
		{bson.D{{Key: "s", Value: bson.D{{Key: "$regex", Value: "^b"}, {Key: "$options", Value: "i"}}}}, []int32{2}},
		{bson.D{{Key: "s", Value: bson.Regex{Pattern: "rr"}}}, []int32{3}},
		{bson.D{{Key: "tags", Value: "b"}}, []int32{1, 2}},
		{bson.D{{Key: "tags", Value: bson.D{{Key: "$all", Value: bson.A{"a", "b"}}}}}, []int32{1}},
		{bson.D{{Key: "tags", Value: bson.D{{Key: "$size", Value: 0}}}}, []int32{3}},
		{bson.D{{Key: "items", Value: bson.D{{Key: "$elemMatch", Value: bson.D{{Key: "k", Value: 1}, {Key: "q", Value: bson.D{{Key: "$gt", Value: 2}}}}}}}}, []int32{2}},
		{bson.D{{Key: "items.k", Value: 2}}, []int32{2}},
		{bson.D{{Key: "items.0.q", Value: 1}}, []int32{4}},
		{bson.D{{Key: "sub.v", Value: bson.D{{Key: "$gte", Value: 20}}}}, []int32{3}},
		{bson.D{{Key: "$or", Value: bson.A{bson.D{{Key: "_id", Value: 1}}, bson.D{{Key: "x", Value: int64(3)}}}}}, []int32{1, 3}},
		{bson.D{{Key: "$and", Value: bson.A{bson.D{{Key: "x", Value: bson.D{{Key: "$gt", Value: 1}}}}, bson.D{{Key: "x", Value: bson.D{{Key: "$lt", Value: 3}}}}}}}, []int32{2}},
		{bson.D{{Key: "$nor", Value: bson.A{bson.D{{Key: "_id", Value: 1}}, bson.D{{Key: "_id", Value: 2}}}}}, []int32{3, 4}},
		{bson.D{{Key: "x", Value: bson.D{{Key: "$not", Value: bson.D{{Key: "$gt", Value: 1}}}}}}, []int32{1, 4}},
		{bson.D{{Key: "$expr", Value: bson.D{{Key: "$gt", Value: bson.A{"$sub.v", 15}}}}}, []int32{3}},
	} {
		got := findIDs(t, coll, tc.filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%v: got %v, want %v", tc.filter, got, tc.want)
		}
	}
	// Sort, skip, limit, projection and collation.
	if got := findIDs(t, coll, bson.D{}, options.Find().SetSort(bson.D{{Key: "x", Value: -1}}).SetSkip(1).SetLimit(2)); fmt.Sprint(got) != "[2 1]" {
		t.Errorf("sort/skip/limit: %v", got)
	}
	var doc bson.M
	err := coll.FindOne(testCtx(t), bson.D{{Key: "s", Value: "BANANA"}}, options.FindOne().
		SetCollation(&options.Collation{Locale: "en_US", Strength: 2}).
		SetProjection(bson.D{{Key: "s", Value: 1}, {Key: "_id", Value: 0}})).Decode(&doc)
	if err != nil || len(doc) != 1 || doc["s"] != "Banana" {
		t.Errorf("collation/projection: %v %v", doc, err)
	}
	_, err = coll.Find(testCtx(t), bson.D{{Key: "x", Value: bson.D{{Key: "$bogus", Value: 1}}}})
	var se mongo.ServerError
	if !errors.As(err, &se) || !se.HasErrorCode(2) {
		t.Errorf("unknown operator: %v", err)
	}
}

func TestInteropUpdateOperators(t *testing.T) {
	s := startMongotest(t)
	cl := connectOfficial(t, s.URI())
	ctx := testCtx(t)
	coll := cl.Database("crud").Collection("update")
	seed(t, coll, bson.D{{Key: "_id", Value: 1}, {Key: "n", Value: 5}, {Key: "arr", Value: bson.A{3, 1, 2}}, {Key: "old", Value: "x"}, {Key: "grades", Value: bson.A{bson.D{{Key: "g", Value: 80}}, bson.D{{Key: "g", Value: 95}}}}})
	for _, tc := range []struct {
		update any
		opts   []options.Lister[options.UpdateOneOptions]
		want   string
	}{
		{bson.D{{Key: "$set", Value: bson.D{{Key: "a.b", Value: 1}}}, {Key: "$inc", Value: bson.D{{Key: "n", Value: 2}}}}, nil,
			`{"_id":1,"n":7,"arr":[3,1,2],"old":"x","grades":[{"g":80},{"g":95}],"a":{"b":1}}`},
		{bson.D{{Key: "$mul", Value: bson.D{{Key: "n", Value: 2}}}, {Key: "$unset", Value: bson.D{{Key: "a", Value: ""}}}, {Key: "$rename", Value: bson.D{{Key: "old", Value: "new"}}}}, nil,
			`{"_id":1,"n":14,"arr":[3,1,2],"grades":[{"g":80},{"g":95}],"new":"x"}`},
		{bson.D{{Key: "$min", Value: bson.D{{Key: "n", Value: 10}}}, {Key: "$max", Value: bson.D{{Key: "m", Value: 3}}}}, nil,
			`{"_id":1,"n":10,"arr":[3,1,2],"grades":[{"g":80},{"g":95}],"new":"x","m":3}`},
		{bson.D{{Key: "$push", Value: bson.D{{Key: "arr", Value: bson.D{{Key: "$each", Value: bson.A{9, 0}}, {Key: "$sort", Value: 1}, {Key: "$slice", Value: 4}}}}}}, nil,
			`{"_id":1,"n":10,"arr":[0,1,2,3],"grades":[{"g":80},{"g":95}],"new":"x","m":3}`},
		{bson.D{{Key: "$push", Value: bson.D{{Key: "arr", Value: bson.D{{Key: "$each", Value: bson.A{7}}, {Key: "$position", Value: 0}}}}}}, nil,
			`{"_id":1,"n":10,"arr":[7,0,1,2,3],"grades":[{"g":80},{"g":95}],"new":"x","m":3}`},
		{bson.D{{Key: "$addToSet", Value: bson.D{{Key: "arr", Value: bson.D{{Key: "$each", Value: bson.A{7, 8}}}}}}, {Key: "$pop", Value: bson.D{{Key: "grades", Value: -1}}}}, nil,
			`{"_id":1,"n":10,"arr":[7,0,1,2,3,8],"grades":[{"g":95}],"new":"x","m":3}`},
		{bson.D{{Key: "$pull", Value: bson.D{{Key: "arr", Value: bson.D{{Key: "$gte", Value: 3}}}}}}, nil,
			`{"_id":1,"n":10,"arr":[0,1,2],"grades":[{"g":95}],"new":"x","m":3}`},
		{bson.D{{Key: "$set", Value: bson.D{{Key: "grades.$[e].g", Value: 100}}}}, []options.Lister[options.UpdateOneOptions]{
			options.UpdateOne().SetArrayFilters([]any{bson.D{{Key: "e.g", Value: bson.D{{Key: "$gt", Value: 90}}}}})},
			`{"_id":1,"n":10,"arr":[0,1,2],"grades":[{"g":100}],"new":"x","m":3}`},
		{mongo.Pipeline{{{Key: "$set", Value: bson.D{{Key: "total", Value: bson.D{{Key: "$add", Value: bson.A{"$n", "$m"}}}}}}}, {{Key: "$unset", Value: "new"}}}, nil,
			`{"_id":1,"n":10,"arr":[0,1,2],"grades":[{"g":100}],"m":3,"total":13}`},
	} {
		if _, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: 1}}, tc.update, tc.opts...); err != nil {
			t.Fatalf("%v: %v", tc.update, err)
		}
		if got := extJSON(t, findOne(t, coll, 1)); got != tc.want {
			t.Errorf("%v:\n got %s\nwant %s", tc.update, got, tc.want)
		}
	}
	// $currentDate and $setOnInsert with an upsert.
	res, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: 2}, {Key: "k", Value: "v"}},
		bson.D{{Key: "$currentDate", Value: bson.D{{Key: "at", Value: true}}}, {Key: "$setOnInsert", Value: bson.D{{Key: "created", Value: true}}}},
		options.UpdateOne().SetUpsert(true))
	if err != nil || res.UpsertedCount != 1 || res.UpsertedID != int32(2) {
		t.Fatalf("upsert: %+v %v", res, err)
	}
	var m bson.M
	if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: 2}}).Decode(&m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["at"].(bson.DateTime); !ok || m["created"] != true || m["k"] != "v" {
		t.Errorf("upserted %v", m)
	}
	// Replacement keeps _id, _id may not change, multi update counts.
	if _, err := coll.ReplaceOne(ctx, bson.D{{Key: "_id", Value: 2}}, bson.D{{Key: "r", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	if got := extJSON(t, findOne(t, coll, 2)); got != `{"_id":2,"r":1}` {
		t.Errorf("replace: %s", got)
	}
	_, err = coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: 2}}, bson.D{{Key: "$set", Value: bson.D{{Key: "_id", Value: 5}}}})
	var we mongo.WriteException
	if !errors.As(err, &we) || len(we.WriteErrors) != 1 || we.WriteErrors[0].Code != 66 {
		t.Errorf("changing _id: %v", err)
	}
	um, err := coll.UpdateMany(ctx, bson.D{}, bson.D{{Key: "$set", Value: bson.D{{Key: "r", Value: 1}}}})
	if err != nil || um.MatchedCount != 2 || um.ModifiedCount != 1 {
		t.Errorf("updateMany: %+v %v", um, err)
	}
	_, err = coll.UpdateOne(ctx, bson.D{}, bson.D{{Key: "$frob", Value: bson.D{{Key: "a", Value: 1}}}})
	if !errors.As(err, &we) || we.WriteErrors[0].Code != 9 {
		t.Errorf("unknown update operator: %v", err)
	}
	dr, err := coll.DeleteMany(ctx, bson.D{{Key: "r", Value: 1}})
	if err != nil || dr.DeletedCount != 2 {
		t.Errorf("deleteMany: %+v %v", dr, err)
	}
}

func TestInteropFindAndModifyCountDistinct(t *testing.T) {
	s := startMongotest(t)
	cl := connectOfficial(t, s.URI())
	ctx := testCtx(t)
	coll := cl.Database("crud").Collection("fam")
	seed(t, coll, bson.D{{Key: "_id", Value: 1}, {Key: "c", Value: "a"}, {Key: "v", Value: 1}}, bson.D{{Key: "_id", Value: 2}, {Key: "c", Value: "b"}, {Key: "v", Value: 2}}, bson.D{{Key: "_id", Value: 3}, {Key: "c", Value: "a"}, {Key: "v", Value: 3}})
	var d bson.D
	err := coll.FindOneAndUpdate(ctx, bson.D{{Key: "c", Value: "a"}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "v", Value: 10}}}},
		options.FindOneAndUpdate().SetSort(bson.D{{Key: "v", Value: -1}}).SetReturnDocument(options.After)).Decode(&d)
	if err != nil || extJSON(t, d) != `{"_id":3,"c":"a","v":13}` {
		t.Errorf("findOneAndUpdate: %v %v", d, err)
	}
	err = coll.FindOneAndReplace(ctx, bson.D{{Key: "_id", Value: 9}}, bson.D{{Key: "c", Value: "z"}},
		options.FindOneAndReplace().SetUpsert(true).SetReturnDocument(options.After)).Decode(&d)
	if err != nil || extJSON(t, d) != `{"_id":9,"c":"z"}` {
		t.Errorf("findOneAndReplace upsert: %v %v", d, err)
	}
	err = coll.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: 2}}).Decode(&d)
	if err != nil || extJSON(t, d) != `{"_id":2,"c":"b","v":2}` {
		t.Errorf("findOneAndDelete: %v %v", d, err)
	}
	if err := coll.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: 2}}).Err(); !errors.Is(err, mongo.ErrNoDocuments) {
		t.Errorf("findOneAndDelete of nothing: %v", err)
	}
	if n, err := coll.CountDocuments(ctx, bson.D{{Key: "c", Value: "a"}}); err != nil || n != 2 {
		t.Errorf("countDocuments: %d %v", n, err)
	}
	if n, err := coll.EstimatedDocumentCount(ctx); err != nil || n != 3 {
		t.Errorf("estimatedDocumentCount: %d %v", n, err)
	}
	var vals []string
	if err := coll.Distinct(ctx, "c", bson.D{}).Decode(&vals); err != nil {
		t.Fatal(err)
	}
	sort.Strings(vals)
	if fmt.Sprint(vals) != "[a z]" {
		t.Errorf("distinct: %v", vals)
	}
}

func TestInteropAggregate(t *testing.T) {
	s := startMongotest(t)
	cl := connectOfficial(t, s.URI())
	ctx := testCtx(t)
	db := cl.Database("agg")
	coll := db.Collection("sales")
	seed(t, coll,
		bson.D{{Key: "_id", Value: 1}, {Key: "item", Value: "a"}, {Key: "qty", Value: 2}, {Key: "tags", Value: bson.A{"x", "y"}}},
		bson.D{{Key: "_id", Value: 2}, {Key: "item", Value: "b"}, {Key: "qty", Value: 5}, {Key: "tags", Value: bson.A{"y"}}},
		bson.D{{Key: "_id", Value: 3}, {Key: "item", Value: "a"}, {Key: "qty", Value: 1}})
	cur, err := coll.Aggregate(ctx, mongo.Pipeline{
		{{Key: "$match", Value: bson.D{{Key: "qty", Value: bson.D{{Key: "$gte", Value: 1}}}}}},
		{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$item"}, {Key: "total", Value: bson.D{{Key: "$sum", Value: "$qty"}}}}}},
		{{Key: "$sort", Value: bson.D{{Key: "_id", Value: 1}}}},
		{{Key: "$project", Value: bson.D{{Key: "item", Value: "$_id"}, {Key: "total", Value: 1}, {Key: "_id", Value: 0}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []bson.D
	if err := cur.All(ctx, &out); err != nil {
		t.Fatal(err)
	}
	if got := extJSON(t, bson.D{{Key: "r", Value: out}}); got != `{"r":[{"total":3,"item":"a"},{"total":5,"item":"b"}]}` {
		t.Errorf("group: %s", got)
	}
	cur, err = coll.Aggregate(ctx, mongo.Pipeline{{{Key: "$unwind", Value: "$tags"}}, {{Key: "$count", Value: "n"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := cur.All(ctx, &out); err != nil || extJSON(t, bson.D{{Key: "r", Value: out}}) != `{"r":[{"n":3}]}` {
		t.Errorf("unwind/count: %v %v", out, err)
	}
	// $out and $merge write collections; $lookup reads them back.
	if _, err := coll.Aggregate(ctx, mongo.Pipeline{{{Key: "$match", Value: bson.D{{Key: "item", Value: "a"}}}}, {{Key: "$out", Value: "copy"}}}); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Collection("copy").CountDocuments(ctx, bson.D{}); n != 2 {
		t.Errorf("$out wrote %d documents", n)
	}
	_, err = coll.Aggregate(ctx, mongo.Pipeline{{{Key: "$set", Value: bson.D{{Key: "merged", Value: true}}}}, {{Key: "$merge", Value: bson.D{{Key: "into", Value: "copy"}, {Key: "whenMatched", Value: "merge"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Collection("copy").CountDocuments(ctx, bson.D{{Key: "merged", Value: true}}); n != 3 {
		t.Errorf("$merge: %d merged documents", n)
	}
	cur, err = coll.Aggregate(ctx, mongo.Pipeline{
		{{Key: "$lookup", Value: bson.D{{Key: "from", Value: "copy"}, {Key: "localField", Value: "_id"}, {Key: "foreignField", Value: "_id"}, {Key: "as", Value: "c"}}}},
		{{Key: "$project", Value: bson.D{{Key: "n", Value: bson.D{{Key: "$size", Value: "$c"}}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := cur.All(ctx, &out); err != nil || len(out) != 3 {
		t.Errorf("$lookup: %v %v", out, err)
	}
	// Database-level $documents.
	cur, err = db.Aggregate(ctx, mongo.Pipeline{{{Key: "$documents", Value: bson.A{bson.D{{Key: "a", Value: 1}}, bson.D{{Key: "a", Value: 2}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := cur.All(ctx, &out); err != nil || len(out) != 2 {
		t.Errorf("$documents: %v %v", out, err)
	}
	_, err = coll.Aggregate(ctx, mongo.Pipeline{{{Key: "$frob", Value: bson.D{}}}})
	var se mongo.ServerError
	if !errors.As(err, &se) || !se.HasErrorCode(40324) {
		t.Errorf("unknown stage: %v", err)
	}
}

func TestInteropCursors(t *testing.T) {
	s := startMongotest(t)
	var getMores int
	mon := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		if e.CommandName == "getMore" {
			getMores++
		}
	}}
	cl := connectOfficial(t, s.URI(), func(o *options.ClientOptions) { o.SetMonitor(mon) })
	ctx := testCtx(t)
	coll := cl.Database("cur").Collection("c")
	docs := make([]any, 250)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: i}}
	}
	if _, err := coll.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	cur, err := coll.Find(ctx, bson.D{}, options.Find().SetBatchSize(20).SetSort(bson.D{{Key: "_id", Value: -1}}))
	if err != nil {
		t.Fatal(err)
	}
	want := 249
	for cur.Next(ctx) {
		if id := cur.Current.Lookup("_id").Int32(); int(id) != want {
			t.Fatalf("got _id %d, want %d", id, want)
		}
		want--
	}
	if cur.Err() != nil || want != -1 {
		t.Fatalf("stopped at %d: %v", want, cur.Err())
	}
	if getMores != 12 {
		t.Errorf("%d getMores, want 12", getMores)
	}
	// Closing a cursor early kills it on the server.
	cur, err = coll.Find(ctx, bson.D{}, options.Find().SetBatchSize(5))
	if err != nil {
		t.Fatal(err)
	}
	cur.Next(ctx)
	id := cur.ID()
	if err := cur.Close(ctx); err != nil {
		t.Fatal(err)
	}
	err = cl.Database("cur").RunCommand(ctx, bson.D{{Key: "getMore", Value: id}, {Key: "collection", Value: "c"}}).Err()
	var se mongo.ServerError
	if !errors.As(err, &se) || !se.HasErrorCode(43) {
		t.Errorf("getMore after close: %v", err)
	}
	// Limit with batches, and an aggregate cursor.
	if got := findIDs(t, coll, bson.D{}, options.Find().SetLimit(45).SetBatchSize(10)); len(got) != 45 {
		t.Errorf("limit 45: %d documents", len(got))
	}
	ac, err := coll.Aggregate(ctx, mongo.Pipeline{{{Key: "$skip", Value: 100}}}, options.Aggregate().SetBatchSize(7))
	if err != nil {
		t.Fatal(err)
	}
	var out []bson.M
	if err := ac.All(ctx, &out); err != nil || len(out) != 150 {
		t.Errorf("aggregate cursor: %d %v", len(out), err)
	}
	// A tailable await cursor on a capped collection sees later inserts.
	db := cl.Database("cur")
	if err := db.CreateCollection(ctx, "capped", options.CreateCollection().SetCapped(true).SetSizeInBytes(4096).SetMaxDocuments(3)); err != nil {
		t.Fatal(err)
	}
	capped := db.Collection("capped")
	seed(t, capped, bson.D{{Key: "_id", Value: 1}}, bson.D{{Key: "_id", Value: 2}}, bson.D{{Key: "_id", Value: 3}}, bson.D{{Key: "_id", Value: 4}})
	if got := findIDs(t, capped, bson.D{}); fmt.Sprint(got) != "[2 3 4]" {
		t.Errorf("capped eviction: %v", got)
	}
	tc, err := capped.Find(ctx, bson.D{}, options.Find().SetCursorType(options.TailableAwait).SetMaxAwaitTime(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		tc.Next(ctx)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		capped.InsertOne(context.Background(), bson.D{{Key: "_id", Value: 5}})
	}()
	if !tc.Next(ctx) || tc.Current.Lookup("_id").Int32() != 5 {
		t.Errorf("tailable cursor: %v %v", tc.Current, tc.Err())
	}
	tc.Close(ctx)
}

func TestInteropIndexes(t *testing.T) {
	s := startMongotest(t)
	cl := connectOfficial(t, s.URI())
	ctx := testCtx(t)
	coll := cl.Database("idx").Collection("c")
	name, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetUnique(true)})
	if err != nil || name != "email_1" {
		t.Fatalf("createIndex: %q %v", name, err)
	}
	if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "a", Value: 1}, {Key: "b", Value: -1}}}); err != nil {
		t.Fatal(err)
	}
	seed(t, coll, bson.D{{Key: "_id", Value: 1}, {Key: "email", Value: "a@x"}})
	_, err = coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 2}, {Key: "email", Value: "a@x"}})
	if !mongo.IsDuplicateKeyError(err) {
		t.Fatalf("want a duplicate key error, got %v", err)
	}
	var we mongo.WriteException
	errors.As(err, &we)
	want := `E11000 duplicate key error collection: idx.c index: email_1 dup key: { email: "a@x" }`
	if len(we.WriteErrors) != 1 || we.WriteErrors[0].Message != want {
		t.Errorf("message: %v", err)
	}
	if raw := we.WriteErrors[0].Raw; extJSON(t, raw.Lookup("keyValue").Document()) != `{"email":"a@x"}` ||
		extJSON(t, raw.Lookup("keyPattern").Document()) != `{"email":1}` {
		t.Errorf("keyValue/keyPattern: %s", raw)
	}
	_, err = coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 1}})
	if !mongo.IsDuplicateKeyError(err) || !strings.Contains(err.Error(), "index: _id_ dup key: { _id: 1 }") {
		t.Errorf("duplicate _id: %v", err)
	}
	// An update that creates a duplicate fails too; findAndModify reports it at top level.
	seed(t, coll, bson.D{{Key: "_id", Value: 3}, {Key: "email", Value: "b@x"}})
	_, err = coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: 3}}, bson.D{{Key: "$set", Value: bson.D{{Key: "email", Value: "a@x"}}}})
	if !mongo.IsDuplicateKeyError(err) {
		t.Errorf("update duplicate: %v", err)
	}
	err = coll.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: 3}}, bson.D{{Key: "$set", Value: bson.D{{Key: "email", Value: "a@x"}}}}).Err()
	if !mongo.IsDuplicateKeyError(err) {
		t.Errorf("findAndModify duplicate: %v", err)
	}
	specs, err := coll.Indexes().ListSpecifications(ctx)
	if err != nil || len(specs) != 3 || specs[1].Name != "email_1" || specs[1].Unique == nil || !*specs[1].Unique {
		t.Fatalf("list: %+v %v", specs, err)
	}
	if err := coll.Indexes().DropOne(ctx, "email_1"); err != nil {
		t.Fatal(err)
	}
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 4}, {Key: "email", Value: "a@x"}}); err != nil {
		t.Errorf("insert after drop: %v", err)
	}
	// A unique index cannot be built over duplicates.
	_, err = coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetUnique(true)})
	if !mongo.IsDuplicateKeyError(err) {
		t.Errorf("building over duplicates: %v", err)
	}
	err = coll.Indexes().DropOne(ctx, "nope_1")
	var se mongo.ServerError
	if !errors.As(err, &se) || !se.HasErrorCode(27) {
		t.Errorf("drop missing index: %v", err)
	}
	if err := coll.Indexes().DropAll(ctx); err != nil {
		t.Fatal(err)
	}
	if specs, _ := coll.Indexes().ListSpecifications(ctx); len(specs) != 1 {
		t.Errorf("after dropAll: %d indexes", len(specs))
	}
}

func TestInteropCollections(t *testing.T) {
	s := startMongotest(t)
	cl := connectOfficial(t, s.URI())
	ctx := testCtx(t)
	db := cl.Database("cat")
	if err := db.CreateCollection(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	seed(t, db.Collection("b"), bson.D{{Key: "_id", Value: 1}})
	names, err := db.ListCollectionNames(ctx, bson.D{})
	if sort.Strings(names); err != nil || fmt.Sprint(names) != "[a b]" {
		t.Errorf("listCollections: %v %v", names, err)
	}
	names, _ = db.ListCollectionNames(ctx, bson.D{{Key: "name", Value: "b"}})
	if fmt.Sprint(names) != "[b]" {
		t.Errorf("listCollections filter: %v", names)
	}
	err = cl.Database("admin").RunCommand(ctx, bson.D{{Key: "renameCollection", Value: "cat.b"}, {Key: "to", Value: "cat.c"}}).Err()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Collection("c").CountDocuments(ctx, bson.D{}); n != 1 {
		t.Errorf("renamed collection has %d documents", n)
	}
	dbs, err := cl.ListDatabaseNames(ctx, bson.D{})
	if err != nil || !strings.Contains(fmt.Sprint(dbs), "cat") {
		t.Errorf("listDatabases: %v %v", dbs, err)
	}
	if err := db.Collection("c").Drop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	if names, _ := db.ListCollectionNames(ctx, bson.D{}); len(names) != 0 {
		t.Errorf("after dropDatabase: %v", names)
	}
}

func TestInteropBulkWrites(t *testing.T) {
	s := startMongotest(t)
	cl := connectOfficial(t, s.URI())
	ctx := testCtx(t)
	coll := cl.Database("bulk").Collection("c")
	models := []mongo.WriteModel{
		mongo.NewInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 1}, {Key: "x", Value: 1}}),
		mongo.NewInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 2}, {Key: "x", Value: 2}}),
		mongo.NewUpdateOneModel().SetFilter(bson.D{{Key: "_id", Value: 1}}).SetUpdate(bson.D{{Key: "$inc", Value: bson.D{{Key: "x", Value: 10}}}}),
		mongo.NewUpdateManyModel().SetFilter(bson.D{}).SetUpdate(bson.D{{Key: "$set", Value: bson.D{{Key: "y", Value: true}}}}),
		mongo.NewReplaceOneModel().SetFilter(bson.D{{Key: "_id", Value: 3}}).SetReplacement(bson.D{{Key: "z", Value: 1}}).SetUpsert(true),
		mongo.NewDeleteOneModel().SetFilter(bson.D{{Key: "_id", Value: 2}}),
	}
	res, err := coll.BulkWrite(ctx, models)
	if err != nil {
		t.Fatal(err)
	}
	if res.InsertedCount != 2 || res.MatchedCount != 3 || res.ModifiedCount != 3 || res.UpsertedCount != 1 ||
		res.DeletedCount != 1 || res.UpsertedIDs[4] != int32(3) {
		t.Errorf("ordered result: %+v", res)
	}
	// Unordered: the duplicate fails, the rest is applied.
	res, err = coll.BulkWrite(ctx, []mongo.WriteModel{
		mongo.NewInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 1}}),
		mongo.NewInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 10}}),
	}, options.BulkWrite().SetOrdered(false))
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || len(bwe.WriteErrors) != 1 || bwe.WriteErrors[0].Index != 0 || bwe.WriteErrors[0].Code != 11000 || res.InsertedCount != 1 {
		t.Errorf("unordered: %+v %v", res, err)
	}
	// Ordered: the duplicate stops the batch.
	_, err = coll.BulkWrite(ctx, []mongo.WriteModel{
		mongo.NewInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 20}}),
		mongo.NewInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 20}}),
		mongo.NewInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 21}}),
	})
	if !errors.As(err, &bwe) || bwe.WriteErrors[0].Index != 1 {
		t.Errorf("ordered error: %v", err)
	}
	if n, _ := coll.CountDocuments(ctx, bson.D{{Key: "_id", Value: 21}}); n != 0 {
		t.Errorf("ordered bulk went on after an error")
	}
	// Client-level bulkWrite (MongoDB 8.0) across two collections.
	other := cl.Database("bulk2").Collection("d")
	cres, err := cl.BulkWrite(ctx, []mongo.ClientBulkWrite{
		{Database: "bulk", Collection: "c", Model: mongo.NewClientInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 30}})},
		{Database: "bulk2", Collection: "d", Model: mongo.NewClientInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 1}, {Key: "v", Value: 1}})},
		{Database: "bulk2", Collection: "d", Model: mongo.NewClientUpdateOneModel().SetFilter(bson.D{{Key: "_id", Value: 1}}).SetUpdate(bson.D{{Key: "$inc", Value: bson.D{{Key: "v", Value: 1}}}})},
		{Database: "bulk2", Collection: "d", Model: mongo.NewClientUpdateOneModel().SetFilter(bson.D{{Key: "_id", Value: 2}}).SetUpdate(bson.D{{Key: "$set", Value: bson.D{{Key: "v", Value: 5}}}}).SetUpsert(true)},
		{Database: "bulk", Collection: "c", Model: mongo.NewClientDeleteManyModel().SetFilter(bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: 20}}}})},
	}, options.ClientBulkWrite().SetVerboseResults(true))
	if err != nil {
		t.Fatal(err)
	}
	if cres.InsertedCount != 2 || cres.MatchedCount != 1 || cres.ModifiedCount != 1 || cres.UpsertedCount != 1 || cres.DeletedCount != 2 {
		t.Errorf("client bulkWrite: %+v", cres)
	}
	if u := cres.UpdateResults[3]; u.UpsertedID != int32(2) {
		t.Errorf("client bulkWrite upsert: %+v", cres.UpdateResults)
	}
	if got := extJSON(t, findOne(t, other, 1)); got != `{"_id":1,"v":2}` {
		t.Errorf("client bulkWrite update: %s", got)
	}
	_, err = cl.BulkWrite(ctx, []mongo.ClientBulkWrite{
		{Database: "bulk2", Collection: "d", Model: mongo.NewClientInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: 1}})},
	})
	var cbe mongo.ClientBulkWriteException
	if !errors.As(err, &cbe) || len(cbe.WriteErrors) != 1 || cbe.WriteErrors[0].Code != 11000 {
		t.Errorf("client bulkWrite error: %v", err)
	}
}

func TestInteropFailPoints(t *testing.T) {
	s := startMongotest(t)
	var inserts int
	mon := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		if e.CommandName == "insert" {
			inserts++
		}
	}}
	cl := connectOfficial(t, s.URI(), func(o *options.ClientOptions) { o.SetMonitor(mon) })
	ctx := testCtx(t)
	coll := cl.Database("fp").Collection("c")
	seed(t, coll, bson.D{{Key: "_id", Value: 0}})
	inserts = 0

	// closeConnection: the driver retries once and the write happens once.
	failCommand(t, cl, bson.D{{Key: "times", Value: 1}}, bson.D{{Key: "failCommands", Value: bson.A{"insert"}}, {Key: "closeConnection", Value: true}})
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 1}}); err != nil {
		t.Fatalf("retried insert: %v", err)
	}
	if n, _ := coll.CountDocuments(ctx, bson.D{{Key: "_id", Value: 1}}); n != 1 || inserts != 2 {
		t.Errorf("document count %d after %d attempts", n, inserts)
	}

	// A retryable error code gets RetryableWriteError and is retried.
	inserts = 0
	failCommand(t, cl, bson.D{{Key: "times", Value: 1}}, bson.D{{Key: "failCommands", Value: bson.A{"insert"}}, {Key: "errorCode", Value: 91}})
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 2}}); err != nil || inserts != 2 {
		t.Errorf("retryable error: %v after %d attempts", err, inserts)
	}

	// A non-retryable error reaches the caller with its code and labels.
	failCommand(t, cl, "alwaysOn", bson.D{{Key: "failCommands", Value: bson.A{"find"}}, {Key: "errorCode", Value: 2}, {Key: "errorLabels", Value: bson.A{"Custom"}}})
	err := coll.FindOne(ctx, bson.D{}).Err()
	var se mongo.ServerError
	if !errors.As(err, &se) || !se.HasErrorCode(2) || !se.HasErrorLabel("Custom") {
		t.Errorf("errorCode: %v", err)
	}
	failCommand(t, cl, "off", bson.D{})
	if err := coll.FindOne(ctx, bson.D{}).Err(); err != nil {
		t.Errorf("after off: %v", err)
	}

	// skip: the first matching command passes, the second fails.
	failCommand(t, cl, bson.D{{Key: "skip", Value: 1}}, bson.D{{Key: "failCommands", Value: bson.A{"count"}}, {Key: "errorCode", Value: 8}})
	if _, err := coll.EstimatedDocumentCount(ctx); err != nil {
		t.Errorf("skipped: %v", err)
	}
	if _, err := coll.EstimatedDocumentCount(ctx); err == nil {
		t.Errorf("not failed after skip")
	}
	failCommand(t, cl, "off", bson.D{})

	// writeConcernError on a write.
	failCommand(t, cl, bson.D{{Key: "times", Value: 1}}, bson.D{{Key: "failCommands", Value: bson.A{"delete"}},
		{Key: "writeConcernError", Value: bson.D{{Key: "code", Value: 100}, {Key: "errmsg", Value: "Not enough data-bearing nodes"}}}})
	_, err = coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: 0}})
	var we mongo.WriteException
	if !errors.As(err, &we) || we.WriteConcernError == nil || we.WriteConcernError.Code != 100 {
		t.Errorf("writeConcernError: %v", err)
	}

	// blockConnection holds the reply; the caller's timeout fires first.
	failCommand(t, cl, bson.D{{Key: "times", Value: 1}}, bson.D{{Key: "failCommands", Value: bson.A{"find"}}, {Key: "blockConnection", Value: true}, {Key: "blockTimeMS", Value: 300}})
	tctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if err := coll.FindOne(tctx, bson.D{}).Err(); !mongo.IsTimeout(err) {
		t.Errorf("blockConnection: %v", err)
	}

	// appName filters on the handshake metadata.
	other := connectOfficial(t, s.URI(), func(o *options.ClientOptions) { o.SetAppName("victim") })
	failCommand(t, cl, "alwaysOn", bson.D{{Key: "failCommands", Value: bson.A{"ping"}}, {Key: "appName", Value: "victim"}, {Key: "errorCode", Value: 2}})
	if err := cl.Ping(ctx, nil); err != nil {
		t.Errorf("other app failed: %v", err)
	}
	if err := other.Ping(ctx, nil); err == nil {
		t.Errorf("victim app not failed")
	}
}

func TestInteropRetryDeduplication(t *testing.T) {
	// The server remembers the reply of a retryable write per session and
	// txnNumber, so a retry of a write that was applied is not applied again.
	s := startMongotest(t)
	cl := connectOfficial(t, s.URI())
	ctx := testCtx(t)
	db := cl.Database("retry")
	lsid := bson.D{{Key: "id", Value: bson.Binary{Subtype: 4, Data: []byte("0123456789abcdef")}}}
	cmd := bson.D{{Key: "insert", Value: "c"}, {Key: "documents", Value: bson.A{bson.D{{Key: "x", Value: 1}}}}, {Key: "lsid", Value: lsid}, {Key: "txnNumber", Value: int64(1)}}
	for i := 0; i < 2; i++ {
		if err := db.RunCommand(ctx, cmd).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := db.Collection("c").CountDocuments(ctx, bson.D{}); n != 1 {
		t.Errorf("%d documents after a retry with the same txnNumber", n)
	}
	cmd[3].Value = int64(2)
	db.RunCommand(ctx, cmd)
	cmd[3].Value = int64(1)
	err := db.RunCommand(ctx, cmd).Err()
	var se mongo.ServerError
	if !errors.As(err, &se) || !se.HasErrorCode(225) {
		t.Errorf("old txnNumber: %v", err)
	}
}
