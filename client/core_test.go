package client_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

type person struct {
	ID   bson.ObjectID `bson:"_id,omitempty"`
	Name string        `bson:"name"`
	Age  int32         `bson:"age"`
}

func TestPingInsertFind(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	if err := e.client.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	res, err := e.coll.InsertOne(ctx, person{Name: "ada", Age: 36})
	if err != nil {
		t.Fatalf("InsertOne: %v", err)
	}
	if _, ok := res.InsertedID.ObjectIDOK(); !ok || !res.Acknowledged {
		t.Fatalf("InsertOne result %+v", res)
	}
	var got person
	if err := e.coll.FindOne(ctx, bson.D{{Key: "name", Value: "ada"}}).Decode(&got); err != nil {
		t.Fatalf("FindOne: %v", err)
	}
	if got.ID != res.InsertedID.ObjectID() || got.Age != 36 {
		t.Fatalf("FindOne got %+v", got)
	}
	err = e.coll.FindOne(ctx, bson.D{{Key: "name", Value: "nobody"}}).Err()
	if !errors.Is(err, client.ErrNoDocuments) {
		t.Fatalf("FindOne of nothing: %v", err)
	}
	if n := inUse(e.client); n != 0 {
		t.Fatalf("%d connections in use", n)
	}
}

func TestIDGeneratedFirst(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	if _, err := e.coll.InsertOne(ctx, bson.D{{Key: "x", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.coll.InsertMany(ctx, []any{bson.D{{Key: "y", Value: 1}}, bson.M{"z": 2}}); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range e.rec.commands("insert") {
		docs := cmd.Lookup("documents").Array()
		it := docs.Iter()
		for it.Next() {
			first := it.Value().Document().Iter()
			if !first.Next() || first.Key() != "_id" {
				t.Fatalf("_id is not first in %s", it.Value().Document())
			}
		}
	}
	if n := len(e.rec.commands("insert")); n != 2 {
		t.Fatalf("%d insert commands", n)
	}
}
