package bson_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// vecSkips lists bson-binary-vector cases that are not run, keyed by
// "file: description", with the reason. It is empty: every case runs.
var vecSkips = map[string]string{}

type vecFile struct {
	TestKey string    `json:"test_key"`
	Tests   []vecCase `json:"tests"`
}

type vecCase struct {
	Description   string            `json:"description"`
	Valid         bool              `json:"valid"`
	Vector        []json.RawMessage `json:"vector"` // nil when absent
	DTypeHex      string            `json:"dtype_hex"`
	Padding       int               `json:"padding"`
	CanonicalBSON string            `json:"canonical_bson"`
}

func TestVectorSpec(t *testing.T) {
	dir := decvecSpecDir(t, "bson-binary-vector")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vector test files in %s: %v", dir, err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var f vecFile
			if err := json.Unmarshal(raw, &f); err != nil {
				t.Fatal(err)
			}
			var c decvecCounts
			for _, tc := range f.Tests {
				if reason, ok := vecSkips[name+": "+tc.Description]; ok {
					t.Logf("skip %q: %s", tc.Description, reason)
					c.skipped++
					continue
				}
				c.add(t.Run(tc.Description, func(t *testing.T) { checkVecCase(t, f.TestKey, tc) }))
			}
			c.report(t, name)
		})
	}
}

func checkVecCase(t *testing.T, key string, tc vecCase) {
	dtype, err := strconv.ParseUint(strings.TrimPrefix(tc.DTypeHex, "0x"), 16, 8)
	if err != nil {
		t.Fatalf("dtype_hex %q: %v", tc.DTypeHex, err)
	}
	if tc.Vector == nil && tc.CanonicalBSON == "" {
		t.Fatal("case has neither vector nor canonical_bson")
	}
	if tc.Valid {
		checkVecValid(t, key, bson.VectorDType(dtype), tc)
		return
	}
	if tc.Vector != nil {
		if b, err := vecEncode(bson.VectorDType(dtype), tc.Padding, vecTexts(t, tc.Vector)); err == nil {
			t.Errorf("encoding succeeded with %X, want an error", b.Data)
		} else {
			t.Logf("encoding fails as it should: %v", err)
		}
	}
	if tc.CanonicalBSON != "" {
		if v, err := bson.NewVectorFromBinary(vecExtract(t, key, tc.CanonicalBSON)); err == nil {
			t.Errorf("NewVectorFromBinary succeeded with %v, want an error", v)
		} else {
			t.Logf("decoding fails as it should: %v", err)
		}
	}
}

func checkVecValid(t *testing.T, key string, dtype bson.VectorDType, tc vecCase) {
	want, err := vecBuild(dtype, tc.Padding, vecTexts(t, tc.Vector))
	if err != nil {
		t.Fatalf("building the vector: %v", err)
	}
	canonical, _ := hex.DecodeString(tc.CanonicalBSON)
	if got := vecDoc(key, want.Binary()); !bytes.Equal(got, canonical) {
		t.Errorf("encoded document %X, want %s", got, tc.CanonicalBSON)
	}
	got, err := bson.NewVectorFromBinary(vecExtract(t, key, tc.CanonicalBSON))
	if err != nil {
		t.Fatalf("NewVectorFromBinary: %v", err)
	}
	if got.DType() != dtype || got.Padding() != uint8(tc.Padding) || got.Len() != want.Len() {
		t.Errorf("decoded dtype %v padding %d len %d, want %v %d %d",
			got.DType(), got.Padding(), got.Len(), dtype, tc.Padding, want.Len())
	}
	if !got.Equal(want) || !vecElementsEqual(got, want) {
		t.Errorf("decoded %s, want %s", vecString(got), vecString(want))
	}
}

// vecElementsEqual compares through the typed accessors, independently of Vector.Equal.
func vecElementsEqual(a, b bson.Vector) bool {
	ai, _ := a.Int8()
	bi, _ := b.Int8()
	af, _ := a.Float32()
	bf, _ := b.Float32()
	ab, _, _ := a.PackedBits()
	bb, _, _ := b.PackedBits()
	return fmt.Sprint(ai) == fmt.Sprint(bi) && fmt.Sprint(af) == fmt.Sprint(bf) && bytes.Equal(ab, bb)
}

func vecString(v bson.Vector) string {
	i, _ := v.Int8()
	f, _ := v.Float32()
	b, p, _ := v.PackedBits()
	return fmt.Sprintf("%v{int8 %v float32 %v bits %X padding %d}", v.DType(), i, f, b, p)
}

// vecTexts returns the numbers of a JSON vector as text: plain JSON numbers
// as written, {"$numberDouble": s} as s.
func vecTexts(t *testing.T, raw []json.RawMessage) []string {
	t.Helper()
	out := make([]string, len(raw))
	for i, r := range raw {
		if bytes.HasPrefix(r, []byte("{")) {
			var m map[string]string
			if err := json.Unmarshal(r, &m); err != nil || m["$numberDouble"] == "" {
				t.Fatalf("vector element %s: %v", r, err)
			}
			out[i] = m["$numberDouble"]
			continue
		}
		out[i] = string(r)
	}
	return out
}

