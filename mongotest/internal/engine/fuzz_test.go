package engine_test

import (
	"context"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

// FuzzEngine feeds one arbitrary document to every compiler (as a filter,
// update, projection, sort, expression and pipeline stage) and runs what
// compiles against fixed documents: errors are fine, panics are not.
func FuzzEngine(f *testing.F) {
	for _, s := range []string{
		`{a: 1, "b.c": {$gt: 2}, $or: [{x: /y/i}, {z: {$elemMatch: {$in: [1, null]}}}]}`,
		`{$set: {"a.$[]": 1, "b.0.c": [1]}, $inc: {n: 2.5}, $push: {p: {$each: [3], $sort: {x: 1}, $slice: -2}}}`,
		`{$expr: {$and: [{$gt: ["$a", {$add: [1, "$b"]}]}, {$setField: {field: "x", input: "$$ROOT", value: 1}}]}}`,
		`{x: {$map: {input: "$a", in: {$concat: ["$$this", "s"]}}}, y: 0, "z.$": 1}`,
		`{$group: {_id: "$a", n: {$sum: 1}, s: {$addToSet: "$b"}}}`,
		`{$unwind: {path: "$a", includeArrayIndex: "i", preserveNullAndEmptyArrays: true}}`,
		`{a: {$bitsAllSet: [1, 5]}, b: {$mod: [3, 1]}, c: {$type: ["int", "number"]}, d: {$size: 2}}`,
		`{$rename: {a: "b"}, $pull: {c: {d: {$gt: 1}}}, $addToSet: {e: {$each: [1, 1.0]}}, $bit: {f: {xor: 1}}}`,
	} {
		f.Add([]byte(doc(f, s)))
	}
	targets := []bson.Raw{
		doc(f, `{_id: 1, a: [1, {b: 2}, [3]], b: {c: "x"}, n: 5, s: "str", d: Date(5), z: [{x: 1}, {x: 2}]}`),
		doc(f, `{_id: "k", a: null, p: [], c: [1, {d: 2}], e: NumberDecimal("1.5")}`),
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		spec := bson.Raw(data)
		if spec.Validate() != nil {
			return
		}
		fuzzOne(spec, targets)
	})
}

func fuzzOne(spec bson.Raw, targets []bson.Raw) {
	env := engine.NewEnv()
	if fl, err := engine.CompileFilter(spec, env); err == nil {
		for _, d := range targets {
			_, _, _ = fl.MatchPos(d)
		}
	}
	if up, err := engine.CompileUpdate(bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: spec}, engine.UpdateOptions{Env: env}); err == nil {
		for _, d := range targets {
			_, _, _ = up.Apply(d, 0)
		}
		_, _ = up.Upsert(spec)
	}
	if p, err := engine.CompileProjection(spec, env); err == nil {
		for _, d := range targets {
			_, _ = p.Apply(d, 0)
		}
	}
	if s, err := engine.ParseSort(spec); err == nil {
		s.Sort(append([]bson.Raw(nil), targets...), nil)
	}
	if x, err := engine.CompileExpression(bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: spec}, env); err == nil {
		for _, d := range targets {
			_, _ = x.Eval(d)
		}
	}
	if p, err := engine.CompilePipeline([]bson.Raw{spec}, env); err == nil {
		_, _ = p.Run(context.Background(), targets, nil)
	}
	_ = engine.ValidateForStorage(spec)
}
