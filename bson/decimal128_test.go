package bson_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/bson"
)

// decCorpusSkips lists bson-corpus decimal128 cases that are not run, keyed by
// "file: description", with the reason. It is empty: every case runs. Cases
// marked "lossy" in the corpus (NaN with sign or payload) do run, but their
// string form cannot give back the canonical bytes, so for them the test
// checks that parsing the string gives a value with the same string instead.
var decCorpusSkips = map[string]string{}

// decvecSpecDir returns the directory of the tests of one specification,
// from $MONGO_SPEC_DIR or else ../shared/specifications beside the
// repository root. A missing directory fails the test under CI and skips it
// otherwise.
func decvecSpecDir(t *testing.T, spec string) string {
	t.Helper()
	return spectest.Dir(t, spec)
}

// decvecCounts tallies the cases of one specification file.
type decvecCounts struct{ passed, skipped, failed int }

func (c *decvecCounts) add(ok bool) {
	if ok {
		c.passed++
	} else {
		c.failed++
	}
}

// report writes the per-file summary line to the test log and to stdout.
func (c decvecCounts) report(t *testing.T, file string) {
	t.Helper()
	line := fmt.Sprintf("SUITE %s: %d passed, %d skipped, %d failed", file, c.passed, c.skipped, c.failed)
	t.Log(line)
	fmt.Println(line)
}

type decCorpusFile struct {
	TestKey     string          `json:"test_key"`
	Valid       []decValidCase  `json:"valid"`
	ParseErrors []decParseError `json:"parseErrors"`
}

type decValidCase struct {
	Description       string `json:"description"`
	CanonicalBSON     string `json:"canonical_bson"`
	CanonicalExtJSON  string `json:"canonical_extjson"`
	RelaxedExtJSON    string `json:"relaxed_extjson"`
	DegenerateBSON    string `json:"degenerate_bson"`
	DegenerateExtJSON string `json:"degenerate_extjson"`
	Lossy             bool   `json:"lossy"`
}

type decParseError struct {
	Description string `json:"description"`
	String      string `json:"string"`
}

func TestDecimal128Corpus(t *testing.T) {
	dir := decvecSpecDir(t, "bson-corpus")
	files, err := filepath.Glob(filepath.Join(dir, "decimal128-*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no decimal128 corpus files in %s: %v", dir, err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			var f decCorpusFile
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &f); err != nil {
				t.Fatal(err)
			}
			var c decvecCounts
			runDecValid(t, name, f, &c)
			runDecParseErrors(t, name, f, &c)
			c.report(t, name)
		})
	}
}

func runDecValid(t *testing.T, file string, f decCorpusFile, c *decvecCounts) {
	for _, tc := range f.Valid {
		if reason, ok := decCorpusSkips[file+": "+tc.Description]; ok {
			t.Logf("skip %q: %s", tc.Description, reason)
			c.skipped++
			continue
		}
		c.add(t.Run(tc.Description, func(t *testing.T) { checkDecValid(t, f.TestKey, tc) }))
	}
}

func runDecParseErrors(t *testing.T, file string, f decCorpusFile, c *decvecCounts) {
	for _, tc := range f.ParseErrors {
		if reason, ok := decCorpusSkips[file+": "+tc.Description]; ok {
			t.Logf("skip %q: %s", tc.Description, reason)
			c.skipped++
			continue
		}
		c.add(t.Run(tc.Description, func(t *testing.T) {
			d, err := bson.ParseDecimal128(tc.String)
			if err == nil {
				t.Fatalf("ParseDecimal128(%q) = %v, want an error", tc.String, d)
			}
			var de *bson.Decimal128Error
			if !errors.As(err, &de) || de.Input != tc.String {
				t.Fatalf("ParseDecimal128(%q) error %v is not a *Decimal128Error for the input", tc.String, err)
			}
		}))
	}
}

