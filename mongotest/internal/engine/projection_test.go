package engine_test

import (
	"testing"

	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

func TestProjection(t *testing.T) {
	tests := []struct {
		proj, doc, want string
		pos             int
	}{
		{`{}`, `{_id: 1, a: 1, b: 2}`, `{_id: 1, a: 1, b: 2}`, -1},
		{`{a: 1}`, `{_id: 1, a: 1, b: 2}`, `{_id: 1, a: 1}`, -1},
		{`{b: 1, a: true}`, `{a: 1, _id: 1, b: 2}`, `{_id: 1, a: 1, b: 2}`, -1}, // _id first, then document order
		{`{a: 1, _id: 0}`, `{_id: 1, a: 1, b: 2}`, `{a: 1}`, -1},
		{`{_id: 1}`, `{_id: 1, a: 1}`, `{_id: 1}`, -1},
		{`{_id: 0}`, `{_id: 1, a: 1}`, `{a: 1}`, -1},
		{`{a: 0}`, `{_id: 1, a: 1, b: 2}`, `{_id: 1, b: 2}`, -1},
		{`{"a.b": 1}`, `{_id: 1, a: {b: 1, c: 2}, d: 1}`, `{_id: 1, a: {b: 1}}`, -1},
		{`{a: {b: 1}}`, `{_id: 1, a: {b: 1, c: 2}}`, `{_id: 1, a: {b: 1}}`, -1},
		{`{"a.b": 1}`, `{_id: 1, a: [{b: 1, c: 1}, 5, {c: 2}, [{b: 3}]]}`, `{_id: 1, a: [{b: 1}, {}, [{b: 3}]]}`, -1},
		{`{"a.b": 1}`, `{_id: 1, a: 5}`, `{_id: 1}`, -1},
		{`{"a.b": 0}`, `{_id: 1, a: [{b: 1, c: 1}, 5]}`, `{_id: 1, a: [{c: 1}, 5]}`, -1},
		{`{x: "$a", y: {$add: ["$a", 1]}, z: "lit"}`, `{_id: 1, a: 1}`, `{_id: 1, x: 1, y: 2, z: "lit"}`, -1},
		{`{b: 1, a: {$literal: 5}}`, `{_id: 1, a: 1, b: 2}`, `{_id: 1, b: 2, a: 5}`, -1},
		{`{x: "$missing"}`, `{_id: 1}`, `{_id: 1}`, -1},
		{`{"a.c": {$literal: 1}}`, `{_id: 1, a: [{b: 1}, 2]}`, `{_id: 1, a: [{c: 1}, {c: 1}]}`, -1},
		{`{a: {$slice: 2}}`, `{_id: 1, a: [1, 2, 3], b: 1}`, `{_id: 1, a: [1, 2], b: 1}`, -1},
		{`{a: {$slice: -1}}`, `{_id: 1, a: [1, 2, 3]}`, `{_id: 1, a: [3]}`, -1},
		{`{a: {$slice: [1, 1]}, b: 1}`, `{_id: 1, a: [1, 2, 3], b: 1, c: 1}`, `{_id: 1, a: [2], b: 1}`, -1},
		{`{a: {$elemMatch: {b: {$gt: 1}}}}`, `{_id: 1, a: [{b: 1}, {b: 2}, {b: 3}], c: 1}`, `{_id: 1, a: [{b: 2}]}`, -1},
		{`{a: {$elemMatch: {$gt: 1}}}`, `{_id: 1, a: [1, 5]}`, `{_id: 1, a: [5]}`, -1},
		{`{a: {$elemMatch: {b: 9}}}`, `{_id: 1, a: [{b: 1}]}`, `{_id: 1}`, -1},
		{`{"a.$": 1}`, `{_id: 1, a: [1, 2, 3], b: 1}`, `{_id: 1, a: [2]}`, 1},
	}
	for _, tc := range tests {
		p, err := engine.CompileProjection(doc(t, tc.proj), nil)
		if err != nil {
			t.Errorf("CompileProjection(%s): %v", tc.proj, err)
			continue
		}
		got, err := p.Apply(doc(t, tc.doc), tc.pos)
		if err != nil {
			t.Errorf("%s on %s: %v", tc.proj, tc.doc, err)
			continue
		}
		if want := doc(t, tc.want); string(got) != string(want) {
			t.Errorf("%s on %s:\n got  %s\n want %s", tc.proj, tc.doc, renderDoc(got), renderDoc(want))
		}
	}
}

func TestProjectionErrors(t *testing.T) {
	tests := []struct {
		proj string
		code int32
		msg  string
	}{
		{`{a: 1, b: 0}`, 31254, "Cannot do exclusion on field b in inclusion projection"},
		{`{a: 0, b: 1}`, 31253, "Cannot do inclusion on field b in exclusion projection"},
		{`{a: 0, b: "$x"}`, 31253, ""},
		{`{a: 1, "a.b": 1}`, 31249, "Path collision at a.b remaining portion b"},
		{`{"a.b": 1, a: 1}`, 31250, "Path collision at a"},
		{`{a: {}}`, 51270, ""},
		{`{"a.$": 1, "b.$": 1}`, 31276, ""},
		{`{"a.$.b": 1}`, 31394, ""},
		{`{$a: 1}`, 16410, ""},
		{`{a: {$foo: 1}}`, 168, ""},
		{`{"a.b": {$elemMatch: {x: 1}}}`, 2, ""},
	}
	for _, tc := range tests {
		_, err := engine.CompileProjection(doc(t, tc.proj), nil)
		checkCode(t, tc.proj, err, tc.code)
		if e, ok := err.(*engine.Error); ok && tc.msg != "" && e.Msg != tc.msg {
			t.Errorf("%s: message %q, want %q", tc.proj, e.Msg, tc.msg)
		}
	}
	p, err := engine.CompileProjection(doc(t, `{"a.$": 1}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Apply(doc(t, `{a: [1]}`), -1)
	checkCode(t, "positional without a match", err, 51246)
}

func TestSort(t *testing.T) {
	tests := []struct {
		spec, docs, want string
	}{
		{`{a: 1}`, `[{a: 2}, {a: 1}, {a: "x"}, {}, {a: null}]`, `[{}, {a: null}, {a: 1}, {a: 2}, {a: "x"}]`},
		{`{a: -1}`, `[{a: 2}, {a: 1}, {a: "x"}]`, `[{a: "x"}, {a: 2}, {a: 1}]`},
		{`{a: 1, b: -1}`, `[{a: 1, b: 1}, {a: 1, b: 2}, {a: 0, b: 0}]`, `[{a: 0, b: 0}, {a: 1, b: 2}, {a: 1, b: 1}]`},
		{`{a: 1}`, `[{a: [5, 1]}, {a: [3]}, {a: 2}]`, `[{a: [5, 1]}, {a: 2}, {a: [3]}]`},  // ascending uses the smallest element
		{`{a: -1}`, `[{a: [5, 1]}, {a: [3]}, {a: 4}]`, `[{a: [5, 1]}, {a: 4}, {a: [3]}]`}, // descending uses the largest
		{`{a: 1}`, `[{a: 1}, {a: []}, {a: null}]`, `[{a: []}, {a: null}, {a: 1}]`},        // an empty array sorts first
		{`{"a.b": 1}`, `[{a: [{b: 3}, {b: 1}]}, {a: {b: 2}}]`, `[{a: [{b: 3}, {b: 1}]}, {a: {b: 2}}]`},
		{`{a: 1}`, `[{a: 1, i: 1}, {a: 1, i: 2}, {a: 0, i: 3}]`, `[{a: 0, i: 3}, {a: 1, i: 1}, {a: 1, i: 2}]`}, // stable
		{`{$natural: -1}`, `[{i: 1}, {i: 2}]`, `[{i: 2}, {i: 1}]`},
	}
	for _, tc := range tests {
		s, err := engine.ParseSort(doc(t, tc.spec))
		if err != nil {
			t.Fatal(err)
		}
		ds := docs(t, tc.docs)
		s.Sort(ds, nil)
		want := docs(t, tc.want)
		for i := range want {
			if string(ds[i]) != string(want[i]) {
				t.Errorf("sort %s of %s: position %d is %s, want %s", tc.spec, tc.docs, i, renderDoc(ds[i]), renderDoc(want[i]))
			}
		}
	}
	for _, bad := range []struct {
		spec string
		code int32
	}{{`{a: 2}`, 15975}, {`{a: "x"}`, 15974}, {`{"": 1}`, 40352}} {
		_, err := engine.ParseSort(doc(t, bad.spec))
		checkCode(t, bad.spec, err, bad.code)
	}
}
