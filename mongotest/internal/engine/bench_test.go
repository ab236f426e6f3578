package engine_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

func benchDoc(b *testing.B) bson.Raw {
	return doc(b, `{_id: 5, name: "widget", qty: 42, tags: ["a", "b", "c"], dims: {h: 1.5, w: 2.5},
		items: [{sku: "x", n: 1}, {sku: "y", n: 2}, {sku: "z", n: 3}], pad: "`+fmt.Sprintf("%0200d", 0)+`"}`)
}

func BenchmarkMatchID(b *testing.B) {
	f, _ := engine.CompileFilter(doc(b, `{_id: 5}`), nil)
	d := benchDoc(b)
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := f.Match(d); !ok {
			b.Fatal("no match")
		}
	}
}

func BenchmarkMatchArrayPath(b *testing.B) {
	f, _ := engine.CompileFilter(doc(b, `{"items.sku": "z", qty: {$gte: 10}}`), nil)
	d := benchDoc(b)
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := f.Match(d); !ok {
			b.Fatal("no match")
		}
	}
}

func BenchmarkUpdateSetInc(b *testing.B) {
	u, _ := engine.CompileUpdate(val(b, `{$set: {"dims.h": 3}, $inc: {qty: 1}}`), engine.UpdateOptions{})
	d := benchDoc(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := u.Apply(d, -1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProjection(b *testing.B) {
	p, _ := engine.CompileProjection(doc(b, `{name: 1, "dims.w": 1}`), nil)
	d := benchDoc(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Apply(d, -1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGroup1000(b *testing.B) {
	var in []bson.Raw
	for i := 0; i < 1000; i++ {
		in = append(in, doc(b, fmt.Sprintf(`{_id: %d, k: %d, v: %d}`, i, i%10, i)))
	}
	p, _ := engine.CompilePipeline(docs(b, `[{$group: {_id: "$k", s: {$sum: "$v"}}}, {$sort: {_id: 1}}]`), nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Run(context.Background(), in, nil); err != nil {
			b.Fatal(err)
		}
	}
}
