package engine_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

func compilePipeline(t *testing.T, spec string, env *engine.Env) (*engine.Pipeline, error) {
	t.Helper()
	return engine.CompilePipeline(docs(t, spec), env)
}

func TestPipelineStages(t *testing.T) {
	input := `[{_id: 1, a: 1, g: "x", t: [1, 2]}, {_id: 2, a: 5, g: "y", t: []}, {_id: 3, a: 3, g: "x"}]`
	tests := []struct {
		pipeline, want string
	}{
		{`[{$match: {a: {$gt: 1}}}]`, `[{_id: 2, a: 5, g: "y", t: []}, {_id: 3, a: 3, g: "x"}]`},
		{`[{$project: {a: 1}}, {$limit: 2}]`, `[{_id: 1, a: 1}, {_id: 2, a: 5}]`},
		{`[{$skip: 2}, {$project: {_id: 0, a: 1}}]`, `[{a: 3}]`},
		{`[{$sort: {a: -1}}, {$project: {a: 1}}]`, `[{_id: 2, a: 5}, {_id: 3, a: 3}, {_id: 1, a: 1}]`},
		{`[{$count: "n"}]`, `[{n: 3}]`},
		{`[{$match: {a: 99}}, {$count: "n"}]`, `[]`},
		{`[{$set: {b: {$multiply: ["$a", 2]}}}, {$unset: ["g", "t"]}, {$limit: 1}]`, `[{_id: 1, a: 1, b: 2}]`},
		{`[{$addFields: {"c.d": 1}}, {$project: {c: 1}}, {$limit: 1}]`, `[{_id: 1, c: {d: 1}}]`},
		{`[{$replaceWith: {k: "$g"}}, {$limit: 1}]`, `[{k: "x"}]`},
		{`[{$replaceRoot: {newRoot: {$mergeObjects: [{z: 0}, "$$ROOT"]}}}, {$limit: 1}, {$project: {t: 0}}]`, `[{z: 0, _id: 1, a: 1, g: "x"}]`},
		{`[{$group: {_id: "$g", n: {$sum: 1}, total: {$sum: "$a"}, avg: {$avg: "$a"}, ids: {$push: "$_id"}, first: {$first: "$a"}, max: {$max: "$a"}}}]`,
			`[{_id: "x", n: 2, total: 4, avg: 2.0, ids: [1, 3], first: 1, max: 3}, {_id: "y", n: 1, total: 5, avg: 5.0, ids: [2], first: 5, max: 5}]`},
		{`[{$group: {_id: null, s: {$addToSet: "$g"}, c: {$count: {}}, m: {$min: "$missing"}}}]`, `[{_id: null, s: ["x", "y"], c: 3, m: null}]`},
		{`[{$group: {_id: {g: "$g"}, n: {$sum: 1}}}, {$sort: {"_id.g": -1}}]`, `[{_id: {g: "y"}, n: 1}, {_id: {g: "x"}, n: 2}]`},
		{`[{$unwind: "$t"}, {$project: {t: 1}}]`, `[{_id: 1, t: 1}, {_id: 1, t: 2}]`},
		{`[{$unwind: {path: "$t", includeArrayIndex: "i", preserveNullAndEmptyArrays: true}}, {$project: {t: 1, i: 1}}]`,
			`[{_id: 1, t: 1, i: NumberLong(0)}, {_id: 1, t: 2, i: NumberLong(1)}, {_id: 2, i: null}, {_id: 3, i: null}]`},
		{`[{$sortByCount: "$g"}]`, `[{_id: "x", count: 2}, {_id: "y", count: 1}]`},
		{`[{$facet: {n: [{$count: "c"}], top: [{$sort: {a: -1}}, {$limit: 1}, {$project: {_id: 1}}]}}]`, `[{n: [{c: 3}], top: [{_id: 2}]}]`},
		{`[{$match: {$expr: {$eq: ["$_id", 2]}}}, {$project: {_id: 1}}]`, `[{_id: 2}]`},
	}
	for _, tc := range tests {
		p, err := compilePipeline(t, tc.pipeline, nil)
		if err != nil {
			t.Errorf("%s: %v", tc.pipeline, err)
			continue
		}
		got, err := p.Run(context.Background(), docs(t, input), nil)
		if err != nil {
			t.Errorf("%s: %v", tc.pipeline, err)
			continue
		}
		want := docs(t, tc.want)
		if len(got) != len(want) {
			t.Errorf("%s: %d documents, want %d: %v", tc.pipeline, len(got), len(want), renderAll(got))
			continue
		}
		for i := range want {
			if string(got[i]) != string(want[i]) {
				t.Errorf("%s: document %d is %s, want %s", tc.pipeline, i, renderDoc(got[i]), renderDoc(want[i]))
			}
		}
	}
}

