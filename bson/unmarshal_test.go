package bson_test

import (
	"encoding/json"
	"errors"
	"math"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
)

type allKinds struct {
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	I    int
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	U    uint
	F32  float32
	F64  float64
	B    bool
	S    string
	Bs   []byte
	T    time.Time
	P    *int
	Sl   []int
	Ar   [2]int
	M    map[string]int
	Any  any
	D    bson.D
	OID  bson.ObjectID
	Bin  bson.Binary
	Sub  *allKinds
	Trc  int `bson:"trc,truncate"`
	Vec  bson.Vector
	Raw  bson.Raw
	RV   bson.RawValue
	Num  json.Number
	URL  url.URL
	DT   bson.DateTime
	TS   bson.Timestamp
	Dec  bson.Decimal128
	Re   bson.Regex
	CWS  bson.CodeWithScope
	Sym  bson.Symbol
	JS   bson.JavaScript
	DBP  bson.DBPointer
	MinK bson.MinKey
	MaxK bson.MaxKey
	Null bson.Null
	Und  bson.Undefined
}

type unmarshalCase struct {
	name string
	in   []byte
	want any // a pointer to the expected value; the target is a new value of its type
}

func ptr[T any](v T) *T { return &v }

func unmarshalCases() []unmarshalCase {
	oid := bson.ObjectID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	seven := 7
	return []unmarshalCase{
		{"D", doc(i32("a", 1), str("b", "x"), sub("c", doc()), array("d", arr(i64("0", 2)))),
			&bson.D{{Key: "a", Value: int32(1)}, {Key: "b", Value: "x"}, {Key: "c", Value: bson.D{}}, {Key: "d", Value: bson.A{int64(2)}}}},
		{"M", doc(i32("a", 1), dbl("b", 2.5)), &bson.M{"a": int32(1), "b": 2.5}},
		{"map[string]any", doc(null("a")), &map[string]any{"a": nil}},
		{"any", doc(boolean("t", true)), ptr[any](bson.D{{Key: "t", Value: true}})},
		{"map[string]int", doc(i32("a", 1), i64("b", 2), dbl("c", 3)), &map[string]int{"a": 1, "b": 2, "c": 3}},
		{"map[int]string", doc(str("12", "x")), &map[int]string{12: "x"}},
		{"map ObjectID keys", doc(i32(oid.Hex(), 1)), &map[bson.ObjectID]int{oid: 1}},
		{"struct", doc(str("name", "n"), i32("count", 3), array("tags", arr(str("0", "a")))), &plain{"n", 3, []string{"a"}}},
		{"struct case-insensitive key", doc(str("Name", "n"), i32("COUNT", 3)), &plain{Name: "n", Count: 3}},
		{"struct unknown keys skipped", doc(sub("x", doc(array("y", arr()))), str("name", "n")), &plain{Name: "n"}},
		{"inline", doc(i32("a", 1), str("b", "outer"), boolean("x", true)),
			&withInline{Base: Base{A: 1}, B: "outer", Extra: map[string]any{"x": true}}},
		{"inline pointer allocated", doc(i32("a", 1), i32("c", 3)), &withPtrInline{Base: &Base{A: 1}, C: 3}},
		{"embedded", doc(sub("base", doc(i32("a", 1))), i32("c", 2)), &withEmbedded{Base{A: 1, B: ""}, 2}},
		{"numeric conversions", doc(i32("i8", 5), i64("i16", 7), dbl("i32", 3), boolean("i64", true), null("i"),
			i32("u8", 200), i64("u64", 9), i32("f32", 2), i64("f64", 3), i32("b", 2), dbl("trc", 2.7)),
			&allKinds{I8: 5, I16: 7, I32: 3, I64: 1, U8: 200, U64: 9, F32: 2, F64: 3, B: true, Trc: 2}},
		{"strings and bytes", doc(elem("s", bson.TypeSymbol, []byte{2, 0, 0, 0, 'y', 0}), str("bs", "hi")),
			&allKinds{S: "y", Bs: []byte("hi")}},
		{"binary into string and bytes", doc(bin("s", 0, []byte("ab")), bin("bs", 2, []byte("cd"))), &allKinds{S: "ab", Bs: []byte("cd")}},
		{"time from datetime", doc(func(b []byte) []byte { return bson.AppendDateTimeElement(b, "t", 1500) }),
			&allKinds{T: time.UnixMilli(1500).UTC()}},
		{"time from string", doc(str("t", "2020-01-02T03:04:05.5Z")), &allKinds{T: time.Date(2020, 1, 2, 3, 4, 5, 5e8, time.UTC)}},
		{"pointer", doc(i32("p", 7)), &allKinds{P: &seven}},
		{"slices and arrays", doc(array("sl", arr(i32("0", 1), i32("1", 2))), array("ar", arr(i32("0", 3)))),
			&allKinds{Sl: []int{1, 2}, Ar: [2]int{3, 0}}},
		{"null into everything", doc(null("i8"), null("s"), null("bs"), null("t"), null("p"), null("sl"), null("m"), null("any"), null("d"),
			null("oid"), null("bin"), null("sub"), null("raw"), null("dt"), null("ts"), null("re"), null("null")),
			&allKinds{RV: bson.RawValue{}}},
		{"interface field", doc(sub("any", doc(i32("x", 1))), sub("d", doc(array("y", arr(null("0")))))),
			&allKinds{Any: bson.D{{Key: "x", Value: int32(1)}}, D: bson.D{{Key: "y", Value: bson.A{nil}}}}},
		{"bson types", doc(func(b []byte) []byte { return bson.AppendObjectIDElement(b, "oid", oid) },
			bin("bin", 4, []byte{1, 2}), bin("vec", 9, []byte{0x03, 0, 5}),
			func(b []byte) []byte { return bson.AppendDateTimeElement(b, "dt", -5) },
			func(b []byte) []byte { return bson.AppendTimestampElement(b, "ts", 7, 8) },
			func(b []byte) []byte { return bson.AppendRegexElement(b, "re", "p", "i") },
			func(b []byte) []byte { return bson.AppendCodeWithScopeElement(b, "cws", "c", doc(i32("v", 1))) },
			func(b []byte) []byte { return bson.AppendSymbolElement(b, "sym", "s") },
			func(b []byte) []byte { return bson.AppendJavaScriptElement(b, "js", "j") },
			func(b []byte) []byte { return bson.AppendDBPointerElement(b, "dbp", "db", oid) },
			func(b []byte) []byte { return bson.AppendMinKeyElement(b, "mink") },
			func(b []byte) []byte { return bson.AppendMaxKeyElement(b, "maxk") },
			null("null"), func(b []byte) []byte { return bson.AppendUndefinedElement(b, "und") }),
			&allKinds{OID: oid, Bin: bson.Binary{Subtype: 4, Data: []byte{1, 2}}, Vec: bson.NewInt8Vector([]int8{5}),
				DT: -5, TS: bson.Timestamp{T: 7, I: 8}, Re: bson.Regex{Pattern: "p", Options: "i"},
				CWS: bson.CodeWithScope{Code: "c", Scope: bson.D{{Key: "v", Value: int32(1)}}},
				Sym: "s", JS: "j", DBP: bson.DBPointer{DB: "db", Pointer: oid}}},
		{"raw and stdlib", doc(sub("raw", doc(i32("a", 1))), i64("rv", 3), dbl("num", 1.5), str("url", "http://h/p")),
			&allKinds{Raw: bson.Raw(doc(i32("a", 1))), RV: bson.RawValue{Type: bson.TypeInt64, Value: []byte{3, 0, 0, 0, 0, 0, 0, 0}},
				Num: "1.5", URL: url.URL{Scheme: "http", Host: "h", Path: "/p"}}},
		{"ObjectID from hex string", doc(str("oid", oid.Hex())), &allKinds{OID: oid}},
		{"Raw", doc(i32("a", 1)), ptr(bson.Raw(doc(i32("a", 1))))},
		{"[]E", doc(i32("a", 1)), &[]bson.E{{Key: "a", Value: int32(1)}}},
		{"recursive", doc(sub("sub", doc(sub("sub", doc(i32("i", 2)))))), &allKinds{Sub: &allKinds{Sub: &allKinds{I: 2}}}},
	}
}

