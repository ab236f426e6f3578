package bson_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// ejDoc builds a document from element appenders.
func ejDoc(elems ...func([]byte) []byte) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	for _, e := range elems {
		b = e(b)
	}
	return bson.AppendDocumentEnd(b, start)
}

var ejOID = bson.ObjectID{0x57, 0xe1, 0x93, 0xd7, 0xa9, 0xcc, 0x81, 0xb4, 0x02, 0x74, 0x98, 0xb5}

func TestAppendExtJSONForms(t *testing.T) {
	tests := []struct {
		name               string
		doc                bson.Raw
		canonical, relaxed string
	}{
		{"double integral", ejDoc(func(b []byte) []byte { return bson.AppendDoubleElement(b, "d", 1) }),
			`{"d":{"$numberDouble":"1.0"}}`, `{"d":1.0}`},
		{"double negative zero", ejDoc(func(b []byte) []byte { return bson.AppendDoubleElement(b, "d", math.Copysign(0, -1)) }),
			`{"d":{"$numberDouble":"-0.0"}}`, `{"d":-0.0}`},
		{"double large", ejDoc(func(b []byte) []byte { return bson.AppendDoubleElement(b, "d", 1e100) }),
			`{"d":{"$numberDouble":"1E+100"}}`, `{"d":1E+100}`},
		{"double small", ejDoc(func(b []byte) []byte { return bson.AppendDoubleElement(b, "d", 1e-5) }),
			`{"d":{"$numberDouble":"1E-05"}}`, `{"d":1E-05}`},
		{"double plain", ejDoc(func(b []byte) []byte { return bson.AppendDoubleElement(b, "d", 123456) }),
			`{"d":{"$numberDouble":"123456.0"}}`, `{"d":123456.0}`},
		{"double NaN", ejDoc(func(b []byte) []byte { return bson.AppendDoubleElement(b, "d", math.NaN()) }),
			`{"d":{"$numberDouble":"NaN"}}`, `{"d":{"$numberDouble":"NaN"}}`},
		{"int32 and int64", ejDoc(
			func(b []byte) []byte { return bson.AppendInt32Element(b, "i", -7) },
			func(b []byte) []byte { return bson.AppendInt64Element(b, "l", 1<<40) }),
			`{"i":{"$numberInt":"-7"},"l":{"$numberLong":"1099511627776"}}`, `{"i":-7,"l":1099511627776}`},
		{"date with ms", ejDoc(func(b []byte) []byte { return bson.AppendDateTimeElement(b, "t", 1356351330001) }),
			`{"t":{"$date":{"$numberLong":"1356351330001"}}}`, `{"t":{"$date":"2012-12-24T12:15:30.001Z"}}`},
		{"date last ms of 9999", ejDoc(func(b []byte) []byte { return bson.AppendDateTimeElement(b, "t", 253402300799999) }),
			`{"t":{"$date":{"$numberLong":"253402300799999"}}}`, `{"t":{"$date":"9999-12-31T23:59:59.999Z"}}`},
		{"date before 1970", ejDoc(func(b []byte) []byte { return bson.AppendDateTimeElement(b, "t", -1) }),
			`{"t":{"$date":{"$numberLong":"-1"}}}`, `{"t":{"$date":{"$numberLong":"-1"}}}`},
		{"regex options sorted", ejDoc(func(b []byte) []byte { return bson.AppendRegexElement(b, "r", "a/b", "xmi") }),
			`{"r":{"$regularExpression":{"pattern":"a/b","options":"imx"}}}`, ""},
		{"binary old subtype", ejDoc(func(b []byte) []byte { return bson.AppendBinaryElement(b, "b", 2, []byte{0xff, 0xff}) }),
			`{"b":{"$binary":{"base64":"//8=","subType":"02"}}}`, ""},
		{"binary user subtype", ejDoc(func(b []byte) []byte { return bson.AppendBinaryElement(b, "b", 0x80, nil) }),
			`{"b":{"$binary":{"base64":"","subType":"80"}}}`, ""},
		{"code with scope", ejDoc(func(b []byte) []byte {
			return bson.AppendCodeWithScopeElement(b, "c", "f()", ejDoc(func(b []byte) []byte { return bson.AppendInt32Element(b, "x", 1) }))
		}), `{"c":{"$code":"f()","$scope":{"x":{"$numberInt":"1"}}}}`, `{"c":{"$code":"f()","$scope":{"x":1}}}`},
		{"deprecated types", ejDoc(
			func(b []byte) []byte { return bson.AppendSymbolElement(b, "s", "sym") },
			func(b []byte) []byte { return bson.AppendUndefinedElement(b, "u") },
			func(b []byte) []byte { return bson.AppendDBPointerElement(b, "p", "db.c", ejOID) }),
			`{"s":{"$symbol":"sym"},"u":{"$undefined":true},"p":{"$dbPointer":{"$ref":"db.c","$id":{"$oid":"57e193d7a9cc81b4027498b5"}}}}`, ""},
		{"timestamp min max", ejDoc(
			func(b []byte) []byte { return bson.AppendTimestampElement(b, "ts", 4294967295, 1) },
			func(b []byte) []byte { return bson.AppendMinKeyElement(b, "lo") },
			func(b []byte) []byte { return bson.AppendMaxKeyElement(b, "hi") }),
			`{"ts":{"$timestamp":{"t":4294967295,"i":1}},"lo":{"$minKey":1},"hi":{"$maxKey":1}}`, ""},
		{"escapes", ejDoc(func(b []byte) []byte { return bson.AppendStringElement(b, "k\"\n", "<é\x01\u2028\t\\>") }),
			`{"k\"\n":"<é\u0001\u2028\t\\>"}`, ""},
		{"array keys ignored", ejDoc(func(b []byte) []byte {
			b, start := bson.AppendArrayElementStart(b, "a")
			b = bson.AppendBooleanElement(b, "x", true)
			b = bson.AppendNullElement(b, "y")
			return bson.AppendDocumentEnd(b, start)
		}), `{"a":[true,null]}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.relaxed == "" {
				tc.relaxed = tc.canonical
			}
			for _, c := range []struct {
				canonical bool
				want      string
			}{{true, tc.canonical}, {false, tc.relaxed}} {
				got, err := bson.AppendExtJSON([]byte("prefix"), tc.doc, c.canonical)
				if err != nil {
					t.Fatalf("canonical=%v: %v", c.canonical, err)
				}
				if string(got) != "prefix"+c.want {
					t.Errorf("canonical=%v:\n got %s\nwant prefix%s", c.canonical, got, c.want)
				}
			}
		})
	}
}

func TestAppendExtJSONValue(t *testing.T) {
	v := bson.RawValue{Type: bson.TypeInt32, Value: bson.AppendInt32(nil, 42)}
	if got, err := bson.AppendExtJSONValue(nil, v, true); err != nil || string(got) != `{"$numberInt":"42"}` {
		t.Errorf("canonical int32 = %s, %v", got, err)
	}
	if s := v.String(); s != "42" {
		t.Errorf("RawValue.String() = %q, want 42", s)
	}
	str := bson.RawValue{Type: bson.TypeString, Value: bson.AppendString(nil, "a\"b")}
	if s := str.String(); s != `"a\"b"` {
		t.Errorf("RawValue.String() = %q", s)
	}
	for _, bad := range []bson.RawValue{{}, {Type: bson.TypeString, Value: []byte{9, 0, 0, 0, 'a', 0}}, {Type: 0x42, Value: []byte{1}}} {
		if s := bad.String(); !strings.HasPrefix(s, "<malformed BSON value: ") {
			t.Errorf("String() of %v = %q, want a marker", bad, s)
		}
		if out, err := bson.AppendExtJSONValue([]byte("x"), bad, false); err == nil || string(out) != "x" {
			t.Errorf("AppendExtJSONValue(%v) = %q, %v; want dst unchanged and an error", bad, out, err)
		}
	}
}

func TestRawStringMalformed(t *testing.T) {
	doc := ejDoc(func(b []byte) []byte { return bson.AppendStringElement(b, "a", "b") })
	if s := doc.String(); s != `{"a":"b"}` {
		t.Errorf("String() = %q", s)
	}
	for i := 0; i < len(doc); i++ {
		bad := append(bson.Raw(nil), doc[:i]...)
		if s := bad.String(); !strings.HasPrefix(s, "<malformed BSON document: ") {
			t.Errorf("String() of %X = %q", bad, s)
		}
	}
	invalidUTF8 := ejDoc(func(b []byte) []byte { return bson.AppendStringElement(b, "a", "\xff") })
	if _, err := bson.AppendExtJSON(nil, invalidUTF8, false); err == nil {
		t.Error("AppendExtJSON accepted a string that is not UTF-8")
	}
}

func TestParseExtJSONForms(t *testing.T) {
	oidDoc := func(key string) bson.Raw {
		return ejDoc(func(b []byte) []byte { return bson.AppendObjectIDElement(b, key, ejOID) })
	}
	tests := []struct {
		name    string
		in      string
		want    bson.Raw
		relaxed bool // only without canonicalOnly
	}{
		{"whitespace everywhere", " \t\n{ \"a\" :\r[ ] , \"b\":{ } }\n ", ejDoc(
			func(b []byte) []byte { return bson.AppendArrayElement(b, "a", ejDoc()) },
			func(b []byte) []byte { return bson.AppendDocumentElement(b, "b", ejDoc()) }), false},
		{"escaped wrapper key", `{"x":{"\u0024oid":"57E193D7A9CC81B4027498B5"}}`, oidDoc("x"), false},
		{"top-level wrapper keys are a document", `{"$oid":"x"}`, ejDoc(func(b []byte) []byte { return bson.AppendStringElement(b, "$oid", "x") }), false},
		{"integers by size", `{"a":-0,"b":2147483648,"c":-9223372036854775809,"d":1e2}`, ejDoc(
			func(b []byte) []byte { return bson.AppendInt32Element(b, "a", 0) },
			func(b []byte) []byte { return bson.AppendInt64Element(b, "b", 2147483648) },
			func(b []byte) []byte { return bson.AppendDoubleElement(b, "c", -9223372036854775809) },
			func(b []byte) []byte { return bson.AppendDoubleElement(b, "d", 100) }), true},
		{"legacy regex", `{"r":{"$options":"xi","$regex":"a\"b"}}`,
			ejDoc(func(b []byte) []byte { return bson.AppendRegexElement(b, "r", `a"b`, "ix") }), false}, // a document with canonicalOnly
		{"regex operator stays a document", `{"r":{"$regex":"a","$options":"i","x":1}}`, ejDoc(func(b []byte) []byte {
			return bson.AppendDocumentElement(b, "r", ejDoc(
				func(b []byte) []byte { return bson.AppendStringElement(b, "$regex", "a") },
				func(b []byte) []byte { return bson.AppendStringElement(b, "$options", "i") },
				func(b []byte) []byte { return bson.AppendInt32Element(b, "x", 1) }))
		}), true},
		{"legacy binary type first", `{"b":{"$type":"80","$binary":"AQI="}}`,
			ejDoc(func(b []byte) []byte { return bson.AppendBinaryElement(b, "b", 0x80, []byte{1, 2}) }), true},
		{"legacy binary old subtype", `{"b":{"$binary":"//8=","$type":"2"}}`,
			ejDoc(func(b []byte) []byte { return bson.AppendBinaryElement(b, "b", 2, []byte{0xff, 0xff}) }), true},
		{"uuid", `{"u":{"$uuid":"73ffd264-44b3-4c69-90e8-e7d1dfc035d4"}}`, ejDoc(func(b []byte) []byte {
			return bson.AppendBinaryElement(b, "u", 4, []byte{0x73, 0xff, 0xd2, 0x64, 0x44, 0xb3, 0x4c, 0x69, 0x90, 0xe8, 0xe7, 0xd1, 0xdf, 0xc0, 0x35, 0xd4})
		}), false},
		{"date with offset and µs", `{"t":{"$date":"1970-01-01T01:00:00.0019+01:00"}}`,
			ejDoc(func(b []byte) []byte { return bson.AppendDateTimeElement(b, "t", 1) }), true},
		{"scope before code", `{"c":{"$scope":{},"$code":"f"}}`,
			ejDoc(func(b []byte) []byte { return bson.AppendCodeWithScopeElement(b, "c", "f", ejDoc()) }), false},
		{"id before ref", `{"p":{"$dbPointer":{"$id":{"$oid":"57e193d7a9cc81b4027498b5"},"$ref":"n"}}}`,
			ejDoc(func(b []byte) []byte { return bson.AppendDBPointerElement(b, "p", "n", ejOID) }), false},
		{"options before pattern, sorted", `{"r":{"$regularExpression":{"options":"sm","pattern":"p"}}}`,
			ejDoc(func(b []byte) []byte { return bson.AppendRegexElement(b, "r", "p", "ms") }), false},
		{"decimal negative NaN is NaN", `{"d":{"$numberDecimal":"-NaN"}}`,
			ejDoc(func(b []byte) []byte {
				return bson.AppendDecimal128Element(b, "d", bson.NewDecimal128(0x7C00000000000000, 0))
			}), false},
		{"surrogates", `{"s":"\ud83d\ude00\ud800x"}`,
			ejDoc(func(b []byte) []byte { return bson.AppendStringElement(b, "s", "😀\uFFFDx") }), false},
		{"dbref is a document", `{"r":{"$ref":"c","$id":1}}`, ejDoc(func(b []byte) []byte {
			return bson.AppendDocumentElement(b, "r", ejDoc(
				func(b []byte) []byte { return bson.AppendStringElement(b, "$ref", "c") },
				func(b []byte) []byte { return bson.AppendInt32Element(b, "$id", 1) }))
		}), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bson.ParseExtJSON([]byte("pre"), []byte(tc.in), false)
			if err != nil {
				t.Fatal(err)
			}
			if want := append([]byte("pre"), tc.want...); !bytes.Equal(got, want) {
				t.Errorf("got  %X\nwant %X", got, want)
			}
			_, err = bson.ParseExtJSON(nil, []byte(tc.in), true)
			if tc.relaxed != (err != nil) {
				t.Errorf("canonicalOnly: err = %v, want an error: %v", err, tc.relaxed)
			}
		})
	}
}

