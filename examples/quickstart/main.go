// Command quickstart shows cwal at work. Run it with
//
//	go run ./examples/quickstart
//
// Today it exercises the BSON layer, the part of cwal that is finished: it
// marshals a struct, reads fields in place from the encoded bytes without
// decoding them, prints extended JSON and decodes back. When the client
// lands it will connect to MONGODB_URI, or to an embedded mongotest server
// when that is unset, and run a few real operations.
package main

import (
	"fmt"
	"log"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// Order is a document as an application would model it.
type Order struct {
	ID       bson.ObjectID `bson:"_id"`
	Customer string        `bson:"customer"`
	Items    []Item        `bson:"items"`
	Total    bson.Decimal128
	Placed   time.Time `bson:"placed"`
	Note     string    `bson:"note,omitempty"`
}

// Item is one line of an order.
type Item struct {
	SKU string `bson:"sku"`
	Qty int32  `bson:"qty"`
}

func main() {
	total, err := bson.ParseDecimal128("59.90")
	if err != nil {
		log.Fatal(err)
	}
	order := Order{
		ID:       bson.NewObjectID(),
		Customer: "Ada",
		Items:    []Item{{SKU: "kettle", Qty: 1}, {SKU: "mug", Qty: 4}},
		Total:    total,
		Placed:   time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC),
	}

	raw, err := bson.Marshal(&order)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("encoded %d bytes of BSON\n", len(raw))

	// Read fields in place: no decoding, no allocation.
	doc := bson.Raw(raw)
	fmt.Println("customer:", doc.Lookup("customer").StringValue())
	fmt.Println("second item qty:", doc.Path("items.1.qty").Int32())

	js, err := bson.MarshalExtJSON(&order, false, false)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("relaxed extended JSON:", string(js))

	var back Order
	if err := bson.Unmarshal(raw, &back); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("decoded back: %s ordered %d items, total %s\n", back.Customer, len(back.Items), back.Total)
}