func checkDecValid(t *testing.T, key string, tc decValidCase) {
	want := decFromBSON(t, key, tc.CanonicalBSON)
	str := decFromExtJSON(t, key, tc.CanonicalExtJSON)
	if got := want.String(); got != str {
		t.Errorf("String() of canonical bytes = %q, want %q", got, str)
	}
	if got := bson.AppendDecimal128(nil, want); !bytes.Equal(got, decHex(t, tc.CanonicalBSON)[7:23]) {
		t.Errorf("AppendDecimal128 = %X, want the canonical bytes", got)
	}
	checkDecParse(t, "canonical_extjson", str, want, str, tc.Lossy)
	if tc.RelaxedExtJSON != "" {
		checkDecParse(t, "relaxed_extjson", decFromExtJSON(t, key, tc.RelaxedExtJSON), want, str, tc.Lossy)
	}
	if tc.DegenerateExtJSON != "" {
		checkDecParse(t, "degenerate_extjson", decFromExtJSON(t, key, tc.DegenerateExtJSON), want, str, tc.Lossy)
	}
	if tc.DegenerateBSON != "" {
		if got := decFromBSON(t, key, tc.DegenerateBSON).String(); got != str {
			t.Errorf("String() of degenerate bytes = %q, want %q", got, str)
		}
	}
}

// checkDecParse parses in and wants the canonical value, or, for a lossy
// case, a value whose string is the canonical string.
func checkDecParse(t *testing.T, field, in string, want bson.Decimal128, str string, lossy bool) {
	t.Helper()
	got, err := bson.ParseDecimal128(in)
	switch {
	case err != nil:
		t.Errorf("%s: ParseDecimal128(%q): %v", field, in, err)
	case lossy && got.String() != str:
		t.Errorf("%s: ParseDecimal128(%q).String() = %q, want %q", field, in, got.String(), str)
	case !lossy && got != want:
		t.Errorf("%s: ParseDecimal128(%q) = %X, want %X", field, in,
			bson.AppendDecimal128(nil, got), bson.AppendDecimal128(nil, want))
	}
}

// decFromBSON reads the Decimal128 of the one-element document {key: decimal}.
func decFromBSON(t *testing.T, key, hexDoc string) bson.Decimal128 {
	t.Helper()
	b := decHex(t, hexDoc)
	head := 4 + 1 + len(key) + 1
	if len(b) != head+16+1 || b[4] != 0x13 || string(b[5:head-1]) != key || b[head-1] != 0 {
		t.Fatalf("corpus document %s is not {%q: decimal128}", hexDoc, key)
	}
	d, rest, err := bson.ReadDecimal128(b[head:])
	if err != nil || len(rest) != 1 {
		t.Fatalf("ReadDecimal128: %v, %d bytes left", err, len(rest))
	}
	return d
}

func decHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex in corpus: %v", err)
	}
	return b
}

// decFromExtJSON returns the $numberDecimal string of {key: {"$numberDecimal": s}}.
func decFromExtJSON(t *testing.T, key, doc string) string {
	t.Helper()
	var m map[string]map[string]string
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatalf("extended JSON %s: %v", doc, err)
	}
	s, ok := m[key]["$numberDecimal"]
	if !ok {
		t.Fatalf("extended JSON %s has no %s.$numberDecimal", doc, key)
	}
	return s
}

func TestParseDecimal128Errors(t *testing.T) {
	tests := []struct {
		in     string
		want   error
		offset int
	}{
		{"", bson.ErrDecimal128Syntax, 0},
		{"-", bson.ErrDecimal128Syntax, 1},
		{"1e", bson.ErrDecimal128Syntax, 2},
		{"1e+", bson.ErrDecimal128Syntax, 3},
		{"E01", bson.ErrDecimal128Syntax, 0},
		{"1.2.3", bson.ErrDecimal128Syntax, 3},
		{" 1", bson.ErrDecimal128Syntax, 0},
		{"1 ", bson.ErrDecimal128Syntax, 1},
		{"+.Inf", bson.ErrDecimal128Syntax, 2},
		{"1e5x", bson.ErrDecimal128Syntax, 3},
		{"1E+6145", bson.ErrDecimal128Overflow, -1},
		{"1.5E+6145", bson.ErrDecimal128Overflow, -1},
		{"1E+99999999999999999999999", bson.ErrDecimal128Overflow, -1},
		{"1E-6177", bson.ErrDecimal128Underflow, -1},
		{"15E-6177", bson.ErrDecimal128Underflow, -1},
		{"1E-99999999999999999999999", bson.ErrDecimal128Underflow, -1},
		{"12345678901234567890123456789012345", bson.ErrDecimal128Inexact, -1},
		{"123456789012345678901234567890123450", bson.ErrDecimal128Inexact, -1},
	}
	for _, tt := range tests {
		_, err := bson.ParseDecimal128(tt.in)
		var de *bson.Decimal128Error
		if !errors.Is(err, tt.want) || !errors.As(err, &de) {
			t.Errorf("ParseDecimal128(%q) error = %v, want %v", tt.in, err, tt.want)
			continue
		}
		if de.Offset != tt.offset {
			t.Errorf("ParseDecimal128(%q) offset = %d, want %d (%v)", tt.in, de.Offset, tt.offset, err)
		}
		if tt.offset >= 0 && !strings.Contains(err.Error(), fmt.Sprintf("offset %d", tt.offset)) {
			t.Errorf("ParseDecimal128(%q) message %q does not name the offset", tt.in, err)
		}
	}
}