func renderAll(ds []bson.Raw) []string {
	var out []string
	for _, d := range ds {
		out = append(out, renderDoc(d))
	}
	return out
}

func TestPipelineLet(t *testing.T) {
	env := engine.NewEnv()
	env.Rand = func() float64 { return 0.5 }
	if err := env.SetLet(doc(t, `{id: 1, x: "foo", y: {$literal: "$bar"}, rand: {$rand: {}}}`)); err != nil {
		t.Fatal(err)
	}
	// crud/tests/unified/aggregate-let.json
	p, err := compilePipeline(t, `[{$match: {$expr: {$eq: ["$_id", "$$id"]}}}, {$project: {_id: 0, x: "$$x", y: "$$y", rand: "$$rand"}}]`, env)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Run(context.Background(), docs(t, `[{_id: 1}, {_id: 2}]`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || string(got[0]) != string(doc(t, `{x: "foo", y: "$bar", rand: 0.5}`)) {
		t.Errorf("got %v", renderAll(got))
	}
}

type fakeHost struct{ calls []string }

func (h *fakeHost) RunStage(_ context.Context, name string, spec bson.RawValue, in []bson.Raw) ([]bson.Raw, error) {
	h.calls = append(h.calls, name)
	if name == "$documents" {
		vals, _ := spec.Array().Values()
		var out []bson.Raw
		for _, v := range vals {
			out = append(out, v.Document())
		}
		return out, nil
	}
	return in, nil
}

func TestPipelineHost(t *testing.T) {
	p, err := compilePipeline(t, `[{$documents: [{a: 1}, {a: 2}]}, {$match: {a: 2}}, {$out: "c"}]`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Stages(); len(got) != 3 || got[0] != "$documents" || got[2] != "$out" {
		t.Errorf("Stages() = %v", got)
	}
	h := &fakeHost{}
	out, err := p.Run(context.Background(), nil, h)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || len(h.calls) != 2 {
		t.Errorf("out %v, host calls %v", renderAll(out), h.calls)
	}
	if _, err := p.Run(context.Background(), nil, nil); err == nil {
		t.Error("host stage without a host: no error")
	}
}

func TestPipelineErrors(t *testing.T) {
	tests := []struct {
		pipeline string
		code     int32
	}{
		{`[{$bogus: 1}]`, 40324},
		{`[{$match: {}, $limit: 1}]`, 40323},
		{`[{$out: "x"}, {$match: {}}]`, 40601},
		{`[{$match: {}}, {$documents: []}]`, 40602},
		{`[{$limit: 0}]`, 15958},
		{`[{$limit: "x"}]`, 15957},
		{`[{$skip: -1}]`, 5107200},
		{`[{$sort: {}}]`, 15976},
		{`[{$count: ""}]`, 40156},
		{`[{$group: {n: {$sum: 1}}}]`, 15955},
		{`[{$group: {_id: null, n: 1}}]`, 40234},
		{`[{$group: {_id: null, n: {$sum: [1, 2]}}}]`, 40237},
		{`[{$group: {_id: null, n: {$foo: 1}}}]`, 15952},
		{`[{$project: {}}]`, 51272},
		{`[{$project: {"a.$": 1}}]`, 31324},
		{`[{$project: {a: 1, b: 0}}]`, 31254},
		{`[{$set: 1}]`, 40272},
		{`[{$set: {$a: 1}}]`, 16410},
		{`[{$unset: 1}]`, 31002},
		{`[{$unset: []}]`, 31119},
		{`[{$unset: [1]}]`, 31120},
		{`[{$unset: ["v", "v.foo"]}]`, 31249},
		{`[{$unwind: "a"}]`, 28818},
		{`[{$match: {a: {$foo: 1}}}]`, 2},
	}
	for _, tc := range tests {
		_, err := compilePipeline(t, tc.pipeline, nil)
		checkCode(t, tc.pipeline, err, tc.code)
	}
	p, _ := compilePipeline(t, `[{$replaceWith: "$a"}]`, nil)
	_, err := p.Run(context.Background(), docs(t, `[{a: 1}]`), nil)
	checkCode(t, "$replaceWith of a number", err, 40228)
}

type readerHost struct {
	fakeHost
	colls map[string][]bson.Raw
}

func (h *readerHost) ReadCollection(db, coll string) ([]bson.Raw, error) {
	return h.colls[db+"."+coll], nil
}

func TestPipelineLookupUnionWith(t *testing.T) {
	h := &readerHost{colls: map[string][]bson.Raw{
		"db.items": docs(t, `[{_id: 10, sku: "a", qty: 1}, {_id: 11, sku: "b", qty: 5}, {_id: 12, qty: 0}]`),
	}}
	env := engine.NewEnv()
	env.DB = "db"
	tests := []struct {
		pipeline, input, want string
	}{
		{`[{$lookup: {from: "items", localField: "item", foreignField: "sku", as: "found"}}]`,
			`[{_id: 1, item: "a"}, {_id: 2, item: ["a", "b"]}, {_id: 3}]`,
			`[{_id: 1, item: "a", found: [{_id: 10, sku: "a", qty: 1}]}, {_id: 2, item: ["a", "b"], found: [{_id: 10, sku: "a", qty: 1}, {_id: 11, sku: "b", qty: 5}]}, {_id: 3, found: [{_id: 12, qty: 0}]}]`},
		{`[{$lookup: {from: "items", let: {min: "$min"}, pipeline: [{$match: {$expr: {$gte: ["$qty", "$$min"]}}}, {$project: {_id: 1}}], as: "big"}}]`,
			`[{_id: 1, min: 2}]`,
			`[{_id: 1, min: 2, big: [{_id: 11}]}]`},
		{`[{$unionWith: {coll: "items", pipeline: [{$match: {qty: 0}}]}}]`,
			`[{_id: 1}]`,
			`[{_id: 1}, {_id: 12, qty: 0}]`},
	}
	for _, tc := range tests {
		p, err := compilePipeline(t, tc.pipeline, env)
		if err != nil {
			t.Fatalf("%s: %v", tc.pipeline, err)
		}
		got, err := p.Run(context.Background(), docs(t, tc.input), h)
		if err != nil {
			t.Fatalf("%s: %v", tc.pipeline, err)
		}
		if g, w := renderAll(got), renderAll(docs(t, tc.want)); strings.Join(g, " ") != strings.Join(w, " ") {
			t.Errorf("%s:\n got  %v\n want %v", tc.pipeline, g, w)
		}
	}
}

func TestFind(t *testing.T) {
	coll := docs(t, `[{_id: 1, a: [1, 5], b: 2}, {_id: 2, a: [7], b: 1}, {_id: 3, a: [2], b: 3}]`)
	got, err := engine.Find(coll, engine.FindOptions{
		Filter:     doc(t, `{a: {$gte: 5}}`),
		Sort:       doc(t, `{b: 1}`),
		Projection: doc(t, `{"a.$": 1}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if g := strings.Join(renderAll(got), " "); g != strings.Join(renderAll(docs(t, `[{_id: 2, a: [7]}, {_id: 1, a: [5]}]`)), " ") {
		t.Errorf("Find = %s", g)
	}
	got, _ = engine.Find(coll, engine.FindOptions{Skip: 1, Limit: -1})
	if len(got) != 1 || got[0].Lookup("_id").Int32() != 2 {
		t.Errorf("skip 1 limit -1 = %v", renderAll(got))
	}
	for _, tc := range []struct {
		n           int
		skip, limit int64
		lo, hi      int
	}{{5, 0, 0, 0, 5}, {5, 2, 2, 2, 4}, {5, 7, 1, 5, 5}, {5, 1, -2, 1, 3}, {5, -1, 10, 0, 5}} {
		if lo, hi := engine.SkipLimit(tc.n, tc.skip, tc.limit); lo != tc.lo || hi != tc.hi {
			t.Errorf("SkipLimit(%d, %d, %d) = %d, %d", tc.n, tc.skip, tc.limit, lo, hi)
		}
	}
}

func TestDistinct(t *testing.T) {
	coll := docs(t, `[{a: 1}, {a: [1, 2, [3]]}, {a: {b: 1}}, {a: [{b: "x"}, {b: "X"}]}, {a: 1.0}, {c: 1}]`)
	got, err := engine.Distinct(coll, "a", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `[1, 2, [3], {b: 1}, {b: "x"}, {b: "X"}]`
	if g := render(valuesArray(got)); g != render(val(t, want)) {
		t.Errorf("distinct a = %s, want %s", g, want)
	}
	c, _ := engine.ParseCollation(doc(t, `{locale: "en", strength: 2}`))
	env := engine.NewEnv()
	env.Collation = c
	got, _ = engine.Distinct(coll, "a.b", doc(t, `{a: {$type: "array"}}`), env)
	if g := render(valuesArray(got)); g != `["x"]` {
		t.Errorf("distinct a.b with collation = %s", g)
	}
}

func valuesArray(vals []bson.RawValue) bson.RawValue {
	b, start := bson.AppendDocumentStart(nil)
	for i, v := range vals {
		b = bson.AppendValueElement(b, strconv.Itoa(i), v)
	}
	return bson.RawValue{Type: bson.TypeArray, Value: bson.AppendDocumentEnd(b, start)}
}
