package bson_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// FuzzUnmarshal decodes arbitrary bytes into a D, a struct with a field of
// every kind, an M and an any. None may panic. When decoding into D
// succeeds the input is a valid document, and Marshal gives the input back
// exactly — except for the two forms Marshal normalises, array keys other
// than "0", "1", … and regex options out of order, for which Marshal must
// at least be stable (a second round trip changes nothing).
// testdata/fuzz/FuzzUnmarshal holds the bson-corpus documents as seeds.
func FuzzUnmarshal(f *testing.F) {
	f.Add(doc(i32("a", 1), str("b", "x"), sub("c", doc(array("d", arr(dbl("0", 1.5)))))))
	f.Add(doc(bin("b", 2, []byte{1, 2, 3}), null("n")))
	slow := bson.NewRegistry() // overrides a built-in type: the slow path
	slow.RegisterTypeDecoder(reflect.TypeFor[bson.Symbol](), func(bson.Type, []byte, reflect.Value) error { return nil })
	slow.SetOptions(bson.Options{DocumentsAsM: true, BinaryAsSlice: true})
	f.Fuzz(func(t *testing.T, data []byte) {
		var s allKinds
		var ft fuzzTarget
		var m bson.M
		var x, sx any
		_ = bson.Unmarshal(data, &s)
		_ = bson.Unmarshal(data, &ft)
		_ = bson.Unmarshal(data, &m)
		_ = slow.Unmarshal(data, &sx)
		errAny := bson.Unmarshal(data, &x)
		var d bson.D
		if err := bson.Unmarshal(data, &d); err != nil {
			if errAny == nil {
				t.Fatalf("any accepted what D rejected: %v", err)
			}
			return
		}
		if err := bson.Raw(data).Validate(); err != nil {
			t.Fatalf("Unmarshal accepted bytes Validate rejects: %v", err)
		}
		out, err := bson.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal(Unmarshal(data)): %v", err)
		}
		if outAny, err := bson.Marshal(x); err != nil || !bytes.Equal(outAny, out) {
			t.Fatalf("any and D differ: %v", err)
		}
		if canonicalForm(data) {
			if !bytes.Equal(out, data) {
				t.Fatalf("round trip changed the bytes:\n  %x\n  %x", data, out)
			}
			return
		}
		var d2 bson.D
		if err := bson.Unmarshal(out, &d2); err != nil || len(d2) != len(d) {
			t.Fatalf("normalised output does not decode: %v", err)
		}
		if again, _ := bson.Marshal(d2); !bytes.Equal(again, out) {
			t.Fatal("Marshal is not stable")
		}
	})
}

// fuzzTarget has the layouts allKinds lacks.
type fuzzTarget struct {
	Base    `bson:",inline"`
	*Inner1 `bson:",inline"`
	Extra   map[string]any `bson:",inline"`
	MI      map[int]string
	AA      []any
	AS      [2]string
	PS      *[]int
	PD      *bson.D
	Sub     *fuzzTarget
	Ptrs    []*Base
	Bytes   [4]byte
	Iface   interface{ String() string }
}

// canonicalForm reports whether the valid document b uses the array keys
// "0", "1", … and sorted regex options throughout.
func canonicalForm(b []byte) bool {
	return canonicalDoc(bson.Raw(b), false)
}

func canonicalDoc(r bson.Raw, isArray bool) bool {
	it := r.Iter()
	for i := 0; it.Next(); i++ {
		if isArray && it.Key() != itoaTest(i) {
			return false
		}
		v := it.Value()
		switch v.Type {
		case bson.TypeEmbeddedDoc, bson.TypeArray:
			if !canonicalDoc(bson.Raw(v.Value), v.Type == bson.TypeArray) {
				return false
			}
		case bson.TypeCodeWithScope:
			if _, scope, ok := v.CodeWithScopeOK(); !ok || !canonicalDoc(scope, false) {
				return false
			}
		case bson.TypeRegex:
			o := v.Regex().Options
			for j := 1; j < len(o); j++ {
				if o[j] < o[j-1] {
					return false
				}
			}
		}
	}
	return true
}

func itoaTest(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoaTest(i/10) + string(rune('0'+i%10))
}