func TestParseExtJSONCanonicalOnlyKeepsOperators(t *testing.T) {
	in := `{"q":{"$regex":"a","$options":"i"},"t":{"$type":"80"}}`
	got, err := bson.ParseExtJSON(nil, []byte(in), true)
	if err != nil {
		t.Fatal(err)
	}
	if v := bson.Raw(got).Lookup("q", "$regex"); v.Type != bson.TypeString {
		t.Errorf("q.$regex has type %v, want a string in a document", v.Type)
	}
}

func TestParseExtJSONErrors(t *testing.T) {
	tests := []struct {
		in            string
		canonicalOnly bool
		offset        int
		msg           string
	}{
		{``, false, 0, "expected an object"},
		{`[1]`, false, 0, "expected an object"},
		{`"s"`, false, 0, "expected an object"},
		{`{} {}`, false, 3, "after the top-level object"},
		{`{"a":1,}`, false, 7, "expected a member name"},
		{`{"a" 1}`, false, 5, "expected ':'"},
		{`{"a":1 "b":2}`, false, 7, "expected ',' or '}'"},
		{`{"a":[1 2]}`, false, 8, "expected ',' or ']'"},
		{`{"a":"b`, false, 5, "unterminated string"},
		{`{"a":"\x"}`, false, 6, "invalid escape"},
		{`{"a":"\u12"}`, false, 6, `invalid \u escape`},
		{"{\"a\":\"\x01\"}", false, 6, "control character"},
		{"{\"a\":\"\xff\"}", false, 6, "invalid UTF-8"},
		{`{"a":01}`, false, 6, "expected ',' or '}'"},
		{`{"a":-}`, false, 6, "invalid number"},
		{`{"a":1.}`, false, 7, "expected a digit after '.'"},
		{`{"a":1e}`, false, 7, "digit in the exponent"},
		{`{"a":1e999}`, false, 5, "out of the range"},
		{`{"a":tru}`, false, 5, "expected true"},
		{`{"a":1}`, true, 5, "bare number"},
		{`{"a":{"$date":"2012-12-24T12:15:30.501Z"}}`, true, 14, "relaxed extended JSON"},
		{`{"a":{"$date":"yesterday"}}`, false, 14, "RFC 3339"},
		{`{"a":{"$binary":"AQI=","$type":"00"}}`, true, 16, `"$binary" must be an object`},
		{`{"a":{"$binary":"AQI="}}`, false, 5, `needs a "$type"`},
		{`{"a":{"$binary":{"base64":"AQI","subType":"00"}}}`, false, 26, "base64"},
		{`{"a":{"$binary":{"base64":"","subType":"100"}}}`, false, 39, "one or two hexadecimal digits"},
		{`{"a":{"$binary":{"base64":"","subType":"00"},"$type":"00"}}`, false, 45, `unexpected key "$type"`},
		{`{"a":{"x":1,"$oid":"57e193d7a9cc81b4027498b5"}}`, false, 12, "cannot be mixed"},
		{`{"a":{"$numberInt":"1","$numberInt":"2"}}`, false, 23, "duplicate key"},
		{`{"a":{"$numberInt":"2147483648"}}`, false, 19, "32-bit integer"},
		{`{"a":{"$numberLong":"1.5"}}`, false, 20, "64-bit integer"},
		{`{"a":{"$numberDouble":"0x1p3"}}`, false, 22, "decimal number"},
		{`{"a":{"$numberDouble":"1e999"}}`, false, 22, "decimal number"},
		{`{"a":{"$numberDecimal":"1.2.3"}}`, false, 23, "$numberDecimal"},
		{`{"a":{"$oid":"57e193d7a9cc81b4027498b"}}`, false, 13, "24 hexadecimal digits"},
		{`{"a":{"$oid":"57e193d7a9cc81b4027498bX"}}`, false, 13, "24 hexadecimal digits"},
		{`{"a":{"$scope":{}}}`, false, 5, `missing key "$code"`},
		{`{"a":{"$code":"","$scope":{"$numberInt":"1"}}}`, false, 27, "cannot be mixed"},
		{`{"a":{"$timestamp":{"t":1,"i":4294967296}}}`, false, 30, "from 0 to 4294967295"},
		{`{"a":{"$timestamp":{"t":-1,"i":0}}}`, false, 24, "from 0 to 4294967295"},
		{`{"a":{"$timestamp":{"t":1.0,"i":0}}}`, false, 24, "from 0 to 4294967295"},
		{`{"a":{"$timestamp":{"t":1}}}`, false, 19, `needs both "t" and "i"`},
		{`{"a":{"$undefined":false}}`, false, 19, "must be true"},
		{`{"a":{"$maxKey":1.0}}`, false, 16, "integer 1"},
		{`{"a":{"$dbPointer":{"$ref":"n"}}}`, false, 19, `needs both "$ref" and "$id"`},
		{`{"a":{"$dbPointer":{"$ref":"n","$id":"57e193d7a9cc81b4027498b5"}}}`, false, 37, "must be an ObjectId"},
		{`{"a":{"$regularExpression":"abc"}}`, false, 27, "must be an object"},
	}
	for _, tc := range tests {
		out, err := bson.ParseExtJSON([]byte("pre"), []byte(tc.in), tc.canonicalOnly)
		var ee *bson.ExtJSONError
		switch {
		case err == nil:
			t.Errorf("%s: no error, got %X", tc.in, out)
		case !errors.As(err, &ee):
			t.Errorf("%s: error %v is not an *ExtJSONError", tc.in, err)
		case ee.Offset != tc.offset || !strings.Contains(err.Error(), tc.msg):
			t.Errorf("%s:\n got %v\nwant offset %d and %q", tc.in, err, tc.offset, tc.msg)
		case string(out) != "pre":
			t.Errorf("%s: dst changed to %q on error", tc.in, out)
		}
	}
}

