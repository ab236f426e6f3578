package bson_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// buildDoc builds {"a": int32 1, "b": {"c": "x", "d": [true, null]}, "e": int64 7}.
func buildDoc() bson.Raw {
	b, top := bson.AppendDocumentStart(nil)
	b = bson.AppendInt32Element(b, "a", 1)
	b, sub := bson.AppendDocumentElementStart(b, "b")
	b = bson.AppendStringElement(b, "c", "x")
	b, arr := bson.AppendArrayElementStart(b, "d")
	b = bson.AppendArrayHeader(b, bson.TypeBoolean, 0)
	b = bson.AppendBoolean(b, true)
	b = bson.AppendArrayHeader(b, bson.TypeNull, 1)
	b = bson.AppendDocumentEnd(b, arr)
	b = bson.AppendDocumentEnd(b, sub)
	b = bson.AppendInt64Element(b, "e", 7)
	return bson.AppendDocumentEnd(b, top)
}

func TestRawLookup(t *testing.T) {
	doc := buildDoc()
	if err := doc.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if got := doc.Lookup("a").Int32(); got != 1 {
		t.Errorf("a = %d, want 1", got)
	}
	if got := doc.Lookup("b", "c").StringValue(); got != "x" {
		t.Errorf("b.c = %q, want x", got)
	}
	if got := doc.Path("b.d.0").Boolean(); !got {
		t.Errorf("b.d.0 = false, want true")
	}
	if got := doc.Path("b.d.1").Type; got != bson.TypeNull {
		t.Errorf("b.d.1 type = %v, want null", got)
	}
	if got := doc.Lookup("e").Int64(); got != 7 {
		t.Errorf("e = %d, want 7", got)
	}
	if v, err := doc.LookupErr("zzz"); !errors.Is(err, bson.ErrElementNotFound) || !v.IsZero() {
		t.Errorf("missing key: %v %v", v, err)
	}
	if v := doc.Path("a.b"); !v.IsZero() {
		t.Errorf("path through a scalar returned %v", v)
	}
	if n := doc.Len(); n != 3 {
		t.Errorf("Len = %d, want 3", n)
	}
	if got := doc.Lookup("b", "d").Array().Len(); got != 2 {
		t.Errorf("len(b.d) = %d, want 2", got)
	}
}

func TestRawValueWrongTypeNeverPanics(t *testing.T) {
	v := bson.RawValue{Type: bson.TypeString, Value: []byte{1}}
	if _, ok := v.Int32OK(); ok {
		t.Error("Int32OK on a string succeeded")
	}
	if _, ok := v.StringValueOK(); ok {
		t.Error("StringValueOK on a truncated string succeeded")
	}
	for _, typ := range []bson.Type{bson.TypeDouble, bson.TypeBinary, bson.TypeRegex, bson.TypeCodeWithScope, bson.TypeDBPointer, bson.TypeDecimal128, bson.TypeTimestamp} {
		w := bson.RawValue{Type: typ, Value: []byte{0xff, 0xff, 0xff}}
		_ = w.Double()
		_ = w.Binary()
		_ = w.Regex()
		_, _, _ = w.CodeWithScopeOK()
		_, _ = w.DBPointerOK()
		_ = w.Decimal128()
		_ = w.Timestamp()
		if err := w.Validate(); err == nil {
			t.Errorf("Validate of truncated %v succeeded", typ)
		}
	}
}

func TestIteratorStopsOnMalformed(t *testing.T) {
	doc := buildDoc()
	for i := 1; i < len(doc); i++ {
		bad := append(bson.Raw(nil), doc[:i]...)
		if err := bad.Validate(); err == nil {
			t.Fatalf("Validate of %d-byte prefix succeeded", i)
		}
		it := bad.Iter()
		for it.Next() {
		}
		_ = bad.Lookup("e")
		_ = bad.Path("b.d.1")
	}
}

func TestValidateErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  []byte
		want string
	}{
		{"empty", nil, "shorter than its 4-byte length"},
		{"short length", []byte{4, 0, 0, 0, 0}, "less than 5"},
		{"length mismatch", []byte{6, 0, 0, 0, 0}, "does not match"},
		{"no terminator", []byte{5, 0, 0, 0, 1}, "not NUL-terminated"},
		{"bad type", []byte{8, 0, 0, 0, 0x20, 'a', 0, 0}, "invalid element type 0x20"},
		{"bad bool", []byte{9, 0, 0, 0, 0x08, 'a', 0, 2, 0}, "neither 0 nor 1"},
		{"bad utf8", []byte{14, 0, 0, 0, 0x02, 'a', 0, 2, 0, 0, 0, 0xff, 0, 0}, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := bson.Raw(tt.doc).Validate()
			var de *bson.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *DecodeError", err)
			}
			if !contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestValidateDepthBomb(t *testing.T) {
	// 600 nested documents: {"a": {"a": {...}}}
	const depth = 600
	b := make([]byte, 0, depth*8)
	starts := make([]int, 0, depth)
	var s int
	b, s = bson.AppendDocumentStart(b)
	starts = append(starts, s)
	for i := 0; i < depth; i++ {
		b, s = bson.AppendDocumentElementStart(b, "a")
		starts = append(starts, s)
	}
	for i := len(starts) - 1; i >= 0; i-- {
		b = bson.AppendDocumentEnd(b, starts[i])
	}
	err := bson.Raw(b).Validate()
	if err == nil || !contains(err.Error(), "nested deeper") {
		t.Fatalf("Validate of a depth bomb: %v", err)
	}
}

func TestLookupAllocatesNothing(t *testing.T) {
	doc := buildDoc()
	allocs := testing.AllocsPerRun(100, func() {
		_ = doc.Lookup("b", "d").Array().Index(1)
		_, _ = doc.Path("b.c").StringBytes()
		it := doc.Iter()
		for it.Next() {
			_ = it.KeyBytes()
		}
	})
	if allocs != 0 {
		t.Errorf("lookups allocated %v times per run, want 0", allocs)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestValidateOldBinaryTooShort(t *testing.T) {
	// {"a": binary subtype 0x02 with length 2 and an inner length of -2}
	doc := []byte{0, 0, 0, 0, 0x05, 'a', 0, 2, 0, 0, 0, 0x02, 0xfe, 0xff, 0}
	doc[0] = byte(len(doc))
	if err := bson.Raw(doc).Validate(); err == nil {
		t.Fatal("Validate accepted a subtype 0x02 binary shorter than its inner length")
	}
}
