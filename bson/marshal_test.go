package bson_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"net/url"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// part appends one element to a document under construction.
type part func([]byte) []byte

// doc builds an encoded document from its elements with the lead's appenders.
func doc(parts ...part) []byte {
	b, start := bson.AppendDocumentStart(nil)
	for _, p := range parts {
		b = p(b)
	}
	return bson.AppendDocumentEnd(b, start)
}

// arr builds an encoded array.
func arr(parts ...part) []byte { return doc(parts...) }

func i32(k string, v int32) part {
	return func(b []byte) []byte { return bson.AppendInt32Element(b, k, v) }
}
func i64(k string, v int64) part {
	return func(b []byte) []byte { return bson.AppendInt64Element(b, k, v) }
}
func dbl(k string, v float64) part {
	return func(b []byte) []byte { return bson.AppendDoubleElement(b, k, v) }
}
func str(k, v string) part {
	return func(b []byte) []byte { return bson.AppendStringElement(b, k, v) }
}
func boolean(k string, v bool) part {
	return func(b []byte) []byte { return bson.AppendBooleanElement(b, k, v) }
}
func null(k string) part { return func(b []byte) []byte { return bson.AppendNullElement(b, k) } }
func sub(k string, d []byte) part {
	return func(b []byte) []byte { return bson.AppendDocumentElement(b, k, d) }
}
func array(k string, a []byte) part {
	return func(b []byte) []byte { return bson.AppendArrayElement(b, k, a) }
}
func bin(k string, st byte, data []byte) part {
	return func(b []byte) []byte { return bson.AppendBinaryElement(b, k, st, data) }
}
func elem(k string, t bson.Type, v []byte) part {
	return func(b []byte) []byte { return bson.AppendValueElement(b, k, bson.RawValue{Type: t, Value: v}) }
}

type plain struct {
	Name  string
	Count int
	Tags  []string
}

type tagged struct {
	ID      int    `bson:"_id"`
	Skip    string `bson:"-"`
	Empty   string `bson:"empty,omitempty"`
	Min     int64  `bson:"min,minsize"`
	private int
}

type omitter struct {
	S    string         `bson:",omitempty"`
	I    int            `bson:",omitempty"`
	P    *int           `bson:",omitempty"`
	M    map[string]int `bson:",omitempty"`
	Sl   []int          `bson:",omitempty"`
	T    time.Time      `bson:",omitempty"`
	St   plain          `bson:",omitempty"`
	Any  any            `bson:",omitempty"`
	Arr  [2]int         `bson:",omitempty"`
	ZSt  plain          `bson:",omitzero"`
	ZArr [2]int         `bson:",omitzero"`
	ZT   time.Time      `bson:",omitzero"`
}

type Base struct {
	A int
	B string
}

type withInline struct {
	Base  `bson:",inline"`
	B     string         // the shallower B wins over Base.B
	Extra map[string]any `bson:",inline"`
}

type withPtrInline struct {
	*Base `bson:",inline"`
	C     int
}

type withEmbedded struct {
	Base // not inline: a sub-document named "base", as in the official driver
	C    int
}

type marshalCase struct {
	name string
	in   any
	want []byte
}

