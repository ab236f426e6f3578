package client_test

import (
	"context"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/mongotest"
)

// A causally consistent session: the read after the write is sent with
// afterClusterTime, so it sees the write even on a lagging secondary.
func ExampleClient_StartSession() {
	srv := mongotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c, err := client.Connect(ctx, srv.URI())
	if err != nil {
		panic(err)
	}
	defer c.Disconnect(ctx)

	s, err := c.StartSession()
	if err != nil {
		panic(err)
	}
	defer s.EndSession(ctx)
	sctx := client.NewSessionContext(ctx, s) // every operation called with sctx runs in s

	coll := c.Database("app").Collection("orders")
	if _, err := coll.InsertOne(sctx, bson.D{{Key: "_id", Value: 1}, {Key: "item", Value: "tea"}}); err != nil {
		panic(err)
	}
	_, hasTime := s.OperationTime()
	n, err := coll.CountDocuments(sctx, bson.D{})
	if err != nil {
		panic(err)
	}
	fmt.Println(n, hasTime)
	// Output: 1 true
}