func TestUnmarshal(t *testing.T) {
	for _, tc := range unmarshalCases() {
		t.Run(tc.name, func(t *testing.T) {
			target := reflect.New(reflect.TypeOf(tc.want).Elem())
			if err := bson.Unmarshal(tc.in, target.Interface()); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if got := target.Interface(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Unmarshal =\n  %#v\nwant\n  %#v", got, tc.want)
			}
		})
	}
}

func TestUnmarshalKeepsAbsentFields(t *testing.T) {
	v := plain{Name: "old", Count: 9}
	if err := bson.Unmarshal(doc(str("name", "new")), &v); err != nil {
		t.Fatal(err)
	}
	if v.Name != "new" || v.Count != 9 {
		t.Fatalf("got %+v, want Count kept", v)
	}
	m := map[string]int{"old": 1}
	if err := bson.Unmarshal(doc(i32("new", 2)), m); err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 {
		t.Fatalf("map target: got %v, want both keys", m)
	}
}

func TestUnmarshalIntoExistingPointerInInterface(t *testing.T) {
	type holder struct{ V any }
	inner := &plain{}
	h := holder{V: inner}
	if err := bson.Unmarshal(doc(sub("v", doc(str("name", "n")))), &h); err != nil {
		t.Fatal(err)
	}
	if h.V != inner || inner.Name != "n" {
		t.Fatalf("got %#v, want the existing *plain filled", h.V)
	}
}