func marshalCases() []marshalCase {
	n := 7
	oid := bson.ObjectID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	tm := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	return []marshalCase{
		{"D", bson.D{{Key: "a", Value: int32(1)}, {Key: "b", Value: "x"}}, doc(i32("a", 1), str("b", "x"))},
		{"M sorted", bson.M{"b": 2, "a": 1}, doc(i32("a", 1), i32("b", 2))},
		{"map[string]int", map[string]int{"z": 1, "y": 2}, doc(i32("y", 2), i32("z", 1))},
		{"map int keys", map[int]bool{2: true}, doc(boolean("2", true))},
		{"map TextMarshaler keys", map[bson.ObjectID]int{oid: 1}, doc(i32(oid.Hex(), 1))},
		{"nil map at top", map[string]int(nil), doc()},
		{"struct", plain{"n", 3, []string{"a"}}, doc(str("name", "n"), i32("count", 3), array("tags", arr(str("0", "a"))))},
		{"pointer to struct", &plain{Name: "p"}, doc(str("name", "p"), i32("count", 0), null("tags"))},
		{"tags", tagged{ID: 1, Skip: "x", Min: 5, private: 3}, doc(i32("_id", 1), i32("min", 5))},
		{"omitempty all empty", omitter{}, doc(sub("st", doc(str("name", ""), i32("count", 0), null("tags"))), array("arr", arr(i32("0", 0), i32("1", 0))))},
		{"omitempty set", omitter{S: "s", P: &n, Any: 0, ZArr: [2]int{0, 1}}, doc(
			str("s", "s"), i32("p", 7), sub("st", doc(str("name", ""), i32("count", 0), null("tags"))),
			i32("any", 0), array("arr", arr(i32("0", 0), i32("1", 0))), array("zarr", arr(i32("0", 0), i32("1", 1))))},
		{"inline", withInline{Base: Base{A: 1, B: "inner"}, B: "outer", Extra: map[string]any{"x": true}},
			doc(i32("a", 1), str("b", "outer"), boolean("x", true))},
		{"nil inline pointer", withPtrInline{C: 3}, doc(i32("c", 3))},
		{"inline pointer", withPtrInline{Base: &Base{A: 1}, C: 3}, doc(i32("a", 1), str("b", ""), i32("c", 3))},
		{"embedded", withEmbedded{Base{A: 1}, 2}, doc(sub("base", doc(i32("a", 1), str("b", ""))), i32("c", 2))},
		{"ints", bson.D{{Key: "i", Value: 1}, {Key: "big", Value: math.MaxInt32 + 1}, {Key: "i8", Value: int8(-1)},
			{Key: "i16", Value: int16(2)}, {Key: "i64", Value: int64(3)}, {Key: "u8", Value: uint8(4)},
			{Key: "u16", Value: uint16(5)}, {Key: "u32", Value: uint32(6)}, {Key: "u64", Value: uint64(7)}, {Key: "u", Value: uint(8)}},
			doc(i32("i", 1), i64("big", math.MaxInt32+1), i32("i8", -1), i32("i16", 2), i64("i64", 3), i32("u8", 4),
				i32("u16", 5), i64("u32", 6), i64("u64", 7), i64("u", 8))},
		{"minsize", struct {
			A int64  `bson:"a,minsize"`
			B uint64 `bson:"b,minsize"`
			C uint32 `bson:"c,minsize"`
			D int64  `bson:"d,minsize"`
		}{1, 2, 3, math.MaxInt32 + 1}, doc(i32("a", 1), i32("b", 2), i32("c", 3), i64("d", math.MaxInt32+1))},
		{"floats bool", bson.D{{Key: "f", Value: 1.5}, {Key: "f32", Value: float32(0.5)}, {Key: "t", Value: true}},
			doc(dbl("f", 1.5), dbl("f32", 0.5), boolean("t", true))},
		{"nil values", bson.D{{Key: "n", Value: nil}, {Key: "s", Value: []int(nil)}, {Key: "m", Value: map[string]int(nil)},
			{Key: "b", Value: []byte(nil)}, {Key: "p", Value: (*int)(nil)}, {Key: "d", Value: bson.D(nil)}},
			doc(null("n"), null("s"), null("m"), null("b"), null("p"), null("d"))},
		{"empty values", bson.D{{Key: "s", Value: []int{}}, {Key: "d", Value: bson.D{}}, {Key: "a", Value: bson.A{}}, {Key: "b", Value: []byte{}}},
			doc(array("s", arr()), sub("d", doc()), array("a", arr()), bin("b", 0, nil))},
		{"bytes and arrays", bson.D{{Key: "b", Value: []byte("hi")}, {Key: "ba", Value: [2]byte{1, 2}}, {Key: "ia", Value: [2]int{1, 2}},
			{Key: "de", Value: []bson.E{{Key: "k", Value: "v"}}}},
			doc(bin("b", 0, []byte("hi")), bin("ba", 0, []byte{1, 2}), array("ia", arr(i32("0", 1), i32("1", 2))), sub("de", doc(str("k", "v"))))},
		{"time", bson.D{{Key: "t", Value: tm}}, doc(elem("t", bson.TypeDateTime, bson.AppendDateTime(nil, tm.UnixMilli())))},
		{"bson types", bson.D{{Key: "oid", Value: oid}, {Key: "dt", Value: bson.DateTime(5)}, {Key: "bin", Value: bson.Binary{Subtype: 4, Data: []byte{1}}},
			{Key: "ts", Value: bson.Timestamp{T: 1, I: 2}}, {Key: "null", Value: bson.Null{}}, {Key: "min", Value: bson.MinKey{}},
			{Key: "max", Value: bson.MaxKey{}}, {Key: "undef", Value: bson.Undefined{}}},
			doc(func(b []byte) []byte { return bson.AppendObjectIDElement(b, "oid", oid) },
				func(b []byte) []byte { return bson.AppendDateTimeElement(b, "dt", 5) }, bin("bin", 4, []byte{1}),
				func(b []byte) []byte { return bson.AppendTimestampElement(b, "ts", 1, 2) }, null("null"),
				func(b []byte) []byte { return bson.AppendMinKeyElement(b, "min") },
				func(b []byte) []byte { return bson.AppendMaxKeyElement(b, "max") },
				func(b []byte) []byte { return bson.AppendUndefinedElement(b, "undef") })},
		{"deprecated types", bson.D{{Key: "re", Value: bson.Regex{Pattern: "a", Options: "xi"}}, {Key: "js", Value: bson.JavaScript("f()")},
			{Key: "sym", Value: bson.Symbol("s")}, {Key: "dbp", Value: bson.DBPointer{DB: "db", Pointer: oid}},
			{Key: "cws", Value: bson.CodeWithScope{Code: "c", Scope: bson.D{{Key: "x", Value: int32(1)}}}}},
			doc(func(b []byte) []byte { return bson.AppendRegexElement(b, "re", "a", "ix") },
				func(b []byte) []byte { return bson.AppendJavaScriptElement(b, "js", "f()") },
				func(b []byte) []byte { return bson.AppendSymbolElement(b, "sym", "s") },
				func(b []byte) []byte { return bson.AppendDBPointerElement(b, "dbp", "db", oid) },
				func(b []byte) []byte { return bson.AppendCodeWithScopeElement(b, "cws", "c", doc(i32("x", 1))) })},
		{"raw values", bson.D{{Key: "r", Value: bson.Raw(doc(i32("a", 1)))}, {Key: "rv", Value: bson.RawValue{Type: bson.TypeInt32, Value: []byte{2, 0, 0, 0}}},
			{Key: "ra", Value: bson.RawArray(arr(i32("0", 3)))}},
			doc(sub("r", doc(i32("a", 1))), i32("rv", 2), array("ra", arr(i32("0", 3))))},
		{"Raw at top", bson.Raw(doc(i32("a", 1))), doc(i32("a", 1))},
		{"vector", bson.D{{Key: "v", Value: bson.NewInt8Vector([]int8{1, -1})}}, doc(bin("v", 9, []byte{0x03, 0, 1, 0xff}))},
		{"stdlib", bson.D{{Key: "n", Value: json.Number("12")}, {Key: "f", Value: json.Number("1.5")}, {Key: "u", Value: url.URL{Scheme: "http", Host: "h"}}},
			doc(i64("n", 12), dbl("f", 1.5), str("u", "http://h"))},
		{"nested", bson.M{"a": bson.A{bson.D{{Key: "b", Value: bson.M{"c": []any{1, "x"}}}}}},
			doc(array("a", arr(sub("0", doc(sub("b", doc(array("c", arr(i32("0", 1), str("1", "x"))))))))))},
		{"interface field", struct{ V any }{V: &plain{Name: "x"}}, doc(sub("v", doc(str("name", "x"), i32("count", 0), null("tags"))))},
	}
}