func TestParseDecimal128Exact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1234567890123456789012345678901234000", "1.234567890123456789012345678901234E+36"},
		{"10E-6177", "1E-6176"},
		{"1E+6144", "1.000000000000000000000000000000000E+6144"},
		{"-0e99999999999999999999999999", "-0E+6111"},
		{"0.0e-99999999999999999999999999", "0E-6176"},
		{"017.", "17"},
		{".5", "0.5"},
		{"+0.003", "0.003"},
		{"12.70", "12.70"},
		{"4E+9", "4E+9"},
		{"0.73e-7", "7.3E-8"},
		{"-NaN", "NaN"},
		{"INF", "Infinity"},
		{"-Infinity", "-Infinity"},
	}
	for _, tt := range tests {
		d, err := bson.ParseDecimal128(tt.in)
		if err != nil || d.String() != tt.want {
			t.Errorf("ParseDecimal128(%q) = %q, %v; want %q", tt.in, d.String(), err, tt.want)
		}
	}
}

func TestDecimal128NonCanonical(t *testing.T) {
	const pos = uint64(0x3040) << 48 // exponent 0, sign +
	tests := []struct {
		h, l uint64
		want string
	}{
		// Coefficient 10^34: one above the largest canonical one.
		{pos | 0x0001ed09bead87c0, 0x378d8e63ffffffff + 1, "0"},
		{pos | 0x0001ed09bead87c0, 0x378d8e63ffffffff, "9999999999999999999999999999999999"},
		{pos | 0x0001ffffffffffff, math.MaxUint64, "0"},
		// The 11-prefixed form has the exponent two bits lower and is never canonical.
		{0x6c10 << 48, 0, "0"},
		{0xec11ffffffffffff, math.MaxUint64, "-0E+3"},
		{0x7fffffffffffffff, math.MaxUint64, "NaN"},
		{0xf800000000000000, 1, "-Infinity"},
	}
	for _, tt := range tests {
		if got := bson.NewDecimal128(tt.h, tt.l).String(); got != tt.want {
			t.Errorf("NewDecimal128(%#x, %#x).String() = %q, want %q", tt.h, tt.l, got, tt.want)
		}
	}
}