func TestUnmarshalErrors(t *testing.T) {
	cases := []struct {
		name   string
		in     []byte
		target any
		want   error
		path   string
	}{
		{"int overflow", doc(i32("i8", 300)), &allKinds{}, bson.ErrOverflow, "i8"},
		{"uint negative", doc(i32("u8", -1)), &allKinds{}, bson.ErrOverflow, "u8"},
		{"double overflow", doc(dbl("i64", math.Pow(2, 63))), &allKinds{}, bson.ErrOverflow, "i64"},
		{"fraction", doc(dbl("i", 1.5)), &allKinds{}, bson.ErrTruncation, "i"},
		{"float32 precision", doc(dbl("f32", 0.1)), &allKinds{}, bson.ErrTruncation, "f32"},
		{"string into int", doc(str("i", "1")), &allKinds{}, bson.ErrTypeMismatch, "i"},
		{"nested in array", doc(array("sl", arr(i32("0", 1), str("1", "x")))), &allKinds{}, bson.ErrTypeMismatch, "sl.1"},
		{"nested struct", doc(sub("sub", doc(str("b", "x")))), &allKinds{}, bson.ErrTypeMismatch, "sub.b"},
		{"doc into slice", doc(sub("sl", doc())), &allKinds{}, bson.ErrTypeMismatch, "sl"},
		{"binary subtype into string", doc(bin("s", 4, []byte{1})), &allKinds{}, bson.ErrTypeMismatch, "s"},
		{"too many for array", doc(array("ar", arr(i32("0", 1), i32("1", 2), i32("2", 3)))), &allKinds{}, nil, "ar"},
		{"ObjectID into string", doc(func(b []byte) []byte { return bson.AppendObjectIDElement(b, "s", bson.ObjectID{}) }), &allKinds{}, bson.ErrTypeMismatch, "s"},
		{"bad map key", doc(i32("x", 1)), &map[int]int{}, bson.ErrTypeMismatch, "x"},
		{"map key overflow", doc(i32("300", 1)), &map[int8]int{}, bson.ErrOverflow, "300"},
		{"chan field", doc(i32("c", 1)), &struct{ C chan int }{}, bson.ErrUnsupportedType, "c"},
		{"array into D", doc(array("d", arr())), &allKinds{}, bson.ErrTypeMismatch, "d"},
		{"bad vector", doc(bin("vec", 9, []byte{0x77, 0})), &allKinds{}, bson.ErrVectorDType, "vec"},
		{"nil target", doc(), nil, bson.ErrInvalidTarget, ""},
		{"non-pointer target", doc(), plain{}, bson.ErrInvalidTarget, ""},
		{"nil pointer target", doc(), (*plain)(nil), bson.ErrInvalidTarget, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := bson.Unmarshal(tc.in, tc.target)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("Unmarshal: %v, want %v", err, tc.want)
			}
			var ue *bson.UnmarshalError
			if !errors.As(err, &ue) {
				t.Fatalf("error %T (%v) is not an *UnmarshalError", err, err)
			}
			if ue.Path != tc.path {
				t.Fatalf("path = %q, want %q (%v)", ue.Path, tc.path, err)
			}
		})
	}
}

func TestUnmarshalErrorNamesTypes(t *testing.T) {
	err := bson.Unmarshal(doc(sub("sub", doc(str("i32", "x")))), &allKinds{})
	const want = `bson: cannot unmarshal string at "sub.i32" into int32: bson: BSON type does not match the Go type`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v\nwant    %s", err, want)
	}
}