func TestMarshal(t *testing.T) {
	for _, tc := range marshalCases() {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bson.Marshal(tc.in)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if !bytes.Equal(got, tc.want) {
				t.Fatalf("Marshal =\n  %s\nwant\n  %s", hex.EncodeToString(got), hex.EncodeToString(tc.want))
			}
			if err := bson.Raw(got).Validate(); err != nil {
				t.Fatalf("output does not validate: %v", err)
			}
			prefix := []byte("prefix")
			app, err := bson.MarshalAppend(prefix, tc.in)
			if err != nil || !bytes.Equal(app[:6], prefix) || !bytes.Equal(app[6:], tc.want) {
				t.Fatalf("MarshalAppend = %x, %v", app, err)
			}
		})
	}
}

func TestMarshalErrors(t *testing.T) {
	type dup struct {
		A int `bson:"x"`
		B int `bson:"x"`
	}
	type badInline struct {
		I int `bson:",inline"`
	}
	type withChan struct{ C chan int }
	cases := []struct {
		name string
		in   any
		want error
		path string
	}{
		{"chan field", withChan{C: make(chan int)}, bson.ErrUnsupportedType, "c"},
		{"func value", bson.D{{Key: "f", Value: func() {}}}, bson.ErrUnsupportedType, "f"},
		{"complex", bson.M{"c": complex(1, 2)}, bson.ErrUnsupportedType, "c"},
		{"NUL in key", bson.D{{Key: "a\x00b", Value: 1}}, bson.ErrInvalidKey, "a\x00b"},
		{"NUL in nested M key", bson.D{{Key: "a", Value: bson.M{"\x00": 1}}}, bson.ErrInvalidKey, "a.\x00"},
		{"invalid UTF-8 key", bson.D{{Key: "\xff", Value: 1}}, bson.ErrInvalidKey, "\xff"},
		{"invalid UTF-8 string", bson.D{{Key: "s", Value: "\xff"}}, bson.ErrInvalidUTF8, "s"},
		{"uint64 overflow", bson.D{{Key: "u", Value: uint64(math.MaxUint64)}}, bson.ErrOverflow, "u"},
		{"nested overflow in array", bson.D{{Key: "a", Value: []uint{math.MaxUint64}}}, bson.ErrOverflow, "a.0"},
		{"duplicate field", dup{}, bson.ErrDuplicateField, "x"},
		{"inline non-struct", badInline{}, bson.ErrInvalidTag, ""},
		{"not a document", 42, bson.ErrNotDocument, ""},
		{"array at top", bson.A{1}, bson.ErrNotDocument, ""},
		{"nil", nil, bson.ErrNotDocument, ""},
		{"nil pointer", (*plain)(nil), bson.ErrNotDocument, ""},
		{"bad Raw", bson.D{{Key: "r", Value: bson.Raw{1, 2}}}, bson.ErrBadEncoding, "r"},
		{"bad RawValue", bson.D{{Key: "r", Value: bson.RawValue{Type: bson.TypeInt32, Value: []byte{1}}}}, bson.ErrBadEncoding, "r"},
		{"regex NUL", bson.D{{Key: "r", Value: bson.Regex{Pattern: "a\x00"}}}, bson.ErrInvalidKey, "r"},
		{"scope not a document", bson.D{{Key: "c", Value: bson.CodeWithScope{Code: "x", Scope: 1}}}, bson.ErrNotDocument, "c.$scope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := bson.Marshal(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Marshal = %x, %v; want %v", out, err, tc.want)
			}
			var me *bson.MarshalError
			if !errors.As(err, &me) {
				t.Fatalf("error %T is not a *MarshalError", err)
			}
			if me.Path != tc.path {
				t.Fatalf("path = %q, want %q (%v)", me.Path, tc.path, err)
			}
		})
	}
}