func TestParseExtJSONDepth(t *testing.T) {
	nest := func(n int) []byte {
		return []byte(strings.Repeat(`{"a":`, n) + "{}" + strings.Repeat("}", n))
	}
	b, err := bson.ParseExtJSON(nil, nest(bson.MaxNestingDepth), false)
	if err != nil {
		t.Fatalf("depth %d: %v", bson.MaxNestingDepth, err)
	}
	if err := bson.Raw(b).Validate(); err != nil {
		t.Fatalf("parsed document does not validate: %v", err)
	}
	if _, err := bson.ParseExtJSON(nil, nest(bson.MaxNestingDepth+1), false); err == nil ||
		!strings.Contains(err.Error(), "nested deeper") {
		t.Fatalf("depth %d: err = %v, want a nesting error", bson.MaxNestingDepth+1, err)
	}
	// Wrappers do not count as documents, and neither stack nor time
	// explodes on a deep run of unbalanced brackets.
	deepWrap := strings.Repeat(`{"a":`, bson.MaxNestingDepth) + `{"$numberInt":"1"}` + strings.Repeat("}", bson.MaxNestingDepth)
	if _, err := bson.ParseExtJSON(nil, []byte(deepWrap), true); err != nil {
		t.Errorf("wrapper at the deepest level: %v", err)
	}
	// The look-ahead for legacy $regex/$type skips only strings, so this
	// fails fast instead of rescanning the rest at every level.
	for _, bomb := range []string{
		`{"a":{"$regex":` + strings.Repeat("[", 1<<20),
		`{"a":` + strings.Repeat(`{"$regex":"a","$options":`, 1<<18),
	} {
		if _, err := bson.ParseExtJSON(nil, []byte(bomb), false); err == nil {
			t.Error("unbalanced brackets accepted")
		}
	}
}

