package engine_test

import (
	"testing"

	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

func TestCompareOrder(t *testing.T) {
	// Each value is strictly less than the next: the server's cross-type
	// order (MinKey < undefined < null < numbers < strings < objects <
	// arrays < binData < ObjectId < bool < date < timestamp < regex <
	// MaxKey) and the order within types.
	ordered := []string{
		`MinKey`, `undefined`, `null`,
		`NaN`, `-Infinity`, `NumberLong(-9223372036854775808)`, `-1.5`, `-1`, `NumberDecimal("-0.5")`,
		`0`, `0.1`, `NumberDecimal("0.2")`, `1`, `1.5`, `NumberLong(9007199254740993)`, `9007199254740994.0`,
		`NumberLong(9223372036854775807)`, `9223372036854775808.0`, `NumberDecimal("1e400")`, `Infinity`,
		`""`, `"A"`, `"B"`, `"a"`, `"ab"`, `"b"`,
		`{}`, `{a: 1}`, `{a: 1, b: 1}`, `{b: 0}`, `{a: "x"}`, // types before names
		`[]`, `[1]`, `[1, 2]`, `[2]`,
		`BinData(0, "")`, `BinData(1, "AA==")`, `BinData(0, "AAA=")`,
		`ObjectId("000000000000000000000000")`, `ObjectId("000000000000000000000001")`,
		`false`, `true`, `Date(-1)`, `Date(0)`, `Timestamp(0, 1)`, `Timestamp(1, 0)`,
		`/a/`, `/a/i`, `/b/`, `MaxKey`,
	}
	for i := range ordered {
		for j := range ordered {
			a, b := val(t, ordered[i]), val(t, ordered[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := engine.Compare(a, b, nil); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func TestCompareEqualAcrossTypes(t *testing.T) {
	equal := [][2]string{
		{`1`, `1.0`}, {`1`, `NumberLong(1)`}, {`1`, `NumberDecimal("1.00")`}, {`0.5`, `NumberDecimal("0.5")`},
		{`-0.0`, `0`}, {`NaN`, `NumberDecimal("NaN")`}, {`{a: 1}`, `{a: 1.0}`}, {`[1, 2]`, `[1.0, NumberLong(2)]`},
		{`"x"`, `Symbol("x")`}, {`null`, `null`},
	}
	for _, p := range equal {
		if got := engine.Compare(val(t, p[0]), val(t, p[1]), nil); got != 0 {
			t.Errorf("Compare(%s, %s) = %d, want 0", p[0], p[1], got)
		}
	}
}

func TestCompareCollation(t *testing.T) {
	tests := []struct {
		spec string
		a, b string
		want int
	}{
		{`{locale: "en_US", strength: 2}`, `"PING"`, `"ping"`, 0},
		{`{locale: "en_US", strength: 2}`, `"café"`, `"cafe"`, 1},
		{`{locale: "en_US", strength: 1}`, `"Café"`, `"cafe"`, 0},
		{`{locale: "en_US"}`, `"a"`, `"B"`, -1}, // ICU orders letters before case
		{`{locale: "en_US"}`, `"a"`, `"A"`, -1}, // lower case first at the tertiary level
		{`{locale: "en_US", numericOrdering: true}`, `"a10"`, `"a9"`, 1},
		{`{locale: "simple"}`, `"a"`, `"B"`, 1},
	}
	for _, tc := range tests {
		c, err := engine.ParseCollation(doc(t, tc.spec))
		if err != nil {
			t.Fatal(err)
		}
		if got := engine.Compare(val(t, tc.a), val(t, tc.b), c); got != tc.want {
			t.Errorf("%s: Compare(%s, %s) = %d, want %d", tc.spec, tc.a, tc.b, got, tc.want)
		}
	}
}

func TestParseCollationErrors(t *testing.T) {
	tests := []struct {
		spec string
		code int32
	}{
		{`{strength: 2}`, 40414},
		{`{locale: "en", strength: 9}`, 2},
		{`{locale: "en", bogus: 1}`, 40415},
		{`{locale: 1}`, 14},
	}
	for _, tc := range tests {
		_, err := engine.ParseCollation(doc(t, tc.spec))
		checkCode(t, tc.spec, err, tc.code)
	}
}

// checkCode fails unless err is an *engine.Error with code.
func checkCode(t *testing.T, what string, err error, code int32) {
	t.Helper()
	e, ok := err.(*engine.Error)
	if !ok {
		t.Errorf("%s: error %v (%T), want code %d", what, err, err, code)
		return
	}
	if e.Code != code {
		t.Errorf("%s: code %d (%s), want %d", what, e.Code, e.Msg, code)
	}
}
