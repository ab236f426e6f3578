package engine_test

import (
	"testing"

	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

type matchCase struct {
	filter string
	doc    string
	want   bool
}

func runMatch(t *testing.T, cases []matchCase, env *engine.Env) {
	t.Helper()
	for _, tc := range cases {
		f, err := engine.CompileFilter(doc(t, tc.filter), env)
		if err != nil {
			t.Errorf("CompileFilter(%s): %v", tc.filter, err)
			continue
		}
		got, err := f.Match(doc(t, tc.doc))
		if err != nil {
			t.Errorf("Match(%s, %s): %v", tc.filter, tc.doc, err)
			continue
		}
		if got != tc.want {
			t.Errorf("Match(%s, %s) = %v, want %v", tc.filter, tc.doc, got, tc.want)
		}
	}
}

func TestMatchComparison(t *testing.T) {
	runMatch(t, []matchCase{
		{`{}`, `{a: 1}`, true},
		{`{a: 1}`, `{a: 1}`, true},
		{`{a: 1}`, `{a: 1.0}`, true},
		{`{a: 1}`, `{a: NumberDecimal("1")}`, true},
		{`{a: 1}`, `{a: "1"}`, false},
		{`{a: 1}`, `{b: 1}`, false},
		{`{a: {$eq: 1}}`, `{a: [0, 1]}`, true},
		{`{a: [1, 2]}`, `{a: [1, 2]}`, true},
		{`{a: [1, 2]}`, `{a: [[1, 2], 3]}`, true},
		{`{a: [1, 2]}`, `{a: [2, 1]}`, false},
		{`{a: {b: 1}}`, `{a: {b: 1}}`, true},
		{`{a: {b: 1}}`, `{a: {b: 1, c: 1}}`, false},
		{`{a: {b: 1, c: 1}}`, `{a: {c: 1, b: 1}}`, false}, // field order matters
		{`{a: {$gt: 1}}`, `{a: 2}`, true},
		{`{a: {$gt: 1}}`, `{a: "2"}`, false}, // no cross-type comparison
		{`{a: {$gt: 1}}`, `{a: [0, 5]}`, true},
		{`{a: {$gt: 1, $lt: 3}}`, `{a: [0, 5]}`, true}, // different elements may satisfy each
		{`{a: {$gte: 2}}`, `{a: 2.0}`, true},
		{`{a: {$lt: "b"}}`, `{a: "a"}`, true},
		{`{a: {$lte: null}}`, `{}`, true},
		{`{a: {$lt: MaxKey}}`, `{a: "x"}`, true},
		{`{a: {$gt: MinKey}}`, `{a: null}`, true},
		{`{a: {$gt: MinKey}}`, `{}`, true}, // MinKey bounds even a missing field
		{`{a: {$gte: NaN}}`, `{a: NaN}`, true},
		{`{a: {$gt: NaN}}`, `{a: 5}`, false},
		{`{a: {$lt: NaN}}`, `{a: 5}`, false},
		{`{a: NaN}`, `{a: NaN}`, true},
		{`{a: {$ne: 1}}`, `{a: 2}`, true},
		{`{a: {$ne: 1}}`, `{a: [1, 2]}`, false},
		{`{a: {$ne: 1}}`, `{}`, true},
		{`{a: {$gt: [1]}}`, `{a: [2]}`, true}, // the array itself compares
		{`{a: Date(5)}`, `{a: Date(5)}`, true},
		{`{a: {$gt: Timestamp(1, 1)}}`, `{a: Timestamp(1, 2)}`, true},
		{`{"a.b": 1}`, `{a: {b: 1}}`, true},
		{`{"a.b": 1}`, `{a: [{b: 2}, {b: 1}]}`, true},
		{`{"a.b": 1}`, `{a: [{b: [0, 1]}]}`, true},
		{`{"a.b": 1}`, `{a: [[{b: 1}]]}`, false}, // nested arrays are not traversed
		{`{"a.0": 5}`, `{a: [5, 6]}`, true},
		{`{"a.1": 5}`, `{a: [5, 6]}`, false},
		{`{"a.0": 1}`, `{a: [[1, 2]]}`, false}, // an indexed element is not expanded
		{`{"a.0": [1, 2]}`, `{a: [[1, 2]]}`, true},
		{`{"a.0.b": 1}`, `{a: [{b: 1}]}`, true},
		{`{"a.0": 1}`, `{a: [{"0": 1}]}`, true}, // field "0" of the element
		{`{"a.1.b": 2}`, `{a: [{b: 1}, {b: 2}]}`, true},
		{`{"a.b.c": 1}`, `{a: [{b: [{c: 1}]}]}`, true},
		{`{"a.b": 1}`, `{a: 1}`, false},
	}, nil)
}

// TestMatchNull follows jstests/core/query/null_query_semantics.js (MongoDB
// 8.0: null no longer matches undefined).
func TestMatchNull(t *testing.T) {
	runMatch(t, []matchCase{
		{`{a: null}`, `{}`, true},
		{`{a: null}`, `{a: null}`, true},
		{`{a: null}`, `{a: undefined}`, false},
		{`{a: null}`, `{a: [1, null]}`, true},
		{`{a: null}`, `{a: []}`, false},
		{`{a: {$ne: null}}`, `{a: undefined}`, true},
		{`{a: {$in: [null, 4]}}`, `{}`, true},
		{`{a: {$nin: [null, 4]}}`, `{a: {}}`, true},
		{`{a: {$nin: [null, []]}}`, `{a: [[]]}`, false},
		{`{a: {$nin: [null, []]}}`, `{a: []}`, false},
		{`{"a.b": null}`, `{a: 4}`, true},
		{`{"a.b": null}`, `{a: {}}`, true},
		{`{"a.b": null}`, `{a: {b: undefined}}`, false},
		{`{"a.b": null}`, `{a: []}`, true},
		{`{"a.b": null}`, `{a: [[]]}`, true},
		{`{"a.b": null}`, `{a: [1, "string", 4]}`, true},
		{`{"a.b": null}`, `{a: [{b: 1}, {b: 3}]}`, false},
		{`{"a.b": null}`, `{a: [{b: 3}, {}]}`, true},
		{`{"a.b": {$ne: null}}`, `{a: [1, "string", 4]}`, false},
		{`{"a.b": {$ne: null}}`, `{a: [{b: undefined}, {b: 3}]}`, true},
		{`{"a.b": {$exists: false}}`, `{a: [1, 2]}`, true},
		{`{"a.b": {$exists: true}}`, `{a: [{b: null}]}`, true},
		{`{a: {$elemMatch: {$eq: null}}}`, `{a: [1, null]}`, true},
		{`{a: {$elemMatch: {$eq: null}}}`, `{a: null}`, false},
		{`{a: {$elemMatch: {$ne: null}}}`, `{a: [[]]}`, true},
	}, nil)
}

func TestMatchOperators(t *testing.T) {
	runMatch(t, []matchCase{
		{`{a: {$in: [1, 2]}}`, `{a: 2.0}`, true},
		{`{a: {$in: [1, 2]}}`, `{a: [3, 2]}`, true},
		{`{a: {$in: [/^x/]}}`, `{a: "xy"}`, true},
		{`{a: {$in: []}}`, `{a: 1}`, false},
		{`{a: {$in: [[1, 2]]}}`, `{a: [1, 2]}`, true},
		{`{a: {$nin: [1, 2]}}`, `{a: 3}`, true},
		{`{a: {$nin: [1, 2]}}`, `{a: [3, 1]}`, false},
		{`{a: {$exists: true}}`, `{a: null}`, true},
		{`{a: {$exists: 0}}`, `{a: null}`, false},
		{`{a: {$exists: true}}`, `{a: []}`, true},
		{`{a: {$type: "string"}}`, `{a: "x"}`, true},
		{`{a: {$type: 2}}`, `{a: "x"}`, true},
		{`{a: {$type: "number"}}`, `{a: NumberDecimal("1")}`, true},
		{`{a: {$type: "array"}}`, `{a: []}`, true},
		{`{a: {$type: "array"}}`, `{a: [[1]]}`, true},
		{`{a: {$type: "int"}}`, `{a: [1.5, 2]}`, true},
		{`{a: {$type: ["bool", "null"]}}`, `{a: null}`, true},
		{`{a: {$type: "null"}}`, `{}`, false},
		{`{a: {$type: -1}}`, `{a: MinKey}`, true},
		{`{a: {$type: "objectId"}}`, `{a: ObjectId("5f0000000000000000000000")}`, true},
		{`{a: {$size: 2}}`, `{a: [1, 2]}`, true},
		{`{a: {$size: 1}}`, `{a: [[1, 2]]}`, true},
		{`{a: {$size: 0}}`, `{a: 1}`, false},
		{`{a: {$size: 2.5}}`, `{a: [1, 2]}`, false},
		{`{"a.b": {$size: 2}}`, `{a: [{b: [1, 2]}]}`, true},
		{`{a: {$all: [1, 2]}}`, `{a: [2, 3, 1]}`, true},
		{`{a: {$all: [1, 2]}}`, `{a: [1]}`, false},
		{`{a: {$all: [1]}}`, `{a: 1}`, true},
		{`{a: {$all: []}}`, `{a: [1]}`, false},
		{`{a: {$all: [[1, 2]]}}`, `{a: [1, 2]}`, true},
		{`{a: {$all: [{$elemMatch: {b: 1}}, {$elemMatch: {c: 2}}]}}`, `{a: [{b: 1}, {c: 2}]}`, true},
		{`{a: {$mod: [3, 1]}}`, `{a: 7}`, true},
		{`{a: {$mod: [3, 1]}}`, `{a: 7.9}`, true},
		{`{a: {$mod: [3, -1]}}`, `{a: -7}`, true},
		{`{a: {$mod: [3, 1]}}`, `{a: "7"}`, false},
		{`{a: {$regex: "^ab"}}`, `{a: "abc"}`, true},
		{`{a: {$regex: "^AB", $options: "i"}}`, `{a: "abc"}`, true},
		{`{a: {$regex: /^AB/i}}`, `{a: "abc"}`, true},
		{`{a: /^a.c$/}`, `{a: "abc"}`, true},
		{`{a: /^b$/m}`, `{a: "a\nb"}`, true},
		{`{a: /a.b/s}`, `{a: "a\nb"}`, true},
		{`{a: /a b # comment/x}`, `{a: "ab"}`, true},
		{`{a: /x/}`, `{a: ["y", "xx"]}`, true},
		{`{a: /x/}`, `{a: 5}`, false},
		{`{a: /x/}`, `{a: /x/}`, true},
		{`{a: {$eq: /x/}}`, `{a: "x"}`, false},
		{`{a: {$not: {$gt: 5}}}`, `{a: 3}`, true},
		{`{a: {$not: {$gt: 5}}}`, `{a: [3, 7]}`, false},
		{`{a: {$not: {$gt: 5}}}`, `{}`, true},
		{`{a: {$not: /^x/}}`, `{a: "y"}`, true},
		{`{a: {$elemMatch: {$gt: 1, $lt: 3}}}`, `{a: [0, 5]}`, false},
		{`{a: {$elemMatch: {$gt: 1, $lt: 3}}}`, `{a: [0, 2]}`, true},
		{`{a: {$elemMatch: {b: 1, c: 2}}}`, `{a: [{b: 1}, {c: 2}]}`, false},
		{`{a: {$elemMatch: {b: 1, c: 2}}}`, `{a: [{b: 1, c: 2}]}`, true},
		{`{a: {$elemMatch: {b: {$gt: 1}}}}`, `{a: [{b: [0, 5]}]}`, true},
		{`{a: {$elemMatch: {$or: [{b: 1}, {c: 1}]}}}`, `{a: [{c: 1}]}`, true},
		{`{a: {$elemMatch: {$not: {$gt: 1}}}}`, `{a: [5, 0]}`, true},
		{`{a: {$elemMatch: {$ne: 5}}}`, `{a: [5, 5]}`, false},
		{`{"a.b": {$elemMatch: {c: 1}}}`, `{a: [{b: [{c: 1}]}]}`, true},
		{`{a: {$bitsAllSet: 5}}`, `{a: 7}`, true},
		{`{a: {$bitsAllSet: [0, 1]}}`, `{a: 5}`, false},
		{`{a: {$bitsAnySet: [1]}}`, `{a: 2}`, true},
		{`{a: {$bitsAllClear: 2}}`, `{a: 5}`, true},
		{`{a: {$bitsAnyClear: 7}}`, `{a: 7}`, false},
		{`{a: {$bitsAllSet: [40]}}`, `{a: -1}`, true},
	}, nil)
}

func TestMatchLogical(t *testing.T) {
	runMatch(t, []matchCase{
		{`{$and: [{a: 1}, {b: 2}]}`, `{a: 1, b: 2}`, true},
		{`{$and: [{a: 1}, {b: 2}]}`, `{a: 1}`, false},
		{`{$or: [{a: 1}, {b: 2}]}`, `{b: 2}`, true},
		{`{$or: [{a: 1}, {b: 2}]}`, `{c: 2}`, false},
		{`{$nor: [{a: 1}, {b: 2}]}`, `{c: 2}`, true},
		{`{$nor: [{a: 1}, {b: 2}]}`, `{a: 1}`, false},
		{`{a: 1, $or: [{b: 1}, {c: 1}]}`, `{a: 1, c: 1}`, true},
		{`{$alwaysFalse: 1}`, `{}`, false},
		{`{$comment: "x", a: 1}`, `{a: 1}`, true},
		{`{$expr: {$gt: ["$a", "$b"]}}`, `{a: 2, b: 1}`, true},
		{`{$expr: {$gt: ["$a", "$b"]}}`, `{a: 1, b: 2}`, false},
		{`{$expr: {$eq: ["$missing", null]}}`, `{}`, false},
		{`{$expr: "$a"}`, `{a: 0}`, false},
	}, nil)
}

func TestMatchCollation(t *testing.T) {
	c, err := engine.ParseCollation(doc(t, `{locale: "en_US", strength: 2}`))
	if err != nil {
		t.Fatal(err)
	}
	env := engine.NewEnv()
	env.Collation = c
	runMatch(t, []matchCase{
		{`{a: "PING"}`, `{a: "ping"}`, true},
		{`{a: {$in: ["X"]}}`, `{a: "x"}`, true},
		{`{a: {$gt: "B"}}`, `{a: "c"}`, true},
		{`{a: /PING/}`, `{a: "ping"}`, false}, // regexes ignore the collation
	}, env)
}

func TestMatchLet(t *testing.T) {
	env := engine.NewEnv()
	if err := env.SetLet(doc(t, `{id: 1, s: {$concat: ["a", "b"]}}`)); err != nil {
		t.Fatal(err)
	}
	runMatch(t, []matchCase{
		{`{$expr: {$eq: ["$_id", "$$id"]}}`, `{_id: 1}`, true},
		{`{$expr: {$eq: ["$_id", "$$id"]}}`, `{_id: 2}`, false},
		{`{$expr: {$eq: ["$s", "$$s"]}}`, `{s: "ab"}`, true},
	}, env)
}

func TestMatchPositional(t *testing.T) {
	tests := []struct {
		filter, doc string
		pos         int
	}{
		{`{a: 6}`, `{a: [5, 6]}`, 1},
		{`{a: 5}`, `{a: 5}`, -1},
		{`{"a.b": 2}`, `{a: [{b: 1}, {b: 2}]}`, 1},
		{`{"a.b": 2}`, `{a: [{b: [1, 2]}]}`, 0}, // the outermost array wins
		{`{a: {$elemMatch: {b: 2}}}`, `{a: [{b: 1}, {b: 2}]}`, 1},
		{`{a: {$gt: 1}}`, `{a: [0, 0, 3]}`, 2},
		{`{a: 1, b: 3}`, `{a: [1], b: [2, 3]}`, 1}, // the last recorded wins
		{`{"a.1": 2}`, `{a: [1, 2]}`, -1},          // an explicit index is not recorded
	}
	for _, tc := range tests {
		f, err := engine.CompileFilter(doc(t, tc.filter), nil)
		if err != nil {
			t.Fatal(err)
		}
		ok, pos, err := f.MatchPos(doc(t, tc.doc))
		if err != nil || !ok || pos != tc.pos {
			t.Errorf("MatchPos(%s, %s) = %v, %d, %v; want true, %d", tc.filter, tc.doc, ok, pos, err, tc.pos)
		}
	}
}

func TestCompileFilterErrors(t *testing.T) {
	tests := []struct {
		filter string
		code   int32
		msg    string
	}{
		{`{a: {$foo: 1}}`, 2, "unknown operator: $foo"},
		{`{$foo: 1}`, 2, "unknown top level operator: $foo. If you have a field name that starts with a '$' symbol, consider using $getField or $setField."},
		{`{$unsupportedQueryOperator: 1}`, 2, ""},
		{`{$and: []}`, 2, "$and/$or/$nor must be a nonempty array"},
		{`{$or: {}}`, 2, "$or must be an array"},
		{`{$or: [1]}`, 2, "$or/$and/$nor entries need to be full objects"},
		{`{a: {$in: 1}}`, 2, "$in needs an array"},
		{`{a: {$in: [{$gt: 1}]}}`, 2, "cannot nest $ under $in"},
		{`{a: {$nin: 1}}`, 2, "$nin needs an array"},
		{`{a: {$size: "x"}}`, 2, "$size needs a number"},
		{`{a: {$size: -1}}`, 2, "$size may not be negative"},
		{`{a: {$mod: 1}}`, 2, "malformed mod, needs to be an array"},
		{`{a: {$mod: [1]}}`, 2, "malformed mod, not enough elements"},
		{`{a: {$mod: [1, 2, 3]}}`, 2, "malformed mod, too many elements"},
		{`{a: {$mod: [0, 1]}}`, 2, "divisor cannot be 0"},
		{`{a: {$type: "foo"}}`, 2, "Unknown type name alias: foo"},
		{`{a: {$type: 100}}`, 2, "Invalid numerical type code: 100"},
		{`{a: {$options: "i"}}`, 2, "$options needs a $regex"},
		{`{a: {$regex: 1}}`, 2, "$regex has to be a string"},
		{`{a: {$regex: "(?<=x)"}}`, 51091, ""},
		{`{a: {$regex: "x", $options: "z"}}`, 51108, "invalid flag in regex options: z"},
		{`{a: {$not: 1}}`, 2, "$not needs a regex or a document"},
		{`{a: {$not: {}}}`, 2, "$not cannot be empty"},
		{`{a: {$elemMatch: 1}}`, 2, "$elemMatch needs an Object"},
		{`{a: {$all: 1}}`, 2, "$all needs an array"},
		{`{a: {$all: [{$gt: 1}]}}`, 2, "no $ expressions in $all"},
		{`{a: {$elemMatch: {$expr: {$eq: [1, 1]}}}}`, 2, "$expr can only be applied to the top-level document"},
		{`{a: {$eq: 1, b: 1}}`, 2, "unknown operator: b"},
		{`{$expr: {$foo: 1}}`, 168, "Unrecognized expression '$foo'"},
		{`{$expr: "$$undefinedVar"}`, 17276, "Use of undefined variable: undefinedVar"},
		{`{a: undefined}`, 2, "cannot compare to undefined"},
		{`{$where: "1"}`, 2, ""},
	}
	for _, tc := range tests {
		_, err := engine.CompileFilter(doc(t, tc.filter), nil)
		checkCode(t, tc.filter, err, tc.code)
		if e, ok := err.(*engine.Error); ok && tc.msg != "" && e.Msg != tc.msg {
			t.Errorf("%s: message %q, want %q", tc.filter, e.Msg, tc.msg)
		}
	}
}

func TestMatchExprError(t *testing.T) {
	f, err := engine.CompileFilter(doc(t, `{$expr: {$add: ["$a", 1]}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Match(doc(t, `{a: "x"}`))
	checkCode(t, "$add of a string", err, 16554)
}

// An empty field name inside $elemMatch once indexed past the end of the key.
func TestElemMatchEmptyFieldName(t *testing.T) {
	filter := doc(t, `{"": {"000": 0}, "$or": [{"": {"$elemMatch": {"": 0}}}]}`)
	f, err := engine.CompileFilter(filter, nil)
	if err != nil {
		return // rejecting it is fine; panicking is not
	}
	_, _ = f.Match(doc(t, `{"": [{"": 0}]}`))
}