func TestUnmarshalMalformed(t *testing.T) {
	good := doc(str("a", "x"), sub("b", doc(i32("c", 1))))
	cases := map[string][]byte{
		"empty":           nil,
		"short":           {5, 0, 0},
		"length mismatch": append(append([]byte{}, good...), 0),
		"truncated":       good[:len(good)-1],
		"bad type":        doc(elem("a", 0x42, nil)),
		"invalid UTF-8":   doc(str("a", "\xff")),
		"bad bool":        doc(elem("b", bson.TypeBoolean, []byte{2})),
		"deep":            deepDoc(bson.MaxNestingDepth + 2),
	}
	for name, in := range cases {
		for _, target := range []any{&bson.D{}, &plain{}, new(any), &bson.M{}, &bson.Raw{}} {
			err := bson.Unmarshal(in, target)
			var de *bson.DecodeError
			if !errors.As(err, &de) {
				t.Errorf("%s into %T: %v, want a *DecodeError", name, target, err)
			}
		}
	}
}

// deepDoc returns a document nested n levels deep.
func deepDoc(n int) []byte {
	d := doc()
	for i := 0; i < n; i++ {
		d = doc(sub("a", d))
	}
	return d
}

func TestUnmarshalValue(t *testing.T) {
	var i int64
	if err := bson.UnmarshalValue(bson.TypeInt32, []byte{5, 0, 0, 0}, &i); err != nil || i != 5 {
		t.Fatalf("UnmarshalValue int32 = %d, %v", i, err)
	}
	var s string
	if err := (bson.RawValue{Type: bson.TypeString, Value: []byte{2, 0, 0, 0, 'x', 0}}).Unmarshal(&s); err != nil || s != "x" {
		t.Fatalf("RawValue.Unmarshal = %q, %v", s, err)
	}
	var a []int
	if err := bson.UnmarshalValue(bson.TypeArray, arr(i32("0", 1)), &a); err != nil || len(a) != 1 {
		t.Fatalf("UnmarshalValue array = %v, %v", a, err)
	}
	var x any
	if err := bson.UnmarshalValue(bson.TypeArray, arr(i32("0", 1)), &x); err != nil || !reflect.DeepEqual(x, bson.A{int32(1)}) {
		t.Fatalf("UnmarshalValue array into any = %v, %v", x, err)
	}
	var de *bson.DecodeError
	if err := bson.UnmarshalValue(bson.TypeInt32, []byte{5, 0, 0}, &i); !errors.As(err, &de) {
		t.Fatalf("truncated value: %v", err)
	}
	if err := bson.UnmarshalValue(bson.TypeInt32, []byte{5, 0, 0, 0, 0}, &i); !errors.As(err, &de) {
		t.Fatalf("trailing bytes: %v", err)
	}
	var p plain
	if err := bson.Raw(doc(str("name", "r"))).Unmarshal(&p); err != nil || p.Name != "r" {
		t.Fatalf("Raw.Unmarshal = %+v, %v", p, err)
	}
}

// TestUnmarshalDoesNotAlias checks that decoded values never share memory
// with the input, which callers reuse.
func TestUnmarshalDoesNotAlias(t *testing.T) {
	in := doc(str("s", "abc"), bin("bs", 0, []byte{1, 2}), sub("raw", doc(i32("x", 1))))
	var d bson.D
	var k allKinds
	var raw struct {
		R  bson.Raw      `bson:"raw"`
		RV bson.RawValue `bson:"s"`
		B  []byte        `bson:"bs"`
	}
	for _, target := range []any{&d, &k, &raw} {
		if err := bson.Unmarshal(in, target); err != nil {
			t.Fatal(err)
		}
	}
	clear(in)
	if d[0].Value != "abc" || !reflect.DeepEqual(d[1].Value, bson.Binary{Data: []byte{1, 2}}) ||
		string(raw.RV.Value) != "\x04\x00\x00\x00abc\x00" || raw.B[0] != 1 || raw.R.Lookup("x").Int32() != 1 ||
		k.S != "abc" || k.Bs[1] != 2 || k.Raw.Lookup("x").Int32() != 1 {
		t.Fatalf("decoded values changed with the input: %v %+v", d, raw)
	}
}
