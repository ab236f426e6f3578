package client_test

import (
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

func TestTypedCollection(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	people := client.CollectionOf[person](e.db, e.coll.Name())
	res, err := people.InsertOne(ctx, person{Name: "grace", Age: 85})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := people.InsertMany(ctx, []person{{Name: "ada", Age: 36}, {Name: "alan", Age: 41}}); err != nil {
		t.Fatal(err)
	}
	p, err := people.FindOne(ctx, bson.D{{Key: "name", Value: "grace"}})
	if err != nil || p.ID != res.InsertedID.ObjectID() || p.Age != 85 {
		t.Fatalf("FindOne: %+v %v", p, err)
	}
	cur, err := people.Find(ctx, nil, client.FindOptions{BatchSize: 1, Sort: bson.D{{Key: "age", Value: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	var ages []int32
	for p, err := range cur.Values(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		ages = append(ages, p.Age)
	}
	if len(ages) != 3 || ages[0] != 36 || ages[2] != 85 {
		t.Fatalf("ages %v", ages)
	}
	cur, err = people.Find(ctx, bson.D{{Key: "age", Value: bson.D{{Key: "$gt", Value: 40}}}})
	if err != nil {
		t.Fatal(err)
	}
	all, err := cur.Collect(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("Collect: %v %v", all, err)
	}
	if inUse(e.client) != 0 {
		t.Fatal("connections left in use")
	}
}