// vecEncode is the specification's from_vector(vector, dtype, padding) built
// on the typed constructors. Go's types do part of the validation: a number
// that is not an int8 or a byte does not convert, a padding outside uint8 has
// no value to pass, and the INT8 and FLOAT32 constructors take no padding at
// all, so a non-zero padding for them cannot be expressed.
func vecEncode(dtype bson.VectorDType, padding int, texts []string) (bson.Binary, error) {
	v, err := vecBuild(dtype, padding, texts)
	if err != nil {
		return bson.Binary{}, err
	}
	return v.Binary(), nil
}

func vecBuild(dtype bson.VectorDType, padding int, texts []string) (bson.Vector, error) {
	if dtype != bson.VectorPackedBit && padding != 0 {
		return bson.Vector{}, fmt.Errorf("%v vectors have no padding parameter (got %d)", dtype, padding)
	}
	switch dtype {
	case bson.VectorInt8:
		vals, err := vecConvert(texts, func(s string) (int8, error) { n, err := strconv.ParseInt(s, 10, 8); return int8(n), err })
		return bson.NewInt8Vector(vals), err
	case bson.VectorFloat32:
		vals, err := vecConvert(texts, func(s string) (float32, error) { f, err := strconv.ParseFloat(s, 32); return float32(f), err })
		return bson.NewFloat32Vector(vals), err
	case bson.VectorPackedBit:
		if padding < 0 || padding > math.MaxUint8 {
			return bson.Vector{}, fmt.Errorf("padding %d is not a uint8", padding)
		}
		vals, err := vecConvert(texts, func(s string) (byte, error) { n, err := strconv.ParseUint(s, 10, 8); return byte(n), err })
		if err != nil {
			return bson.Vector{}, err
		}
		return bson.NewPackedBitVector(vals, uint8(padding))
	}
	return bson.Vector{}, fmt.Errorf("no constructor for %v", dtype)
}

func vecConvert[T any](texts []string, conv func(string) (T, error)) ([]T, error) {
	out := make([]T, len(texts))
	for i, s := range texts {
		x, err := conv(s)
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
		out[i] = x
	}
	return out, nil
}

// vecDoc builds the document {key: b} by hand.
func vecDoc(key string, b bson.Binary) []byte {
	doc := []byte{0, 0, 0, 0, 0x05}
	doc = append(append(doc, key...), 0)
	doc = binary.LittleEndian.AppendUint32(doc, uint32(len(b.Data)))
	doc = append(append(doc, b.Subtype), b.Data...)
	doc = append(doc, 0)
	binary.LittleEndian.PutUint32(doc, uint32(len(doc)))
	return doc
}

// vecExtract reads the binary of the document {key: binary} by hand.
func vecExtract(t *testing.T, key, hexDoc string) bson.Binary {
	t.Helper()
	b, err := hex.DecodeString(hexDoc)
	if err != nil {
		t.Fatalf("bad hex: %v", err)
	}
	head := 4 + 1 + len(key) + 1
	if len(b) < head+5+1 || int(binary.LittleEndian.Uint32(b)) != len(b) || b[4] != 0x05 ||
		string(b[5:head-1]) != key || b[head-1] != 0 {
		t.Fatalf("document %s is not {%q: binary}", hexDoc, key)
	}
	n := int(binary.LittleEndian.Uint32(b[head:]))
	if head+5+n+1 != len(b) || b[len(b)-1] != 0 {
		t.Fatalf("document %s: binary length %d does not fit", hexDoc, n)
	}
	return bson.Binary{Subtype: b[head+4], Data: b[head+5 : head+5+n]}
}

func TestVectorProse(t *testing.T) {
	// 1. Encoding with non-zero ignored bits is refused.
	if _, err := bson.NewPackedBitVector([]byte{0xff}, 7); !errors.Is(err, bson.ErrVectorIgnoredBits) {
		t.Errorf("NewPackedBitVector([0xff], 7) error = %v, want ErrVectorIgnoredBits", err)
	}
	// 2. Decoding non-zero ignored bits is refused too.
	b2 := bson.Binary{Subtype: bson.BinaryVector, Data: []byte{0x10, 0x07, 0xff}}
	if _, err := bson.NewVectorFromBinary(b2); !errors.Is(err, bson.ErrVectorIgnoredBits) {
		t.Errorf("NewVectorFromBinary(10 07 ff) error = %v, want ErrVectorIgnoredBits", err)
	}
	// 3. Comparison: equal binaries give equal vectors and back.
	b1 := bson.Binary{Subtype: bson.BinaryVector, Data: []byte{0x10, 0x07, 0x80}}
	v3, err := bson.NewPackedBitVector([]byte{0x80}, 7)
	if err != nil {
		t.Fatal(err)
	}
	v1, err := bson.NewVectorFromBinary(b1)
	if err != nil {
		t.Fatal(err)
	}
	if b1.Equal(b2) || !b1.Equal(v3.Binary()) || !v1.Equal(v3) {
		t.Errorf("b1 == b2 %v, b1 == b3 %v, v1 == v3 %v; want false, true, true", b1.Equal(b2), b1.Equal(v3.Binary()), v1.Equal(v3))
	}
}

