package client_test

import (
	"context"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/mongotest"
)

// Connect to a server, insert a document and read it back.
func Example() {
	srv := mongotest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	c, err := client.Connect(ctx, srv.URI())
	if err != nil {
		panic(err)
	}
	defer c.Disconnect(ctx)

	coll := c.Database("app").Collection("users")
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "name", Value: "ada"}, {Key: "born", Value: 1815}}); err != nil {
		panic(err)
	}
	var u struct {
		Name string `bson:"name"`
		Born int32  `bson:"born"`
	}
	if err := coll.FindOne(ctx, bson.D{{Key: "name", Value: "ada"}}).Decode(&u); err != nil {
		panic(err)
	}
	fmt.Println(u.Name, u.Born)
	// Output: ada 1815
}

// Range over a cursor; breaking out of the loop closes it.
func ExampleCursor_Docs() {
	srv := mongotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c, err := client.Connect(ctx, srv.URI())
	if err != nil {
		panic(err)
	}
	defer c.Disconnect(ctx)
	coll := c.Database("app").Collection("nums")
	if _, err := coll.InsertMany(ctx, []any{bson.D{{Key: "n", Value: 1}}, bson.D{{Key: "n", Value: 2}}, bson.D{{Key: "n", Value: 3}}}); err != nil {
		panic(err)
	}
	cur, err := coll.Find(ctx, nil, client.FindOptions{Sort: bson.D{{Key: "n", Value: -1}}, BatchSize: 2})
	if err != nil {
		panic(err)
	}
	for doc, err := range cur.Docs(ctx) {
		if err != nil {
			panic(err)
		}
		fmt.Println(doc.Lookup("n").Int32())
	}
	// Output:
	// 3
	// 2
	// 1
}

// A typed collection takes and yields Go values.
func ExampleCollectionOf() {
	srv := mongotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c, err := client.Connect(ctx, srv.URI())
	if err != nil {
		panic(err)
	}
	defer c.Disconnect(ctx)

	type City struct {
		Name string `bson:"name"`
		Pop  int64  `bson:"pop"`
	}
	cities := client.CollectionOf[City](c.Database("geo"), "cities")
	if _, err := cities.InsertMany(ctx, []City{{"Lyon", 522_000}, {"Nantes", 320_000}}); err != nil {
		panic(err)
	}
	big, err := cities.FindOne(ctx, bson.D{{Key: "pop", Value: bson.D{{Key: "$gt", Value: 500_000}}}})
	if err != nil {
		panic(err)
	}
	fmt.Println(big.Name)
	// Output: Lyon
}

// Update and count.
func ExampleCollection_UpdateMany() {
	srv := mongotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c, err := client.Connect(ctx, srv.URI())
	if err != nil {
		panic(err)
	}
	defer c.Disconnect(ctx)
	coll := c.Database("app").Collection("tasks")
	if _, err := coll.InsertMany(ctx, []any{bson.D{{Key: "done", Value: false}}, bson.D{{Key: "done", Value: false}}}); err != nil {
		panic(err)
	}
	res, err := coll.UpdateMany(ctx, bson.D{{Key: "done", Value: false}}, bson.D{{Key: "$set", Value: bson.D{{Key: "done", Value: true}}}})
	if err != nil {
		panic(err)
	}
	n, err := coll.CountDocuments(ctx, bson.D{{Key: "done", Value: true}})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.MatchedCount, res.ModifiedCount, n)
	// Output: 2 2 2
}