func TestDecimal128Predicates(t *testing.T) {
	tests := []struct {
		in         string
		nan, zero  bool
		inf        int
		wantH      uint64
		checkWords bool
	}{
		{in: "NaN", nan: true},
		{in: "-nan", nan: true},
		{in: "Infinity", inf: 1},
		{in: "-inf", inf: -1},
		{in: "0E-6176", zero: true, wantH: 0, checkWords: true},
		{in: "0"},
		{in: "-0E-6176"},
		{in: "1", wantH: 0x3040000000000000, checkWords: true},
	}
	for _, tt := range tests {
		d, err := bson.ParseDecimal128(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if d.IsNaN() != tt.nan || d.IsInf() != tt.inf || d.IsZero() != tt.zero {
			t.Errorf("%q: IsNaN %v IsInf %d IsZero %v, want %v %d %v", tt.in, d.IsNaN(), d.IsInf(), d.IsZero(), tt.nan, tt.inf, tt.zero)
		}
		if h, _ := d.GetBytes(); tt.checkWords && h != tt.wantH {
			t.Errorf("%q: high word %#x, want %#x", tt.in, h, tt.wantH)
		}
	}
	if !(bson.Decimal128{}).IsZero() {
		t.Error("the zero value is not IsZero")
	}
}

func TestDecimal128BigInt(t *testing.T) {
	for _, s := range []string{"0", "-0.00", "1.23", "-9.999999999999999999999999999999999E+6144", "1E-6176", "5192296858534827628530496329220095"} {
		d, _ := bson.ParseDecimal128(s)
		bi, exp, err := d.BigInt()
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		// A big.Int has no negative zero, so -0.00 comes back as 0.00.
		want := d.String()
		if bi.Sign() == 0 {
			want = strings.TrimPrefix(want, "-")
		}
		back, ok := bson.ParseDecimal128FromBigInt(bi, exp)
		if !ok || back.String() != want {
			t.Errorf("%s: BigInt (%v, %d) gives back %v, %v", s, bi, exp, back, ok)
		}
	}
	bi, exp, err := bson.NewDecimal128(0xb03e000000000000, 123).BigInt()
	if err != nil || bi.Int64() != -123 || exp != -1 {
		t.Errorf("BigInt of -12.3 = %v, %d, %v", bi, exp, err)
	}
	for _, s := range []string{"NaN", "Infinity", "-Infinity"} {
		d, _ := bson.ParseDecimal128(s)
		if _, _, err := d.BigInt(); !errors.Is(err, bson.ErrDecimal128NotFinite) {
			t.Errorf("%s.BigInt() error = %v, want ErrDecimal128NotFinite", s, err)
		}
	}
}

func TestParseDecimal128FromBigInt(t *testing.T) {
	pow := func(n int64) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil) }
	tests := []struct {
		bi   *big.Int
		exp  int
		want string // "" when it must fail
	}{
		{big.NewInt(-123), -2, "-1.23"},
		{pow(40), 0, "1.000000000000000000000000000000000E+40"},
		{new(big.Int).Add(pow(34), big.NewInt(1)), 0, ""},
		{big.NewInt(1), 6112, "1.0E+6112"},
		{big.NewInt(1), -6177, ""},
		{big.NewInt(10), -6177, "1E-6176"},
		{big.NewInt(0), 99999, "0E+6111"},
		{big.NewInt(0), math.MinInt, "0E-6176"},
		{big.NewInt(7), math.MaxInt, ""},
		{big.NewInt(7), math.MinInt, ""},
		{nil, 0, ""},
	}
	for _, tt := range tests {
		d, ok := bson.ParseDecimal128FromBigInt(tt.bi, tt.exp)
		if ok != (tt.want != "") || ok && d.String() != tt.want {
			t.Errorf("ParseDecimal128FromBigInt(%v, %d) = %v, %v; want %q", tt.bi, tt.exp, d, ok, tt.want)
		}
	}
}

