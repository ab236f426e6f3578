package engine_test

import (
	"testing"

	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

type exprCase struct {
	expr string
	doc  string
	want string // a value; "<missing>" for the missing value
	code int32  // expected error code instead
}

func runExprs(t *testing.T, cases []exprCase) {
	t.Helper()
	for _, tc := range cases {
		env := fixedEnv()
		env.Rand = func() float64 { return 0.25 }
		x, err := engine.CompileExpression(val(t, tc.expr), env)
		if err == nil {
			var d = doc(t, "{}")
			if tc.doc != "" {
				d = doc(t, tc.doc)
			}
			var got = val(t, "null")
			got, err = x.Eval(d)
			if err == nil && tc.code == 0 {
				if tc.want == "<missing>" {
					if got.Type != 0 {
						t.Errorf("%s on %s = %s, want missing", tc.expr, tc.doc, render(got))
					}
				} else if want := val(t, tc.want); !sameValue(got, want) {
					t.Errorf("%s on %s = %s, want %s", tc.expr, tc.doc, render(got), render(want))
				}
				continue
			}
		}
		if tc.code == 0 {
			t.Errorf("%s on %s: %v", tc.expr, tc.doc, err)
			continue
		}
		checkCode(t, tc.expr, err, tc.code)
	}
}

func TestExprBasics(t *testing.T) {
	runExprs(t, []exprCase{
		{expr: `"$a"`, doc: `{a: 1}`, want: `1`},
		{expr: `"$a.b"`, doc: `{a: {b: "x"}}`, want: `"x"`},
		{expr: `"$a.b"`, doc: `{a: [{b: 1}, {c: 1}, {b: 2}, 5]}`, want: `[1, 2]`},
		{expr: `"$a.b"`, doc: `{a: [[{b: 1}], {b: 2}]}`, want: `[[1], 2]`},
		{expr: `"$a.0"`, doc: `{a: [5]}`, want: `[]`}, // numeric parts are field names
		{expr: `"$missing"`, doc: `{}`, want: `<missing>`},
		{expr: `"$$ROOT"`, doc: `{a: 1}`, want: `{a: 1}`},
		{expr: `"$$CURRENT.a"`, doc: `{a: 1}`, want: `1`},
		{expr: `"$$REMOVE"`, want: `<missing>`},
		{expr: `"$$NOW"`, want: `Date(1700000000123)`},
		{expr: `{$literal: "$a"}`, want: `"$a"`},
		{expr: `{a: "$x", b: {$add: [1, 1]}, c: "$missing"}`, doc: `{x: 1}`, want: `{a: 1, b: 2}`},
		{expr: `["$x", "$missing"]`, doc: `{x: 1}`, want: `[1, null]`},
		{expr: `{}`, want: `{}`},
		{expr: `{$rand: {}}`, want: `0.25`},
		{expr: `{$let: {vars: {x: 2, y: "$a"}, in: {$multiply: ["$$x", "$$y"]}}}`, doc: `{a: 3}`, want: `6`},
		{expr: `{$foo: 1}`, code: 168},
		{expr: `{$add: [1], $sub: [2]}`, code: 15983},
		{expr: `"$"`, code: 16872},
		{expr: `"$a."`, code: 40353},
		{expr: `"$a..b"`, code: 15998},
		{expr: `"$a.$b"`, code: 16410},
		{expr: `"$$x"`, code: 17276},
		{expr: `"$$"`, code: 9},
		{expr: `{a: 1, $b: 1}`, code: 16410},
		{expr: `{a: 1, a: 2}`, code: 16406},
		{expr: `{$let: {vars: {X: 1}, in: 1}}`, code: 9},
	})
}

func TestExprComparisonAndLogic(t *testing.T) {
	runExprs(t, []exprCase{
		{expr: `{$eq: ["$a", 1]}`, doc: `{a: 1.0}`, want: `true`},
		{expr: `{$eq: ["$missing", null]}`, want: `false`},
		{expr: `{$lt: ["$missing", null]}`, want: `true`},
		{expr: `{$gt: ["a", 1]}`, want: `true`},
		{expr: `{$cmp: [2, 1]}`, want: `1`},
		{expr: `{$ne: [[1], [1]]}`, want: `false`},
		{expr: `{$eq: [1]}`, code: 16020},
		{expr: `{$and: [1, "x", [], {}]}`, want: `true`},
		{expr: `{$and: [1, 0]}`, want: `false`},
		{expr: `{$and: []}`, want: `true`},
		{expr: `{$or: [null, "$missing", false]}`, want: `false`},
		{expr: `{$or: [0, NumberDecimal("0.1")]}`, want: `true`},
		{expr: `{$not: [null]}`, want: `true`},
		{expr: `{$cond: [true, 1, 2]}`, want: `1`},
		{expr: `{$cond: {if: "$missing", then: 1, else: 2}}`, want: `2`},
		{expr: `{$cond: {if: 1, then: 1}}`, code: 17082},
		{expr: `{$ifNull: ["$missing", null, 3]}`, want: `3`},
		{expr: `{$ifNull: ["$a", 3]}`, doc: `{a: false}`, want: `false`},
		{expr: `{$ifNull: ["$a", "$b"]}`, want: `<missing>`},
		{expr: `{$switch: {branches: [{case: false, then: 1}, {case: true, then: 2}], default: 3}}`, want: `2`},
		{expr: `{$switch: {branches: [{case: false, then: 1}]}}`, code: 40066},
	})
}

func TestExprArithmetic(t *testing.T) {
	runExprs(t, []exprCase{
		{expr: `{$add: [1, 2]}`, want: `3`},
		{expr: `{$add: [2147483647, 1]}`, want: `NumberLong(2147483648)`},
		{expr: `{$add: [NumberLong(9223372036854775807), 1]}`, want: `9223372036854775808.0`},
		{expr: `{$add: [1, 2.5]}`, want: `3.5`},
		{expr: `{$add: [1, NumberDecimal("2.5")]}`, want: `NumberDecimal("3.5")`},
		{expr: `{$add: [Date(1000), 500]}`, want: `Date(1500)`},
		{expr: `{$add: [1, null]}`, want: `null`},
		{expr: `{$add: [1, "$missing"]}`, want: `null`},
		{expr: `{$add: [1, "x"]}`, code: 16554},
		{expr: `{$add: [Date(1), Date(2)]}`, code: 16612},
		{expr: `{$add: []}`, want: `0`},
		{expr: `{$subtract: [5, 7]}`, want: `-2`},
		{expr: `{$subtract: [Date(5000), Date(3000)]}`, want: `NumberLong(2000)`},
		{expr: `{$subtract: [Date(5000), 1000]}`, want: `Date(4000)`},
		{expr: `{$subtract: ["x", 1]}`, code: 16556},
		{expr: `{$multiply: [2, 3, 1.5]}`, want: `9.0`},
		{expr: `{$multiply: [2, "x"]}`, code: 16555},
		{expr: `{$divide: [7, 2]}`, want: `3.5`},
		{expr: `{$divide: [6, 2]}`, want: `3.0`},
		{expr: `{$divide: [NumberDecimal("1"), 4]}`, want: `NumberDecimal("0.25")`},
		{expr: `{$divide: [1, 0]}`, code: 16608},
		{expr: `{$mod: [7, 3]}`, want: `1`},
		{expr: `{$mod: [-7, 3]}`, want: `-1`},
		{expr: `{$mod: [7.5, 2]}`, want: `1.5`},
		{expr: `{$mod: [7, NumberLong(3)]}`, want: `NumberLong(1)`},
		{expr: `{$mod: [7, 0]}`, code: 16610},
		{expr: `{$abs: -5}`, want: `5`},
		{expr: `{$abs: -2.5}`, want: `2.5`},
		{expr: `{$ceil: 2.1}`, want: `3.0`},
		{expr: `{$floor: -2.1}`, want: `-3.0`},
		{expr: `{$trunc: [2.567, 2]}`, want: `2.56`},
		{expr: `{$round: [2.5]}`, want: `2.0`},
		{expr: `{$round: [3.5]}`, want: `4.0`},
		{expr: `{$pow: [2, 10]}`, want: `1024`},
		{expr: `{$sqrt: 16}`, want: `4.0`},
		{expr: `{$sum: [1, "x", 2.5]}`, want: `3.5`},
		{expr: `{$sum: "$a"}`, doc: `{a: [1, 2, NumberLong(3)]}`, want: `NumberLong(6)`},
		{expr: `{$avg: [1, 2]}`, want: `1.5`},
		{expr: `{$avg: ["x"]}`, want: `null`},
		{expr: `{$min: [3, null, 1]}`, want: `1`},
		{expr: `{$max: "$a"}`, doc: `{a: [3, "x", 1]}`, want: `"x"`},
	})
}

func TestExprStringsArraysObjects(t *testing.T) {
	runExprs(t, []exprCase{
		{expr: `{$concat: ["a", "b", "c"]}`, want: `"abc"`},
		{expr: `{$concat: ["a", null]}`, want: `null`},
		{expr: `{$concat: ["a", 1]}`, code: 16702},
		{expr: `{$toUpper: "abC"}`, want: `"ABC"`},
		{expr: `{$toLower: null}`, want: `""`},
		{expr: `{$toLower: 5}`, want: `"5"`},
		{expr: `{$toUpper: [[]]}`, code: 16007},
		{expr: `{$strLenBytes: "héllo"}`, want: `6`},
		{expr: `{$strLenCP: "héllo"}`, want: `5`},
		{expr: `{$substrBytes: ["hello", 1, 3]}`, want: `"ell"`},
		{expr: `{$split: ["a,b,c", ","]}`, want: `["a", "b", "c"]`},
		{expr: `{$trim: {input: "  x  "}}`, want: `"x"`},
		{expr: `{$ltrim: {input: "xxa", chars: "x"}}`, want: `"a"`},
		{expr: `{$regexMatch: {input: "Hello", regex: "^h", options: "i"}}`, want: `true`},
		{expr: `{$replaceAll: {input: "a-b-c", find: "-", replacement: "+"}}`, want: `"a+b+c"`},
		{expr: `{$strcasecmp: ["A", "a"]}`, want: `0`},
		{expr: `{$size: [[1, 2, 3]]}`, want: `3`},
		{expr: `{$size: "$a"}`, doc: `{a: 1}`, code: 17124},
		{expr: `{$arrayElemAt: [[1, 2, 3], -1]}`, want: `3`},
		{expr: `{$arrayElemAt: [[1, 2, 3], 5]}`, want: `<missing>`},
		{expr: `{$arrayElemAt: ["x", 0]}`, code: 28689},
		{expr: `{$arrayElemAt: [[1], "x"]}`, code: 28690},
		{expr: `{$arrayElemAt: [[1], 1.5]}`, code: 28691},
		{expr: `{$first: [[1, 2]]}`, want: `1`},
		{expr: `{$last: "$a"}`, doc: `{a: [1, 2]}`, want: `2`},
		{expr: `{$in: [2, [1, 2]]}`, want: `true`},
		{expr: `{$in: [2, "x"]}`, code: 40081},
		{expr: `{$isArray: [[1]]}`, want: `true`},
		{expr: `{$isArray: "x"}`, want: `false`},
		{expr: `{$concatArrays: [[1], [2, 3]]}`, want: `[1, 2, 3]`},
		{expr: `{$slice: [[1, 2, 3, 4], 2]}`, want: `[1, 2]`},
		{expr: `{$slice: [[1, 2, 3, 4], -2]}`, want: `[3, 4]`},
		{expr: `{$slice: [[1, 2, 3, 4], 1, 2]}`, want: `[2, 3]`},
		{expr: `{$reverseArray: [[1, 2]]}`, want: `[2, 1]`},
		{expr: `{$indexOfArray: [[1, 2, 3], 2]}`, want: `1`},
		{expr: `{$range: [0, 6, 2]}`, want: `[0, 2, 4]`},
		{expr: `{$filter: {input: [1, 2, 3, 4], cond: {$gt: ["$$this", 2]}}}`, want: `[3, 4]`},
		{expr: `{$filter: {input: [1, 2, 3, 4], as: "n", cond: {$gt: ["$$n", 1]}, limit: 2}}`, want: `[2, 3]`},
		{expr: `{$map: {input: [1, 2], as: "x", in: {$multiply: ["$$x", 10]}}}`, want: `[10, 20]`},
		{expr: `{$map: {input: "$missing", in: 1}}`, want: `null`},
		{expr: `{$reduce: {input: [1, 2, 3], initialValue: 0, in: {$add: ["$$value", "$$this"]}}}`, want: `6`},
		{expr: `{$setUnion: [[1, 2], [2.0, 3]]}`, want: `[1, 2, 3]`},
		{expr: `{$setIntersection: [[1, 2], [2, 3]]}`, want: `[2]`},
		{expr: `{$setDifference: [[1, 2], [2]]}`, want: `[1]`},
		{expr: `{$setEquals: [[1, 2], [2, 1, 1]]}`, want: `true`},
		{expr: `{$sortArray: {input: [3, 1, 2], sortBy: -1}}`, want: `[3, 2, 1]`},
		{expr: `{$sortArray: {input: [{a: 2}, {a: 1}], sortBy: {a: 1}}}`, want: `[{a: 1}, {a: 2}]`},
		{expr: `{$mergeObjects: [{a: 1, b: 1}, null, {b: 2, c: 3}]}`, want: `{a: 1, b: 2, c: 3}`},
		{expr: `{$mergeObjects: [{a: 1}, 5]}`, code: 40400},
		{expr: `{$objectToArray: {a: 1}}`, want: `[{k: "a", v: 1}]`},
		{expr: `{$arrayToObject: [[["a", 1], ["b", 2]]]}`, want: `{a: 1, b: 2}`},
		{expr: `{$arrayToObject: [[{k: "a", v: 1}]]}`, want: `{a: 1}`},
		{expr: `{$getField: "a.b"}`, doc: `{"a.b": 1}`, want: `1`},
		{expr: `{$getField: {field: {$literal: "$x"}, input: {$literal: {$x: 2}}}}`, want: `2`},
		{expr: `{$getField: {field: "$f", input: {a: 3}}}`, doc: `{f: "a"}`, want: `3`},
		{expr: `{$setField: {field: "a", input: {a: 1, b: 2}, value: 5}}`, want: `{a: 5, b: 2}`},
		{expr: `{$setField: {field: {$literal: "$a"}, input: {}, value: 5}}`, want: `{$a: 5}`},
		{expr: `{$setField: {field: "a", input: {a: 1, b: 2}, value: "$$REMOVE"}}`, want: `{b: 2}`},
		{expr: `{$setField: {field: "a", input: null, value: 1}}`, want: `null`},
		{expr: `{$unsetField: {field: "a", input: {a: 1, b: 2}}}`, want: `{b: 2}`},
		{expr: `{$setField: {field: "$a", input: {}, value: 1}}`, code: 4161106},
		{expr: `{$setField: {field: 1, input: {}, value: 1}}`, code: 4161107},
		{expr: `{$setField: {input: {}, value: 1}}`, code: 4161102},
		{expr: `{$setField: {field: "a", input: 1, value: 1}}`, code: 4161105},
	})
}

func TestExprTypesAndDates(t *testing.T) {
	runExprs(t, []exprCase{
		{expr: `{$type: "$a"}`, doc: `{a: 1}`, want: `"int"`},
		{expr: `{$type: "$a"}`, want: `"missing"`},
		{expr: `{$type: [[1]]}`, want: `"array"`},
		{expr: `{$isNumber: NumberLong(1)}`, want: `true`},
		{expr: `{$toString: 5}`, want: `"5"`},
		{expr: `{$toString: 2.5}`, want: `"2.5"`},
		{expr: `{$toString: ObjectId("65000000000000000000000a")}`, want: `"65000000000000000000000a"`},
		{expr: `{$toInt: "42"}`, want: `42`},
		{expr: `{$toInt: 2.9}`, want: `2`},
		{expr: `{$toLong: true}`, want: `NumberLong(1)`},
		{expr: `{$toDouble: "1.5"}`, want: `1.5`},
		{expr: `{$toDecimal: 1}`, want: `NumberDecimal("1")`},
		{expr: `{$toBool: 0}`, want: `false`},
		{expr: `{$toObjectId: "65000000000000000000000a"}`, want: `ObjectId("65000000000000000000000a")`},
		{expr: `{$toInt: "x"}`, code: 241},
		{expr: `{$convert: {input: "x", to: "int", onError: -1}}`, want: `-1`},
		{expr: `{$convert: {input: null, to: "int", onNull: 0}}`, want: `0`},
		{expr: `{$toDate: 1000}`, code: 241},
		{expr: `{$toDate: NumberLong(1000)}`, want: `Date(1000)`},
		{expr: `{$year: Date(1700000000123)}`, want: `2023`},
		{expr: `{$month: "$d"}`, doc: `{d: Date(1700000000123)}`, want: `11`},
		{expr: `{$hour: {date: Date(0), timezone: "+05:30"}}`, want: `5`},
		{expr: `{$dateToString: {date: Date(1700000000123)}}`, want: `"2023-11-14T22:13:20.123Z"`},
		{expr: `{$dateToString: {date: Date(0), format: "%Y/%m/%d"}}`, want: `"1970/01/01"`},
		{expr: `{$bsonSize: {a: 1}}`, want: `12`},
	})
}
