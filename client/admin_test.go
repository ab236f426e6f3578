package client_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/topology"
)

func TestListingAndCollections(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	if err := e.db.CreateCollection(ctx, "made"); err != nil {
		t.Fatal(err)
	}
	seed(t, e, 1)
	names, err := e.db.ListCollectionNames(ctx, nil)
	if err != nil || !slices.Contains(names, "made") || !slices.Contains(names, e.coll.Name()) {
		t.Fatalf("ListCollectionNames: %v %v", names, err)
	}
	cur, err := e.db.ListCollections(ctx, bson.D{{Key: "name", Value: "made"}})
	if err != nil {
		t.Fatal(err)
	}
	var specs []bson.M
	if err := cur.All(ctx, &specs); err != nil || len(specs) != 1 {
		t.Fatalf("ListCollections: %v %v", specs, err)
	}
	dbs, err := e.client.ListDatabaseNames(ctx, nil)
	if err != nil || !slices.Contains(dbs, e.db.Name()) {
		t.Fatalf("ListDatabaseNames: %v %v", dbs, err)
	}
	if cmd := e.rec.lastCommand(t, "listDatabases"); !cmd.Lookup("nameOnly").Boolean() {
		t.Fatalf("listDatabases %s", cmd)
	}
	res, err := e.client.ListDatabases(ctx, bson.D{{Key: "name", Value: e.db.Name()}})
	if err != nil || len(res.Databases) != 1 || res.Databases[0].Name != e.db.Name() {
		t.Fatalf("ListDatabases: %+v %v", res, err)
	}
	if err := e.db.Collection("made").Drop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Collection("never").Drop(ctx); err != nil {
		t.Fatalf("Drop of a missing collection: %v", err)
	}
}

func TestIndexes(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	iv := e.coll.Indexes()
	names, err := iv.ListNames(ctx)
	if err != nil || len(names) != 0 {
		t.Fatalf("indexes of a missing collection: %v %v", names, err)
	}
	name, err := iv.CreateOne(ctx, client.IndexModel{Keys: bson.D{{Key: "a", Value: 1}, {Key: "b", Value: -1}}, Options: client.IndexOptions{Unique: true}})
	if err != nil || name != "a_1_b_-1" {
		t.Fatalf("CreateOne: %q %v", name, err)
	}
	if _, err := iv.CreateMany(ctx, []client.IndexModel{{Keys: bson.D{{Key: "c", Value: 1}}, Options: client.IndexOptions{Name: "cee"}}}); err != nil {
		t.Fatal(err)
	}
	names, err = iv.ListNames(ctx)
	if err != nil || !slices.Equal(names, []string{"_id_", "a_1_b_-1", "cee"}) {
		t.Fatalf("ListNames: %v %v", names, err)
	}
	if _, err := e.coll.InsertMany(ctx, []any{bson.D{{Key: "a", Value: 1}, {Key: "b", Value: 1}}, bson.D{{Key: "a", Value: 1}, {Key: "b", Value: 1}}}); !client.IsDuplicateKey(err) {
		t.Fatalf("unique index not enforced: %v", err)
	}
	if err := iv.DropOne(ctx, "cee"); err != nil {
		t.Fatal(err)
	}
	if err := iv.DropAll(ctx); err != nil {
		t.Fatal(err)
	}
	if names, _ = iv.ListNames(ctx); !slices.Equal(names, []string{"_id_"}) {
		t.Fatalf("after DropAll: %v", names)
	}
}

func TestSettingsInheritance(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	db := e.client.Database(e.db.Name(), client.Settings{WriteConcern: client.Majority(), ReadConcern: client.ReadConcern{Level: "majority"}})
	coll := db.Collection(e.coll.Name(), client.Settings{ReadConcern: client.ReadConcern{Level: "local"},
		ReadPref: client.Some(client.ReadPref{Mode: topology.PrimaryPreferred})})
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "x", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	if w := e.rec.lastCommand(t, "insert").Lookup("writeConcern", "w").StringValue(); w != "majority" {
		t.Fatalf("inherited write concern %q", w)
	}
	if err := coll.FindOne(ctx, nil).Err(); err != nil {
		t.Fatal(err)
	}
	find := e.rec.lastCommand(t, "find")
	if find.Lookup("readConcern", "level").StringValue() != "local" {
		t.Fatalf("overridden read concern: %s", find)
	}
	if err := db.Collection(e.coll.Name()).FindOne(ctx, nil).Err(); err != nil {
		t.Fatal(err)
	}
	if lvl := e.rec.lastCommand(t, "find").Lookup("readConcern", "level").StringValue(); lvl != "majority" {
		t.Fatalf("inherited read concern %q", lvl)
	}
}

