package engine_test

import (
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

type updateCase struct {
	doc     string
	update  string
	want    string // expected document; "" when an error is expected
	changed bool
	code    int32
	msg     string
}

// fixedEnv returns an Env with a fixed clock for $currentDate and $$NOW.
func fixedEnv() *engine.Env {
	env := engine.NewEnv()
	env.Now = time.UnixMilli(1700000000123).UTC()
	env.NewID = func() bson.ObjectID { id, _ := bson.ObjectIDFromHex("65000000000000000000000a"); return id }
	return env
}

func runUpdates(t *testing.T, cases []updateCase, filters []string) {
	t.Helper()
	for _, tc := range cases {
		opts := engine.UpdateOptions{Env: fixedEnv()}
		for _, f := range filters {
			opts.ArrayFilters = append(opts.ArrayFilters, doc(t, f))
		}
		got, changed, err := applyUpdate(t, tc.doc, tc.update, opts, -1)
		checkUpdate(t, tc, got, changed, err)
	}
}

func applyUpdate(t *testing.T, d, u string, opts engine.UpdateOptions, pos int) (bson.Raw, bool, error) {
	t.Helper()
	up, err := engine.CompileUpdate(val(t, u), opts)
	if err != nil {
		return nil, false, err
	}
	return up.Apply(doc(t, d), pos)
}

func checkUpdate(t *testing.T, tc updateCase, got bson.Raw, changed bool, err error) {
	t.Helper()
	what := tc.update + " on " + tc.doc
	if tc.want == "" {
		if err == nil {
			t.Errorf("%s: got %s, want error %d", what, renderDoc(got), tc.code)
			return
		}
		checkCode(t, what, err, tc.code)
		if e, ok := err.(*engine.Error); ok && tc.msg != "" && e.Msg != tc.msg {
			t.Errorf("%s: message\n %q, want\n %q", what, e.Msg, tc.msg)
		}
		return
	}
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	if want := doc(t, tc.want); string(got) != string(want) {
		t.Errorf("%s:\n got  %s\n want %s", what, renderDoc(got), renderDoc(want))
	}
	if changed != tc.changed {
		t.Errorf("%s: changed = %v, want %v", what, changed, tc.changed)
	}
}

func TestUpdateSetUnset(t *testing.T) {
	runUpdates(t, []updateCase{
		{doc: `{_id: 1, a: 1}`, update: `{$set: {a: 2}}`, want: `{_id: 1, a: 2}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{$set: {a: 1}}`, want: `{_id: 1, a: 1}`},
		{doc: `{_id: 1, a: 1}`, update: `{$set: {a: 1.0}}`, want: `{_id: 1, a: 1.0}`, changed: true},
		{doc: `{_id: 1}`, update: `{$set: {b: 1, a: 1}}`, want: `{_id: 1, a: 1, b: 1}`, changed: true}, // new fields in name order
		{doc: `{_id: 1, x: {}}`, update: `{$set: {"x.10": 1, "x.9": 1}}`, want: `{_id: 1, x: {"9": 1, "10": 1}}`, changed: true},
		{doc: `{_id: 1, z: 1, a: 1}`, update: `{$set: {z: 2, a: 2}}`, want: `{_id: 1, z: 2, a: 2}`, changed: true}, // existing keep their place
		{doc: `{_id: 1}`, update: `{$set: {"a.b.c": 1}}`, want: `{_id: 1, a: {b: {c: 1}}}`, changed: true},
		{doc: `{_id: 1, a: {x: 1}}`, update: `{$set: {"a.b": 1}}`, want: `{_id: 1, a: {x: 1, b: 1}}`, changed: true},
		{doc: `{_id: 1, a: [1, 2]}`, update: `{$set: {"a.1": 5}}`, want: `{_id: 1, a: [1, 5]}`, changed: true},
		{doc: `{_id: 1, a: [1]}`, update: `{$set: {"a.3": 5}}`, want: `{_id: 1, a: [1, null, null, 5]}`, changed: true},
		{doc: `{_id: 1, a: [{b: 1}]}`, update: `{$set: {"a.0.b": 2}}`, want: `{_id: 1, a: [{b: 2}]}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{$set: {"a.b": 1}}`, code: 28, msg: "Cannot create field 'b' in element {a: 1}"},
		{doc: `{_id: 1, v: [{foo: 1}]}`, update: `{$set: {"v.foo": 1}}`, code: 28, msg: "Cannot create field 'foo' in element {v: [ { foo: 1 } ]}"},
		{doc: `{_id: 1, a: 1, b: 2}`, update: `{$unset: {a: ""}}`, want: `{_id: 1, b: 2}`, changed: true},
		{doc: `{_id: 1}`, update: `{$unset: {a: 1, "b.c": 1}}`, want: `{_id: 1}`},
		{doc: `{_id: 1, a: 1}`, update: `{$unset: {"a.b": 1}}`, want: `{_id: 1, a: 1}`},
		{doc: `{_id: 1, a: [1, 2]}`, update: `{$unset: {"a.0": 1}}`, want: `{_id: 1, a: [null, 2]}`, changed: true},
		{doc: `{_id: 1, a: {b: 1, c: 2}}`, update: `{$unset: {"a.b": 1}}`, want: `{_id: 1, a: {c: 2}}`, changed: true},
		{doc: `{_id: 1}`, update: `{$set: {}}`, want: `{_id: 1}`},
		{doc: `{_id: 1}`, update: `{$set: {_id: 1}}`, want: `{_id: 1}`},
		{doc: `{_id: 1}`, update: `{$set: {_id: 2}}`, code: 66, msg: "Performing an update on the path '_id' would modify the immutable field '_id'"},
		{doc: `{_id: 1}`, update: `{$unset: {_id: 1}}`, code: 66},
		{doc: `{_id: {a: 1}}`, update: `{$set: {"_id.a": 2}}`, code: 66},
		{doc: `{_id: 1}`, update: `{$set: {"a.$x": 1}}`, code: 52},
		{doc: `{_id: 1}`, update: `{$set: {"": 1}}`, code: 56, msg: "An empty update path is not valid."},
		{doc: `{_id: 1}`, update: `{$set: {"v.": 1}}`, code: 56, msg: "The update path 'v.' contains an empty field name, which is not allowed."},
		{doc: `{_id: 1}`, update: `{$set: {a: 1}, $inc: {a: 1}}`, code: 40, msg: "Updating the path 'a' would create a conflict at 'a'"},
		{doc: `{_id: 1}`, update: `{$set: {a: 1}, $inc: {"a.b": 1}}`, code: 40, msg: "Updating the path 'a.b' would create a conflict at 'a'"},
		{doc: `{_id: 1}`, update: `{$set: {"a.b": 1}, $inc: {a: 1}}`, code: 40, msg: "Updating the path 'a' would create a conflict at 'a'"},
		{doc: `{_id: 1}`, update: `{$foo: {a: 1}}`, code: 9, msg: "Unknown modifier: $foo. Expected a valid update modifier or pipeline-style update specified as an array"},
		{doc: `{_id: 1}`, update: `{$set: 1}`, code: 9, msg: "Modifiers operate on fields but we found type int instead. For example: {$mod: {<field>: ...}} not {$set: 1}"},
		{doc: `{_id: 1}`, update: `{$set: {a: 1}, b: 1}`, code: 9, msg: "Unknown modifier: b. Expected a valid update modifier or pipeline-style update specified as an array"},
		{doc: `{_id: 1}`, update: `{$set: {"$.a": 1}}`, code: 2},
		{doc: `{_id: 1}`, update: `{$set: {"a.$.b.$": 1}}`, code: 2},
	}, nil)
}

func TestUpdateArithmetic(t *testing.T) {
	runUpdates(t, []updateCase{
		{doc: `{_id: 1, a: 1}`, update: `{$inc: {a: 2}}`, want: `{_id: 1, a: 3}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{$inc: {a: 0}}`, want: `{_id: 1, a: 1}`},
		{doc: `{_id: 1, a: 2147483647}`, update: `{$inc: {a: 1}}`, want: `{_id: 1, a: NumberLong(2147483648)}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{$inc: {a: 1.5}}`, want: `{_id: 1, a: 2.5}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{$inc: {a: NumberDecimal("0.1")}}`, want: `{_id: 1, a: NumberDecimal("1.1")}`, changed: true},
		{doc: `{_id: 1}`, update: `{$inc: {a: NumberLong(5)}}`, want: `{_id: 1, a: NumberLong(5)}`, changed: true},
		{doc: `{_id: 1, a: "x"}`, update: `{$inc: {a: 1}}`, code: 14, msg: "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 'a' of non-numeric type string"},
		{doc: `{_id: 1}`, update: `{$inc: {a: "x"}}`, code: 14, msg: `Cannot increment with non-numeric argument: {a: "x"}`},
		{doc: `{_id: "int64-max", v: NumberLong(9223372036854775807)}`, update: `{$inc: {v: 1}}`, code: 2, msg: `Failed to apply $inc operations to current value ((NumberLong)9223372036854775807) for document {_id: "int64-max"}`},
		{doc: `{_id: 1, a: 3}`, update: `{$mul: {a: 2}}`, want: `{_id: 1, a: 6}`, changed: true},
		{doc: `{_id: 1}`, update: `{$mul: {a: 2.5}}`, want: `{_id: 1, a: 0.0}`, changed: true},
		{doc: `{_id: 1}`, update: `{$mul: {a: NumberLong(2)}}`, want: `{_id: 1, a: NumberLong(0)}`, changed: true},
		{doc: `{_id: 1}`, update: `{$mul: {a: "x"}}`, code: 14, msg: `Cannot multiply with non-numeric argument: {a: "x"}`},
		{doc: `{_id: 1, a: 5}`, update: `{$min: {a: 3}}`, want: `{_id: 1, a: 3}`, changed: true},
		{doc: `{_id: 1, a: 5}`, update: `{$min: {a: 7}}`, want: `{_id: 1, a: 5}`},
		{doc: `{_id: 1, a: 5}`, update: `{$max: {a: "x"}}`, want: `{_id: 1, a: "x"}`, changed: true}, // strings sort after numbers
		{doc: `{_id: 1}`, update: `{$max: {a: 1}}`, want: `{_id: 1, a: 1}`, changed: true},
		{doc: `{_id: 1, a: 5}`, update: `{$bit: {a: {and: 4}}}`, want: `{_id: 1, a: 4}`, changed: true},
		{doc: `{_id: 1, a: 5}`, update: `{$bit: {a: {or: NumberLong(2)}}}`, want: `{_id: 1, a: NumberLong(7)}`, changed: true},
		{doc: `{_id: 1, a: 5}`, update: `{$bit: {a: {xor: 1, or: 8}}}`, want: `{_id: 1, a: 12}`, changed: true},
		{doc: `{_id: 1}`, update: `{$bit: {a: {not: 1}}}`, code: 2},
		{doc: `{_id: 1}`, update: `{$currentDate: {a: true, b: {$type: "date"}}}`, want: `{_id: 1, a: Date(1700000000123), b: Date(1700000000123)}`, changed: true},
		{doc: `{_id: 1}`, update: `{$currentDate: {a: {$type: "timestamp"}}}`, want: `{_id: 1, a: Timestamp(1700000000, 1)}`, changed: true},
		{doc: `{_id: 1}`, update: `{$currentDate: {a: {$type: "x"}}}`, code: 2},
		{doc: `{_id: 1}`, update: `{$setOnInsert: {a: 1}}`, want: `{_id: 1}`},
	}, nil)
}

func TestUpdateRename(t *testing.T) {
	runUpdates(t, []updateCase{
		{doc: `{_id: 1, a: 1, b: 2}`, update: `{$rename: {a: "c"}}`, want: `{_id: 1, b: 2, c: 1}`, changed: true},
		{doc: `{_id: 1, a: 1, b: 2}`, update: `{$rename: {a: "b"}}`, want: `{_id: 1, b: 1}`, changed: true},
		{doc: `{_id: 1, a: 1, b: 1}`, update: `{$rename: {a: "b"}}`, want: `{_id: 1, b: 1}`, changed: true},
		{doc: `{_id: 1, a: {x: 1}}`, update: `{$rename: {"a.x": "b.y"}}`, want: `{_id: 1, a: {}, b: {y: 1}}`, changed: true},
		{doc: `{_id: 1}`, update: `{$rename: {a: "b"}}`, want: `{_id: 1}`},
		{doc: `{_id: 1, a: [1]}`, update: `{$rename: {"a.0": "b"}}`, code: 2, msg: "The source field cannot be an array element, 'a.0' in doc with _id: 1 has an array field called 'a'"},
		{doc: `{_id: 1, a: [1], b: 1}`, update: `{$rename: {b: "a.2"}}`, code: 2, msg: "The destination field cannot be an array element, 'a.2' in doc with _id: 1 has an array field called 'a'"},
		{doc: `{_id: 1, a: [1]}`, update: `{$rename: {"a.9.x": "b"}}`, want: `{_id: 1, a: [1]}`}, // an unresolved source is a no-op
		{doc: `{_id: 1}`, update: `{$rename: {a: "a"}}`, code: 2, msg: `The source and target field for $rename must differ: a: "a"`},
		{doc: `{_id: 1}`, update: `{$rename: {a: "a.b"}}`, code: 2, msg: `The source and target field for $rename must not be on the same path: a: "a.b"`},
		{doc: `{_id: 1}`, update: `{$rename: {a: 1}}`, code: 2, msg: `The 'to' field for $rename must be a string: a: 1`},
		{doc: `{_id: 1}`, update: `{$rename: {a: "b"}, $set: {b: 1}}`, code: 40},
	}, nil)
}

func TestUpdateArrays(t *testing.T) {
	runUpdates(t, []updateCase{
		{doc: `{_id: 1, a: [1]}`, update: `{$push: {a: 2}}`, want: `{_id: 1, a: [1, 2]}`, changed: true},
		{doc: `{_id: 1}`, update: `{$push: {a: 2}}`, want: `{_id: 1, a: [2]}`, changed: true},
		{doc: `{_id: 1, a: [1]}`, update: `{$push: {a: [2, 3]}}`, want: `{_id: 1, a: [1, [2, 3]]}`, changed: true},
		{doc: `{_id: 1, a: [1]}`, update: `{$push: {a: {$each: [2, 3]}}}`, want: `{_id: 1, a: [1, 2, 3]}`, changed: true},
		{doc: `{_id: 1, a: [1, 2]}`, update: `{$push: {a: {$each: [9], $position: 1}}}`, want: `{_id: 1, a: [1, 9, 2]}`, changed: true},
		{doc: `{_id: 1, a: [1, 2]}`, update: `{$push: {a: {$each: [9], $position: -1}}}`, want: `{_id: 1, a: [1, 9, 2]}`, changed: true},
		{doc: `{_id: 1, a: [3, 1]}`, update: `{$push: {a: {$each: [2], $sort: 1}}}`, want: `{_id: 1, a: [1, 2, 3]}`, changed: true},
		{doc: `{_id: 1, a: [3, 1]}`, update: `{$push: {a: {$each: [2], $sort: -1, $slice: 2}}}`, want: `{_id: 1, a: [3, 2]}`, changed: true},
		{doc: `{_id: 1, a: [1, 2, 3]}`, update: `{$push: {a: {$each: [], $slice: -2}}}`, want: `{_id: 1, a: [2, 3]}`, changed: true},
		{doc: `{_id: 1, a: [{s: 2}, {s: 1}]}`, update: `{$push: {a: {$each: [{s: 3}], $sort: {s: 1}}}}`, want: `{_id: 1, a: [{s: 1}, {s: 2}, {s: 3}]}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{$push: {a: 2}}`, code: 2, msg: "The field 'a' must be an array but is of type int in document {_id: 1}"},
		{doc: `{_id: 1}`, update: `{$push: {a: {$each: 1}}}`, code: 2},
		{doc: `{_id: 1}`, update: `{$push: {a: {$each: [1], $foo: 1}}}`, code: 2, msg: "Unrecognized clause in $push: $foo"},
		{doc: `{_id: 1, a: [1, 2]}`, update: `{$addToSet: {a: 2}}`, want: `{_id: 1, a: [1, 2]}`},
		{doc: `{_id: 1, a: [1, 2]}`, update: `{$addToSet: {a: 2.0}}`, want: `{_id: 1, a: [1, 2]}`},
		{doc: `{_id: 1, a: [1, 2]}`, update: `{$addToSet: {a: {$each: [2, 3, 3]}}}`, want: `{_id: 1, a: [1, 2, 3]}`, changed: true},
		{doc: `{_id: 1}`, update: `{$addToSet: {a: {$each: []}}}`, want: `{_id: 1, a: []}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{$addToSet: {a: 2}}`, code: 2},
		{doc: `{_id: 1, a: [1, 2, 3]}`, update: `{$pop: {a: 1}}`, want: `{_id: 1, a: [1, 2]}`, changed: true},
		{doc: `{_id: 1, a: [1, 2, 3]}`, update: `{$pop: {a: -1}}`, want: `{_id: 1, a: [2, 3]}`, changed: true},
		{doc: `{_id: 1, a: []}`, update: `{$pop: {a: 1}}`, want: `{_id: 1, a: []}`},
		{doc: `{_id: 1}`, update: `{$pop: {a: 1}}`, want: `{_id: 1}`},
		{doc: `{_id: 1}`, update: `{$pop: {a: 2}}`, code: 9, msg: "$pop expects 1 or -1, found: 2"},
		{doc: `{_id: 1, a: 1}`, update: `{$pop: {a: 1}}`, code: 14, msg: "Path 'a' contains an element of non-array type 'int'"},
		{doc: `{_id: 1, a: [1, 2, 3, 2]}`, update: `{$pull: {a: 2}}`, want: `{_id: 1, a: [1, 3]}`, changed: true},
		{doc: `{_id: 1, a: [1, 5, 7]}`, update: `{$pull: {a: {$gte: 5}}}`, want: `{_id: 1, a: [1]}`, changed: true},
		{doc: `{_id: 1, a: [{b: 1, c: 1}, {b: 2}]}`, update: `{$pull: {a: {b: 1}}}`, want: `{_id: 1, a: [{b: 2}]}`, changed: true},
		{doc: `{_id: 1, a: [[1], [2]]}`, update: `{$pull: {a: [1]}}`, want: `{_id: 1, a: [[2]]}`, changed: true},
		{doc: `{_id: 1, a: ["x", "y"]}`, update: `{$pull: {a: {$in: ["x"]}}}`, want: `{_id: 1, a: ["y"]}`, changed: true},
		{doc: `{_id: 1, a: [1, 2]}`, update: `{$pull: {a: 9}}`, want: `{_id: 1, a: [1, 2]}`},
		{doc: `{_id: 1, a: [[5, 7], [1]]}`, update: `{$pull: {a: {$gte: 6}}}`, want: `{_id: 1, a: [[1]]}`, changed: true}, // operators traverse element arrays
		{doc: `{_id: 1, a: ["ab", "cd", 1]}`, update: `{$pull: {a: /^a/}}`, want: `{_id: 1, a: ["cd", 1]}`, changed: true},
		{doc: `{_id: 1, a: [{b: 1}, {c: 1}]}`, update: `{$pull: {a: {$or: [{b: 1}, {c: 2}]}}}`, want: `{_id: 1, a: [{c: 1}]}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{$pull: {a: 1}}`, code: 2, msg: "Cannot apply $pull to a non-array value"},
		{doc: `{_id: 1, a: [1, 2, 3, 1]}`, update: `{$pullAll: {a: [1, 3]}}`, want: `{_id: 1, a: [2]}`, changed: true},
		{doc: `{_id: 1, a: [1]}`, update: `{$pullAll: {a: 1}}`, code: 2, msg: "$pullAll requires an array argument but was given a int"},
	}, nil)
}

func TestUpdatePositional(t *testing.T) {
	tests := []struct {
		filter, doc, update, want string
		code                      int32
	}{
		{`{a: 2}`, `{_id: 1, a: [1, 2, 3]}`, `{$set: {"a.$": 9}}`, `{_id: 1, a: [1, 9, 3]}`, 0},
		{`{"a.b": 2}`, `{_id: 1, a: [{b: 1}, {b: 2}]}`, `{$inc: {"a.$.b": 10}}`, `{_id: 1, a: [{b: 1}, {b: 12}]}`, 0},
		{`{_id: 1}`, `{_id: 1, a: [1]}`, `{$set: {"a.$": 9}}`, ``, 2},
	}
	for _, tc := range tests {
		f, err := engine.CompileFilter(doc(t, tc.filter), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, pos, _ := f.MatchPos(doc(t, tc.doc))
		got, changed, err := applyUpdate(t, tc.doc, tc.update, engine.UpdateOptions{}, pos)
		checkUpdate(t, updateCase{doc: tc.doc, update: tc.update, want: tc.want, changed: tc.want != "", code: tc.code}, got, changed, err)
	}
}

func TestUpdateArrayFilters(t *testing.T) {
	runUpdates(t, []updateCase{
		{doc: `{_id: 1, a: [1, 5, 7]}`, update: `{$set: {"a.$[x]": 0}}`, want: `{_id: 1, a: [1, 0, 0]}`, changed: true},
		{doc: `{_id: 1, a: [1, 5, 7]}`, update: `{$inc: {"a.$[x]": 1, b: 1}}`, want: `{_id: 1, a: [1, 6, 8], b: 1}`, changed: true},
		{doc: `{_id: 1, a: [1, 5]}`, update: `{$set: {"a.$[x]": 0, "a.$[]": 1}}`, code: 40, msg: "Update created a conflict at 'a.1'"},
		{doc: `{_id: 1}`, update: `{$set: {"a.$[y]": 1}}`, code: 2, msg: "No array filter found for identifier 'y' in path 'a.$[y]'"},
		{doc: `{_id: 1}`, update: `{$set: {a: 1}}`, code: 9, msg: "The array filter for identifier 'x' was not used in the update { $set: { a: 1 } }"},
	}, []string{`{x: {$gte: 5}}`})
	runUpdates(t, []updateCase{
		{doc: `{_id: 1, a: [1, 5, 7]}`, update: `{$inc: {"a.$[]": 1}}`, want: `{_id: 1, a: [2, 6, 8]}`, changed: true},
		{doc: `{_id: 1, a: [{b: 1}, {b: 2}]}`, update: `{$set: {"a.$[].c": 0}}`, want: `{_id: 1, a: [{b: 1, c: 0}, {b: 2, c: 0}]}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{$inc: {"a.$[]": 1}}`, code: 2, msg: "Cannot apply array updates to non-array element a: 1"},
		{doc: `{_id: 1}`, update: `{$inc: {"a.$[]": 1}}`, code: 2, msg: "The path 'a' must exist in the document in order to apply array updates."},
	}, nil)
	runUpdates(t, []updateCase{
		{doc: `{_id: 1, a: [{b: [1, 6]}, {b: [7]}]}`, update: `{$set: {"a.$[o].b.$[i]": 0}}`, want: `{_id: 1, a: [{b: [1, 6]}, {b: [0]}]}`, changed: true},
	}, []string{`{"o.b": {$size: 1}}`, `{i: {$gt: 5}}`})
	for _, tc := range []struct {
		filters []string
		code    int32
	}{
		{[]string{`{x: 1}`, `{x: 2}`}, 9},
		{[]string{`{X: 1}`}, 2},
		{[]string{`{x: 1, y: 1}`}, 9},
	} {
		opts := engine.UpdateOptions{}
		for _, f := range tc.filters {
			opts.ArrayFilters = append(opts.ArrayFilters, doc(t, f))
		}
		_, err := engine.CompileUpdate(val(t, `{$set: {"a.$[x]": 1}}`), opts)
		checkCode(t, tc.filters[0], err, tc.code)
	}
}

func TestUpdateReplacement(t *testing.T) {
	runUpdates(t, []updateCase{
		{doc: `{_id: 1, a: 1}`, update: `{b: 2}`, want: `{_id: 1, b: 2}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{b: 2, _id: 1}`, want: `{_id: 1, b: 2}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{}`, want: `{_id: 1}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `{a: 1}`, want: `{_id: 1, a: 1}`},
		{doc: `{_id: 1, a: 1}`, update: `{_id: 2}`, code: 66, msg: "After applying the update, the (immutable) field '_id' was found to have been altered to _id: 2"},
		{doc: `{_id: 1}`, update: `{"a.b": 1, c: {$d: 1}}`, want: `{_id: 1, "a.b": 1, c: {$d: 1}}`, changed: true},
		{doc: `{_id: 1}`, update: `{a: 1, $b: 1}`, code: 52},
	}, nil)
}

func TestUpdatePipeline(t *testing.T) {
	runUpdates(t, []updateCase{
		{doc: `{_id: 1, a: 1}`, update: `[{$set: {b: {$add: ["$a", 1]}}}]`, want: `{_id: 1, a: 1, b: 2}`, changed: true},
		{doc: `{_id: 1, a: 1, b: 1}`, update: `[{$unset: "a"}, {$project: {b: 1}}]`, want: `{_id: 1, b: 1}`, changed: true},
		{doc: `{_id: 1, foo: {}}`, update: `[{$replaceWith: {$setField: {field: {$literal: "$a"}, value: 1, input: "$$ROOT"}}}]`, want: `{_id: 1, foo: {}, $a: 1}`, changed: true},
		{doc: `{_id: 1, foo: {}}`, update: `[{$replaceWith: {$setField: {field: {$literal: "a.b"}, value: 1, input: "$$ROOT"}}}]`, want: `{_id: 1, foo: {}, "a.b": 1}`, changed: true},
		{doc: `{_id: 1, foo: {}}`, update: `[{$set: {foo: {$setField: {field: {$literal: "$a"}, value: 1, input: "$foo"}}}}]`, want: `{_id: 1, foo: {$a: 1}}`, changed: true},
		{doc: `{_id: 1, a: 1}`, update: `[{$replaceWith: {a: 2}}]`, want: `{_id: 1, a: 2}`, changed: true}, // a dropped _id is kept (crud/updateOne-pipeline.json)
		{doc: `{_id: 1, a: 1}`, update: `[{$set: {_id: 2}}]`, code: 66},
		{doc: `{_id: 1, a: 1}`, update: `[{$match: {}}]`, code: 72},
		{doc: `{_id: 1, a: 1}`, update: `[{$bogus: {}}]`, code: 40324},
		{doc: `{_id: 1}`, update: `[{$set: {t: "$$NOW"}}]`, want: `{_id: 1, t: Date(1700000000123)}`, changed: true},
	}, nil)
}

func TestUpsert(t *testing.T) {
	tests := []struct {
		filter, update, want string
		code                 int32
	}{
		{`{_id: 1}`, `{$set: {a: 1}}`, `{_id: 1, a: 1}`, 0},
		{`{a: 1, _id: 5}`, `{$set: {b: 1}}`, `{_id: 5, a: 1, b: 1}`, 0},
		{`{a: 1}`, `{$set: {b: 1}}`, `{_id: ObjectId("65000000000000000000000a"), a: 1, b: 1}`, 0},
		{`{"a.b": 1, c: {$gt: 1}, d: {$eq: 2}, e: /x/}`, `{$setOnInsert: {z: 1}}`, `{_id: ObjectId("65000000000000000000000a"), a: {b: 1}, d: 2, z: 1}`, 0},
		{`{$and: [{a: 1}, {b: 2}], $or: [{c: 1}]}`, `{$inc: {a: 1}}`, `{_id: ObjectId("65000000000000000000000a"), a: 2, b: 2}`, 0},
		{`{_id: 1}`, `{x: 1}`, `{_id: 1, x: 1}`, 0},
		{`{a: 1}`, `{x: 1}`, `{_id: ObjectId("65000000000000000000000a"), x: 1}`, 0},
		{`{_id: 1}`, `[{$set: {a: "$_id"}}]`, `{_id: 1, a: 1}`, 0},
		{`{a: 1, "a.b": 1}`, `{$set: {x: 1}}`, ``, 54},
		{`{_id: 1}`, `{$set: {_id: 2}}`, `{_id: 2}`, 0},
	}
	for _, tc := range tests {
		up, err := engine.CompileUpdate(val(t, tc.update), engine.UpdateOptions{Env: fixedEnv()})
		if err != nil {
			t.Fatal(err)
		}
		got, err := up.Upsert(doc(t, tc.filter))
		if tc.code != 0 {
			checkCode(t, tc.filter, err, tc.code)
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", tc.filter, tc.update, err)
			continue
		}
		if want := doc(t, tc.want); string(got) != string(want) {
			t.Errorf("%s %s:\n got  %s\n want %s", tc.filter, tc.update, renderDoc(got), renderDoc(want))
		}
	}
}

func TestPrepareForInsert(t *testing.T) {
	env := fixedEnv()
	got, id, err := engine.PrepareForInsert(doc(t, `{a: 1, _id: 2}`), env)
	if err != nil || string(got) != string(doc(t, `{_id: 2, a: 1}`)) || id.Int32() != 2 {
		t.Errorf("PrepareForInsert = %s, %s, %v", renderDoc(got), render(id), err)
	}
	got, _, _ = engine.PrepareForInsert(doc(t, `{a: 1}`), env)
	if string(got) != string(doc(t, `{_id: ObjectId("65000000000000000000000a"), a: 1}`)) {
		t.Errorf("PrepareForInsert without _id = %s", renderDoc(got))
	}
	for _, tc := range []struct {
		d    string
		code int32
	}{{`{_id: {$a: 1}}`, 52}, {`{_id: [1]}`, 53}, {`{_id: /x/}`, 53}, {`{_id: {a: {$b: 1}}}`, 52}} {
		_, _, err := engine.PrepareForInsert(doc(t, tc.d), env)
		checkCode(t, tc.d, err, tc.code)
	}
	if _, _, err := engine.PrepareForInsert(doc(t, `{"a.b": 1, $c: {"$d": 1}}`), env); err != nil {
		t.Errorf("dotted and $-prefixed names are stored as given: %v", err)
	}
}
