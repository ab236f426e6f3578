package bson_test

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

func ExampleMarshal() {
	type Address struct {
		City string `bson:"city"`
	}
	type Person struct {
		ID      int      `bson:"_id"`
		Name    string   `bson:"name"`
		Email   string   `bson:"email,omitempty"`
		Tags    []string `bson:"tags"`
		Address `bson:",inline"`
	}
	b, err := bson.Marshal(Person{ID: 1, Name: "Ada", Tags: []string{"math"}, Address: Address{City: "London"}})
	if err != nil {
		panic(err)
	}
	var d bson.D
	_ = bson.Unmarshal(b, &d)
	fmt.Println(d)
	// Output: [{_id 1} {name Ada} {tags [math]} {city London}]
}

func ExampleUnmarshal() {
	b, _ := bson.Marshal(bson.D{{Key: "n", Value: 1}, {Key: "sub", Value: bson.D{{Key: "x", Value: 2.5}}}})
	var d bson.D
	if err := bson.Unmarshal(b, &d); err != nil {
		panic(err)
	}
	for _, e := range d {
		fmt.Printf("%s: %T %v\n", e.Key, e.Value, e.Value)
	}
	// Output:
	// n: int32 1
	// sub: bson.D [{x 2.5}]
}

func ExampleUnmarshal_struct() {
	b, _ := bson.Marshal(bson.M{"name": "Ada", "age": int64(36), "extra": true})
	var p struct {
		Name string
		Age  int
	}
	if err := bson.Unmarshal(b, &p); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", p)
	// Output: {Name:Ada Age:36}
}

func ExampleMarshalAppend() {
	buf := make([]byte, 0, 256)
	for i := 0; i < 2; i++ {
		var err error
		buf, err = bson.MarshalAppend(buf[:0], bson.D{{Key: "i", Value: i}})
		if err != nil {
			panic(err)
		}
		fmt.Println(len(buf), bson.Raw(buf).Lookup("i").Int32())
	}
	// Output:
	// 12 0
	// 12 1
}

func ExampleRegistry() {
	type Upper string
	r := bson.NewRegistry()
	r.RegisterTypeEncoder(reflect.TypeFor[Upper](), func(dst []byte, v reflect.Value) (bson.Type, []byte, error) {
		return bson.TypeString, bson.AppendString(dst, strings.ToUpper(v.String())), nil
	})
	b, err := r.Marshal(bson.D{{Key: "shout", Value: Upper("hello")}})
	if err != nil {
		panic(err)
	}
	fmt.Println(bson.Raw(b).Lookup("shout").StringValue())
	// Output: HELLO
}

func ExampleRegistry_SetOptions() {
	r := bson.NewRegistry()
	r.SetOptions(bson.Options{DocumentsAsM: true})
	b, _ := bson.Marshal(bson.D{{Key: "sub", Value: bson.D{{Key: "x", Value: 1}}}})
	var v any
	if err := r.Unmarshal(b, &v); err != nil {
		panic(err)
	}
	fmt.Printf("%T %T\n", v, v.(bson.M)["sub"])
	// Output: bson.M bson.M
}