func TestURIConcerns(t *testing.T) {
	e := newEnv(t)
	if e.srv == nil {
		t.Skip("needs mongotest's URI")
	}
	c, err := client.Connect(ctxT(t), e.srv.URI()+"&w=majority&readConcernLevel=local", client.WithMonitor(e.rec.monitor()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(context.Background())
	coll := c.Database("d").Collection("c")
	if _, err := coll.InsertOne(ctxT(t), bson.D{}); err != nil {
		t.Fatal(err)
	}
	if w := e.rec.lastCommand(t, "insert").Lookup("writeConcern", "w").StringValue(); w != "majority" {
		t.Fatalf("URI write concern %q", w)
	}
}

func TestFindOptionsSent(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	seed(t, e, 3)
	_, err := e.coll.Find(ctx, bson.D{{Key: "x", Value: 1}}, client.FindOptions{
		Sort: bson.D{{Key: "_id", Value: -1}}, Projection: bson.D{{Key: "x", Value: 1}}, Hint: "_id_", Skip: 1, Limit: 2,
		Comment: "c", MaxTime: 2 * time.Second, Collation: bson.D{{Key: "locale", Value: "en"}}, Let: bson.D{{Key: "v", Value: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := e.rec.lastCommand(t, "find")
	checks := map[string]bool{
		"sort":      cmd.Lookup("sort", "_id").Int32() == -1,
		"hint":      cmd.Lookup("hint").StringValue() == "_id_",
		"skip":      cmd.Lookup("skip").Int64() == 1,
		"limit":     cmd.Lookup("limit").Int64() == 2,
		"comment":   cmd.Lookup("comment").StringValue() == "c",
		"maxTimeMS": cmd.Lookup("maxTimeMS").Type != 0,
		"collation": cmd.Lookup("collation", "locale").StringValue() == "en",
		"let":       cmd.Lookup("let", "v").Int32() == 1,
		"filter":    cmd.Lookup("filter", "x").Int32() == 1,
	}
	for k, ok := range checks {
		if !ok {
			t.Errorf("%s not sent as given: %s", k, cmd)
		}
	}
}

func TestRunCommandAndErrors(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	var reply struct {
		OK float64 `bson:"ok"`
	}
	if err := e.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Decode(&reply); err != nil || reply.OK != 1 {
		t.Fatalf("ping: %+v %v", reply, err)
	}
	err := e.db.RunCommand(ctx, bson.D{{Key: "noSuchCommand", Value: 1}}).Err()
	var se *client.ServerError
	if !errors.As(err, &se) || se.Code != 59 {
		t.Fatalf("unknown command: %#v", err)
	}
	if err := e.db.RunCommand(ctx, bson.D{}).Err(); !errors.Is(err, client.ErrInvalidArgument) {
		t.Fatalf("empty command: %v", err)
	}
}

func TestDisconnect(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	c, err := client.Connect(ctx, e.srvURI(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Disconnect(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(ctx); !errors.Is(err, client.ErrClientDisconnected) {
		t.Fatalf("Ping after Disconnect: %v", err)
	}
	if err := c.Disconnect(ctx); !errors.Is(err, client.ErrClientDisconnected) {
		t.Fatalf("second Disconnect: %v", err)
	}
}

func TestTimeoutPredicate(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	time.Sleep(2 * time.Millisecond)
	err := e.coll.FindOne(ctx, nil).Err()
	if !client.IsTimeout(err) {
		t.Fatalf("expired context: %v", err)
	}
}

func TestIndexOptionsSent(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	_, err := e.coll.Indexes().CreateOne(ctx, client.IndexModel{Keys: bson.D{{Key: "t", Value: 1}},
		Options: client.IndexOptions{ExpireAfterSeconds: client.Some(int32(0)), Sparse: true}})
	if err != nil {
		t.Fatal(err)
	}
	spec := e.rec.lastCommand(t, "createIndexes").Lookup("indexes").Array().Index(0).Document()
	if v, err := spec.LookupErr("expireAfterSeconds"); err != nil || v.Int32() != 0 || !spec.Lookup("sparse").Boolean() || spec.Lookup("name").StringValue() != "t_1" {
		t.Fatalf("index spec %s", spec)
	}
}

func TestInvalidDocuments(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	for name, doc := range map[string]any{"nil": nil, "short raw": bson.Raw{1, 2}, "not a document": 42} {
		if _, err := e.coll.InsertOne(ctx, doc); err == nil {
			t.Errorf("%s: InsertOne accepted it", name)
		}
	}
	if _, err := e.coll.InsertMany(ctx, nil); !errors.Is(err, client.ErrInvalidArgument) {
		t.Errorf("InsertMany of nothing: %v", err)
	}
	if len(e.rec.commands("insert")) != 0 {
		t.Fatal("an invalid document was sent")
	}
}