func TestDecimal128AppendRead(t *testing.T) {
	d := bson.NewDecimal128(0x0102030405060708, 0x1112131415161718)
	buf := bson.AppendDecimal128([]byte{0xaa}, d)
	want := []byte{0xaa, 0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11, 8, 7, 6, 5, 4, 3, 2, 1}
	if !bytes.Equal(buf, want) {
		t.Fatalf("AppendDecimal128 = %X, want %X", buf, want)
	}
	got, rest, err := bson.ReadDecimal128(append(buf[1:], 0xbb))
	if err != nil || got != d || !bytes.Equal(rest, []byte{0xbb}) {
		t.Fatalf("ReadDecimal128 = %v, %X, %v", got, rest, err)
	}
	if _, _, err := bson.ReadDecimal128(buf[1:16]); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("ReadDecimal128 of 15 bytes: error %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestDecimal128Text(t *testing.T) {
	type doc struct {
		D bson.Decimal128 `json:"d"`
	}
	in, _ := bson.ParseDecimal128("-1.50E+10")
	out, err := json.Marshal(doc{in})
	if err != nil || string(out) != `{"d":"-1.50E+10"}` {
		t.Fatalf("json.Marshal = %s, %v", out, err)
	}
	var back doc
	if err := json.Unmarshal(out, &back); err != nil || back.D != in {
		t.Fatalf("json.Unmarshal = %v, %v", back.D, err)
	}
	if err := back.D.UnmarshalText([]byte("1.2.3")); !errors.Is(err, bson.ErrDecimal128Syntax) || back.D != in {
		t.Fatalf("UnmarshalText of bad text: %v, value %v", err, back.D)
	}
	got, err := in.AppendText([]byte("x="))
	if err != nil || string(got) != "x=-1.50E+10" {
		t.Fatalf("AppendText = %q, %v", got, err)
	}
}

func FuzzParseDecimal128(f *testing.F) {
	for _, s := range []string{"0", "-1.23E+5", "1E-6176", "9.999999999999999999999999999999999E+6144",
		"0E+2147483647", "inf", "-NaN", ".5", "1e", "1..2", "100000000000000000000000000000000000000000000000000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := bson.ParseDecimal128(s)
		if err != nil {
			var de *bson.Decimal128Error
			if !errors.As(err, &de) || de.Offset > len(s) || de.Offset < -1 {
				t.Fatalf("ParseDecimal128(%q): bad error %v", s, err)
			}
			return
		}
		str := d.String()
		d2, err := bson.ParseDecimal128(str)
		if err != nil {
			t.Fatalf("ParseDecimal128(%q) = %q, which does not parse: %v", s, str, err)
		}
		if d.IsNaN() != d2.IsNaN() || !d.IsNaN() && d2 != d || d2.String() != str {
			t.Fatalf("ParseDecimal128(%q) = %q, which parses to %q", s, str, d2)
		}
		decCheckValue(t, s, d)
	})
}

func FuzzDecimal128String(f *testing.F) {
	f.Add(uint64(0x3040000000000000), uint64(1))
	f.Add(uint64(0x6c11ffffffffffff), uint64(math.MaxUint64))
	f.Add(uint64(0x5fffed09bead87c0), uint64(0x378d8e63ffffffff))
	f.Fuzz(func(t *testing.T, h, l uint64) {
		d := bson.NewDecimal128(h, l)
		str := d.String()
		d2, err := bson.ParseDecimal128(str)
		if err != nil {
			t.Fatalf("String() of %#x %#x = %q, which does not parse: %v", h, l, str, err)
		}
		if d2.String() != str {
			t.Fatalf("String() of %#x %#x = %q, which parses to %q", h, l, str, d2)
		}
	})
}

// decCheckValue checks that a finite non-zero d has the value the decimal
// string s spells, computed independently with math/big.
func decCheckValue(t *testing.T, s string, d bson.Decimal128) {
	bi, exp, err := d.BigInt()
	if err != nil || bi.Sign() == 0 {
		return
	}
	mant, e, ok := strings.Cut(strings.ToLower(s), "e")
	var want big.Rat
	if _, ok2 := want.SetString(strings.TrimPrefix(mant, "+")); !ok2 {
		t.Fatalf("math/big cannot read mantissa %q", mant)
	}
	if ok {
		n, err := strconv.ParseInt(e, 10, 64)
		if err != nil || n > 1e5 || n < -1e5 {
			return // a huge exponent with a tiny value: nothing cheap to compare
		}
		want.Mul(&want, decPow10(n))
	}
	got := new(big.Rat).SetInt(bi)
	got.Mul(got, decPow10(int64(exp)))
	if got.Cmp(&want) != 0 {
		t.Fatalf("ParseDecimal128(%q) = %v, value differs", s, d)
	}
}

func decPow10(n int64) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(max(n, -n)), nil)
	if n < 0 {
		return new(big.Rat).SetFrac(big.NewInt(1), p)
	}
	return new(big.Rat).SetInt(p)
}

func BenchmarkDecimal128(b *testing.B) {
	const s = "-1.234567890123456789012345678901234E-7"
	b.Run("Parse", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := bson.ParseDecimal128(s); err != nil {
				b.Fatal(err)
			}
		}
	})
	d, _ := bson.ParseDecimal128(s)
	b.Run("AppendText", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 64)
		for i := 0; i < b.N; i++ {
			buf, _ = d.AppendText(buf[:0])
		}
	})
}