func TestNewVectorFromBinaryErrors(t *testing.T) {
	tests := []struct {
		subtype byte
		data    string // hex
		want    error
		where   string
	}{
		{0x00, "030001", bson.ErrNotVector, "subtype 0x00"},
		{0x09, "", bson.ErrVectorLength, "offset 0"},
		{0x09, "03", bson.ErrVectorLength, "offset 1"},
		{0x09, "9900", bson.ErrVectorDType, "offset 0: 0x99"},
		{0x09, "0301", bson.ErrVectorPadding, "offset 1"},
		{0x09, "2701", bson.ErrVectorPadding, "offset 1"},
		{0x09, "2700000000", bson.ErrVectorLength, "offset 2"},
		{0x09, "270000", bson.ErrVectorLength, "offset 2"},
		{0x09, "100801", bson.ErrVectorPadding, "offset 1"},
		{0x09, "1001", bson.ErrVectorPadding, "offset 1"},
		{0x09, "10030f14", bson.ErrVectorIgnoredBits, "offset 3"},
	}
	for _, tt := range tests {
		data, _ := hex.DecodeString(tt.data)
		_, err := bson.NewVectorFromBinary(bson.Binary{Subtype: tt.subtype, Data: data})
		if !errors.Is(err, tt.want) || !strings.Contains(fmt.Sprint(err), tt.where) {
			t.Errorf("NewVectorFromBinary(%02x %s) error = %v, want %v naming %q", tt.subtype, tt.data, err, tt.want, tt.where)
		}
	}
	if _, err := bson.NewVectorFromBinary(bson.Vector{}.Binary()); err == nil {
		t.Error("the zero Vector's Binary decodes without error")
	}
}

func TestVectorAccessors(t *testing.T) {
	bits := []byte{0xb0, 0x80}
	pv, err := bson.NewPackedBitVector(bits, 7)
	if err != nil {
		t.Fatal(err)
	}
	bits[0] = 0 // the vector keeps its own copy
	var got []byte
	for i := 0; i < pv.Len(); i++ {
		b, ok := pv.Bit(i)
		if !ok {
			t.Fatalf("Bit(%d) not ok", i)
		}
		got = append(got, '0'+b)
	}
	if string(got) != "101100001" {
		t.Errorf("bits = %s, want 101100001", got)
	}
	if _, ok := pv.Bit(9); ok {
		t.Error("Bit(9) of a 9-bit vector is ok")
	}
	if _, ok := pv.Int8(); ok {
		t.Error("Int8() of a PACKED_BIT vector is ok")
	}
	iv := bson.NewInt8Vector([]int8{-1, 2})
	if vals, ok := iv.Int8(); !ok || len(vals) != 2 || vals[0] != -1 || iv.DType().String() != "INT8" {
		t.Errorf("Int8() = %v, %v; dtype %v", vals, ok, iv.DType())
	}
	if _, ok := iv.Bit(0); ok {
		t.Error("Bit(0) of an INT8 vector is ok")
	}
	if s := bson.VectorDType(0x42).String(); s != "dtype(0x42)" {
		t.Errorf("unknown dtype prints %q", s)
	}
	if d := iv.AppendData([]byte{0xee}); !bytes.Equal(d, []byte{0xee, 0x03, 0x00, 0xff, 0x02}) {
		t.Errorf("AppendData = %X", d)
	}
}

func TestVectorEqual(t *testing.T) {
	nan := float32(math.NaN())
	negZero := float32(math.Copysign(0, -1))
	tests := []struct {
		a, b bson.Vector
		want bool
	}{
		{bson.NewFloat32Vector([]float32{nan, 1}), bson.NewFloat32Vector([]float32{nan, 1}), true},
		{bson.NewFloat32Vector([]float32{0}), bson.NewFloat32Vector([]float32{negZero}), false},
		{bson.NewInt8Vector(nil), bson.NewInt8Vector([]int8{}), true},
		{bson.NewInt8Vector(nil), bson.NewFloat32Vector(nil), false},
		{bson.NewInt8Vector([]int8{1}), bson.NewInt8Vector([]int8{2}), false},
	}
	for i, tt := range tests {
		if got := tt.a.Equal(tt.b); got != tt.want {
			t.Errorf("case %d: Equal = %v, want %v", i, got, tt.want)
		}
		if got := tt.a.Binary().Equal(tt.b.Binary()); got != tt.want {
			t.Errorf("case %d: Binary().Equal = %v, want %v", i, got, tt.want)
		}
	}
}

func FuzzNewVectorFromBinary(f *testing.F) {
	for _, s := range []string{"", "03", "03007f07", "2700000080ff", "10037f08", "100107", "990000"} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := bson.NewVectorFromBinary(bson.Binary{Subtype: bson.BinaryVector, Data: data})
		if err != nil {
			return
		}
		if got := v.Binary(); got.Subtype != bson.BinaryVector || !bytes.Equal(got.Data, data) {
			t.Fatalf("decoded %X, encoded back %X", data, got.Data)
		}
	})
}