func TestMarshalCycle(t *testing.T) {
	type node struct {
		Next *node
	}
	n := &node{}
	n.Next = n
	if _, err := bson.Marshal(n); !errors.Is(err, bson.ErrTooDeep) {
		t.Fatalf("cyclic value: %v, want ErrTooDeep", err)
	}
	m := bson.M{}
	m["self"] = m
	if _, err := bson.Marshal(m); !errors.Is(err, bson.ErrTooDeep) {
		t.Fatalf("cyclic map: %v, want ErrTooDeep", err)
	}
}

func TestMarshalValue(t *testing.T) {
	cases := []struct {
		in   any
		t    bson.Type
		want []byte
	}{
		{int32(1), bson.TypeInt32, []byte{1, 0, 0, 0}},
		{"a", bson.TypeString, []byte{2, 0, 0, 0, 'a', 0}},
		{nil, bson.TypeNull, nil},
		{bson.A{true}, bson.TypeArray, arr(boolean("0", true))},
		{&plain{}, bson.TypeEmbeddedDoc, doc(str("name", ""), i32("count", 0), null("tags"))},
	}
	for _, tc := range cases {
		typ, got, err := bson.MarshalValue(tc.in)
		if err != nil || typ != tc.t || !bytes.Equal(got, tc.want) {
			t.Errorf("MarshalValue(%#v) = %v %x %v; want %v %x", tc.in, typ, got, err, tc.t, tc.want)
		}
		typ, got, err = bson.AppendValue([]byte{9}, tc.in)
		if err != nil || typ != tc.t || !bytes.Equal(got, append([]byte{9}, tc.want...)) {
			t.Errorf("AppendValue(%#v) = %v %x %v", tc.in, typ, got, err)
		}
	}
}
