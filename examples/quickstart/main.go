// Command quickstart shows cwal at work. Run it with
//
//	go run ./examples/quickstart
//
// It connects to MONGODB_URI or, when that is unset, to an embedded
// mongotest server it starts itself, then inserts, queries, updates,
// aggregates and deletes a few orders, printing what each step returns,
// and disconnects.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/mongotest"
)

// Order is a document as an application would model it.
type Order struct {
	ID       bson.ObjectID `bson:"_id,omitempty"`
	Customer string        `bson:"customer"`
	Items    []Item        `bson:"items"`
	Total    float64       `bson:"total"`
	Placed   time.Time     `bson:"placed"`
	Status   string        `bson:"status"`
}

// Item is one line of an order.
type Item struct {
	SKU string `bson:"sku"`
	Qty int32  `bson:"qty"`
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	uri, stop := serverURI()
	defer stop()

	c, err := client.Connect(ctx, uri)
	if err != nil {
		log.Fatal(err)
	}
	defer func() {
		if err := c.Disconnect(context.Background()); err != nil {
			log.Print(err)
		}
	}()
	if err := c.Ping(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("connected")
	if err := run(ctx, c.Database("quickstart")); err != nil {
		log.Fatal(err)
	}
}

// serverURI returns MONGODB_URI, or the URI of an embedded server and the
// function that stops it.
func serverURI() (string, func()) {
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		fmt.Println("using MONGODB_URI")
		return uri, func() {}
	}
	srv := mongotest.NewServer()
	fmt.Println("started an embedded mongotest server at", srv.Addr())
	return srv.URI(), srv.Close
}

// run does the operations, each printing its result.
func run(ctx context.Context, db *client.Database) error {
	orders := client.CollectionOf[Order](db, "orders")
	if err := orders.Untyped().Drop(ctx); err != nil {
		return err
	}
	placed := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	res, err := orders.InsertMany(ctx, []Order{
		{Customer: "Ada", Items: []Item{{"kettle", 1}, {"mug", 4}}, Total: 59.90, Placed: placed, Status: "new"},
		{Customer: "Grace", Items: []Item{{"teapot", 1}}, Total: 35.00, Placed: placed.Add(time.Hour), Status: "new"},
		{Customer: "Ada", Items: []Item{{"spoon", 6}}, Total: 12.50, Placed: placed.Add(2 * time.Hour), Status: "new"},
	})
	if err != nil {
		return err
	}
	fmt.Printf("inserted %d orders, first _id %s\n", res.InsertedCount, res.InsertedIDs[0].ObjectID().Hex())

	first, err := orders.FindOne(ctx, bson.D{{Key: "customer", Value: "Grace"}})
	if err != nil {
		return err
	}
	fmt.Printf("Grace ordered %d item(s) for %.2f\n", len(first.Items), first.Total)

	coll := orders.Untyped()
	up, err := coll.UpdateMany(ctx, bson.D{{Key: "customer", Value: "Ada"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: "shipped"}}}})
	if err != nil {
		return err
	}
	fmt.Printf("shipped: matched %d, modified %d\n", up.MatchedCount, up.ModifiedCount)

	if err := listOrders(ctx, orders); err != nil {
		return err
	}
	if err := totals(ctx, coll); err != nil {
		return err
	}
	del, err := coll.DeleteMany(ctx, bson.D{{Key: "status", Value: "new"}})
	if err != nil {
		return err
	}
	n, err := coll.CountDocuments(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Printf("deleted %d new order(s), %d left\n", del.DeletedCount, n)
	return nil
}

// listOrders ranges over a cursor of typed values.
func listOrders(ctx context.Context, orders *client.TypedCollection[Order]) error {
	cur, err := orders.Find(ctx, nil, client.FindOptions{Sort: bson.D{{Key: "placed", Value: 1}}, BatchSize: 2})
	if err != nil {
		return err
	}
	for o, err := range cur.Values(ctx) {
		if err != nil {
			return err
		}
		fmt.Printf("  %s  %-6s %-8s %6.2f\n", o.Placed.Format("15:04"), o.Customer, o.Status, o.Total)
	}
	return nil
}

// totals aggregates the amount spent per customer.
func totals(ctx context.Context, coll *client.Collection) error {
	cur, err := coll.Aggregate(ctx, bson.A{
		bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$customer"}, {Key: "spent", Value: bson.D{{Key: "$sum", Value: "$total"}}}}}},
		bson.D{{Key: "$sort", Value: bson.D{{Key: "_id", Value: 1}}}},
	})
	if err != nil {
		return err
	}
	var rows []struct {
		Customer string  `bson:"_id"`
		Spent    float64 `bson:"spent"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return err
	}
	for _, r := range rows {
		fmt.Printf("  %s spent %.2f\n", r.Customer, r.Spent)
	}
	return nil
}