func TestExtJSONTruncationNeverPanics(t *testing.T) {
	in := `{"a":{"$binary":{"base64":"AQI=","subType":"80"}},"b":[1,2.5,{"$date":"2012-12-24T12:15:30.501Z"}],` +
		`"c":{"$code":"x","$scope":{"d":{"$regex":"p","$options":"i"}}},"e":{"$dbPointer":{"$ref":"n","$id":{"$oid":"57e193d7a9cc81b4027498b5"}}},` +
		`"f":"\u00e9\ud83d\ude00","g":{"$timestamp":{"t":1,"i":2}},"h":{"$numberDecimal":"1.5"},"i":{"$uuid":"73ffd264-44b3-4c69-90e8-e7d1dfc035d4"}}`
	full, err := bson.ParseExtJSON(nil, []byte(in), false)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(in); i++ {
		if out, err := bson.ParseExtJSON(nil, []byte(in[:i]), false); err == nil {
			t.Errorf("prefix of %d bytes parsed: %X", i, out)
		}
	}
	for i := 0; i < len(full); i++ {
		_, _ = bson.AppendExtJSON(nil, full[:i], false)
		cut := append(bson.Raw(nil), full[:i]...)
		_ = cut.String()
	}
}

func TestExtJSONAllocations(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`{"a":"b"`)
	for i := 0; i < 200; i++ {
		sb.WriteString(`,"k":[1,{"$numberLong":"5"},2.5,"s\n",{"$oid":"57e193d7a9cc81b4027498b5"},true,null]`)
	}
	sb.WriteString("}")
	in := []byte(sb.String())
	doc, err := bson.ParseExtJSON(nil, in, false)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 2*len(in))
	if n := testing.AllocsPerRun(20, func() { _, _ = bson.AppendExtJSON(buf[:0], doc, true) }); n != 0 {
		t.Errorf("AppendExtJSON allocates %v times with a large enough dst", n)
	}
	out := make([]byte, 0, 2*len(doc))
	if n := testing.AllocsPerRun(20, func() { _, _ = bson.ParseExtJSON(out[:0], in, false) }); n > 4 {
		t.Errorf("ParseExtJSON allocates %v times for %d values; want a few, not one per value", n, 200*7)
	}
}
