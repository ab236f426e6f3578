package bson_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/bson"
)

// The bson-corpus runner (specification "bson-corpus"). Every file of
// source/bson-corpus/tests is run; each valid, decodeErrors and parseErrors
// entry is one case, and each file ends with a summary line
// "bson-corpus <file>: N passed, N skipped, N failed".
//
// Extended JSON is compared after ejNormalize: whitespace outside strings is
// dropped and every string (key or value) is decoded and re-encoded the same
// way, so "\u00e9" and "é" compare equal, as bson-corpus.md asks
// ("implementations MUST normalize JSON comparisons"). Numbers, key order
// and everything else must match the corpus text exactly.

// corpusSkips lists cases that are not run, by "file: description", with
// the reason. It is empty: every case passes.
var corpusSkips = map[string]string{}

type corpusFile struct {
	Description  string             `json:"description"`
	BSONType     string             `json:"bson_type"`
	Valid        []corpusValid      `json:"valid"`
	DecodeErrors []corpusDecodeErr  `json:"decodeErrors"`
	ParseErrors  []corpusParseError `json:"parseErrors"`
}

type corpusValid struct {
	Description       string `json:"description"`
	CanonicalBSON     string `json:"canonical_bson"`
	CanonicalExtJSON  string `json:"canonical_extjson"`
	RelaxedExtJSON    string `json:"relaxed_extjson"`
	DegenerateBSON    string `json:"degenerate_bson"`
	DegenerateExtJSON string `json:"degenerate_extjson"`
	ConvertedBSON     string `json:"converted_bson"`
	ConvertedExtJSON  string `json:"converted_extjson"`
	Lossy             bool   `json:"lossy"`
}

type corpusDecodeErr struct {
	Description string `json:"description"`
	BSON        string `json:"bson"`
}

type corpusParseError struct {
	Description string `json:"description"`
	String      string `json:"string"`
}

// corpusDir returns source/<spec>/tests under $MONGO_SPEC_DIR or else
// ../shared/specifications beside the repository root.
func corpusDir(t testing.TB, spec string) string {
	t.Helper()
	return spectest.Dir(t, spec)
}

func loadCorpusFile(t testing.TB, path string) corpusFile {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f corpusFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

func TestBSONCorpus(t *testing.T) {
	dir := corpusDir(t, "bson-corpus")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	sort.Strings(files)
	var summary []string
	for _, path := range files {
		name := filepath.Base(path)
		f := loadCorpusFile(t, path)
		var c corpusCounts
		t.Run(name, func(t *testing.T) {
			for _, v := range f.Valid {
				c.run(t, name, "valid: "+v.Description, func(t *testing.T) { checkCorpusValid(t, v) })
			}
			for _, d := range f.DecodeErrors {
				c.run(t, name, "decodeErrors: "+d.Description, func(t *testing.T) { checkCorpusDecodeError(t, d) })
			}
			for _, p := range f.ParseErrors {
				c.run(t, name, "parseErrors: "+p.Description, func(t *testing.T) { checkCorpusParseError(t, f.BSONType, p) })
			}
		})
		line := fmt.Sprintf("bson-corpus %s: %d passed, %d skipped, %d failed", name, c.passed, c.skipped, c.failed)
		t.Log(line)
		summary = append(summary, line)
	}
	fmt.Println(strings.Join(summary, "\n"))
}

// corpusCounts tallies one file's cases.
type corpusCounts struct{ passed, skipped, failed int }

// run runs one case as a subtest unless the skip table names it.
func (c *corpusCounts) run(t *testing.T, file, name string, fn func(t *testing.T)) {
	if reason, ok := corpusSkips[file+": "+name]; ok {
		c.skipped++
		t.Logf("skip %s: %s", name, reason)
		return
	}
	if t.Run(name, fn) {
		c.passed++
	} else {
		c.failed++
	}
}

func corpusHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex in corpus: %v", err)
	}
	return b
}

// checkCorpusValid makes the assertions of bson-corpus.md "Testing
// validity", both those for a codec without an intermediate form
// (AppendExtJSON / ParseExtJSON) and, through bson.D, those for a native one.
func checkCorpusValid(t *testing.T, v corpusValid) {
	cB := corpusHex(t, v.CanonicalBSON)
	if err := bson.Raw(cB).Validate(); err != nil {
		t.Fatalf("canonical_bson does not validate: %v", err)
	}
	checkNativeRoundTrip(t, "canonical_bson", cB, cB)
	checkToExtJSON(t, "canonical_bson", cB, v.CanonicalExtJSON, v.RelaxedExtJSON)
	checkFromExtJSON(t, "canonical_extjson", v.CanonicalExtJSON, cB, v.Lossy, v.CanonicalExtJSON, true)
	checkNativeExtJSON(t, v.CanonicalExtJSON, cB, v.CanonicalExtJSON, v.RelaxedExtJSON)
	if v.DegenerateBSON != "" {
		dB := corpusHex(t, v.DegenerateBSON)
		checkNativeRoundTrip(t, "degenerate_bson", dB, cB)
		checkToExtJSON(t, "degenerate_bson", dB, v.CanonicalExtJSON, v.RelaxedExtJSON)
	}
	if v.DegenerateExtJSON != "" {
		checkFromExtJSON(t, "degenerate_extjson", v.DegenerateExtJSON, cB, v.Lossy, v.CanonicalExtJSON, false)
	}
	if v.RelaxedExtJSON != "" {
		checkRelaxedRoundTrip(t, v.RelaxedExtJSON)
	}
	if v.ConvertedBSON != "" {
		convB := corpusHex(t, v.ConvertedBSON)
		checkToExtJSON(t, "converted_bson", convB, v.ConvertedExtJSON, "")
		checkFromExtJSON(t, "converted_extjson", v.ConvertedExtJSON, convB, false, v.ConvertedExtJSON, true)
	}
}

// checkToExtJSON: bson_to_canonical_extended_json(b) = cEJ and
// bson_to_relaxed_extended_json(b) = rEJ when rEJ exists.
func checkToExtJSON(t *testing.T, field string, b []byte, cEJ, rEJ string) {
	t.Helper()
	got, err := bson.AppendExtJSON(nil, b, true)
	if err != nil {
		t.Fatalf("%s → canonical extended JSON: %v", field, err)
	}
	ejEqual(t, field+" → canonical extended JSON", string(got), cEJ)
	if rEJ == "" {
		return
	}
	got, err = bson.AppendExtJSON(nil, b, false)
	if err != nil {
		t.Fatalf("%s → relaxed extended JSON: %v", field, err)
	}
	ejEqual(t, field+" → relaxed extended JSON", string(got), rEJ)
	if s := bson.Raw(b).String(); s != string(got) {
		t.Errorf("Raw.String() = %s, want the relaxed form %s", s, got)
	}
}

// checkFromExtJSON: json_to_bson(ej) = cB unless lossy, and the canonical
// form of what was parsed is cEJ. canonicalToo also parses with
// canonicalOnly set, which canonical extended JSON must survive.
func checkFromExtJSON(t *testing.T, field, ej string, cB []byte, lossy bool, cEJ string, canonicalToo bool) {
	t.Helper()
	modes := []bool{false}
	if canonicalToo {
		modes = append(modes, true)
	}
	for _, canonicalOnly := range modes {
		got, err := bson.ParseExtJSON(nil, []byte(ej), canonicalOnly)
		if err != nil {
			t.Fatalf("ParseExtJSON(%s, canonicalOnly=%v): %v", field, canonicalOnly, err)
		}
		if !lossy && !bytes.Equal(got, cB) {
			t.Errorf("ParseExtJSON(%s, canonicalOnly=%v) =\n  %X\nwant canonical_bson\n  %X", field, canonicalOnly, got, cB)
		}
		back, err := bson.AppendExtJSON(nil, got, true)
		if err != nil {
			t.Fatalf("%s → BSON → canonical extended JSON: %v", field, err)
		}
		ejEqual(t, field+" → BSON → canonical extended JSON", string(back), cEJ)
	}
}

// checkRelaxedRoundTrip: bson_to_relaxed_extended_json(json_to_bson(rEJ)) = rEJ.
func checkRelaxedRoundTrip(t *testing.T, rEJ string) {
	t.Helper()
	b, err := bson.ParseExtJSON(nil, []byte(rEJ), false)
	if err != nil {
		t.Fatalf("ParseExtJSON(relaxed_extjson): %v", err)
	}
	got, err := bson.AppendExtJSON(nil, b, false)
	if err != nil {
		t.Fatalf("relaxed_extjson → BSON → relaxed: %v", err)
	}
	ejEqual(t, "relaxed_extjson → BSON → relaxed extended JSON", string(got), rEJ)
}

// checkCorpusDecodeError: the bytes fail Validate, Unmarshal into a D and
// the extended JSON writer; String reports them without panicking.
func checkCorpusDecodeError(t *testing.T, d corpusDecodeErr) {
	b := corpusHex(t, d.BSON)
	if err := bson.Raw(b).Validate(); err == nil {
		t.Errorf("Validate accepted %X", b)
	}
	checkNativeDecodeError(t, b)
	if out, err := bson.AppendExtJSON(nil, b, true); err == nil {
		t.Errorf("AppendExtJSON accepted %X and wrote %s", b, out)
	}
	if s := bson.Raw(b).String(); !strings.HasPrefix(s, "<malformed") {
		t.Errorf("Raw.String() of malformed bytes = %q", s)
	}
}

// checkCorpusParseError: for Decimal128 files the string must not parse as
// a Decimal128 (nor as a $numberDecimal); for the others it is extended JSON
// that ParseExtJSON refuses in both modes with an *ExtJSONError, while a
// plain JSON parser accepts it (so the case tests extended JSON rules).
func checkCorpusParseError(t *testing.T, bsonType string, pe corpusParseError) {
	in := pe.String
	if bsonType == "0x13" {
		if d, err := bson.ParseDecimal128(in); err == nil {
			t.Errorf("ParseDecimal128(%q) = %v, want an error", in, d)
		}
		q, _ := json.Marshal(in)
		in = `{"d": {"$numberDecimal": ` + string(q) + `}}`
	} else if !json.Valid([]byte(in)) {
		t.Errorf("parse error case is not even valid JSON: %s", in)
	}
	for _, canonicalOnly := range []bool{false, true} {
		out, err := bson.ParseExtJSON(nil, []byte(in), canonicalOnly)
		var ee *bson.ExtJSONError
		switch {
		case err == nil:
			t.Errorf("ParseExtJSON(%s, canonicalOnly=%v) = %X, want an error", in, canonicalOnly, out)
		case !errors.As(err, &ee):
			t.Errorf("error %v is not an *ExtJSONError", err)
		case ee.Offset < 0 || ee.Offset > len(in):
			t.Errorf("error offset %d outside the input of %d bytes: %v", ee.Offset, len(in), err)
		default:
			t.Logf("canonicalOnly=%v: %v", canonicalOnly, err)
		}
	}
}

// ejEqual compares extended JSON texts after ejNormalize.
func ejEqual(t *testing.T, what, got, want string) {
	t.Helper()
	g, err := ejNormalize(got)
	if err != nil {
		t.Errorf("%s: output is not JSON: %v\n%s", what, err, got)
		return
	}
	w, err := ejNormalize(want)
	if err != nil {
		t.Fatalf("%s: corpus text is not JSON: %v", what, err)
	}
	if g != w {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// ejNormalize rewrites JSON text without insignificant whitespace and with
// every string decoded and re-encoded by encoding/json; numbers keep their
// exact text and objects their key order.
func ejNormalize(s string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var out strings.Builder
	// Each open container records whether it is an object and how many
	// tokens it has had, to place ':' and ','.
	type frame struct {
		object bool
		n      int
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) && len(stack) == 0 && out.Len() > 0 {
				return out.String(), nil
			}
			return "", err
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			out.WriteByte(byte(d))
			continue
		}
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			switch {
			case top.object && top.n%2 == 1:
				out.WriteByte(':')
			case top.n > 0:
				out.WriteByte(',')
			}
			top.n++
		}
		switch v := tok.(type) {
		case json.Delim:
			stack = append(stack, frame{object: v == '{'})
			out.WriteByte(byte(v))
		case string:
			b, _ := json.Marshal(v)
			out.Write(b)
		case json.Number:
			out.WriteString(string(v))
		case bool:
			fmt.Fprint(&out, v)
		case nil:
			out.WriteString("null")
		}
	}
}

// checkNativeRoundTrip: native_to_bson(bson_to_native(b)) = cB, with
// bson.D as the native form (Unmarshal, then Marshal).
func checkNativeRoundTrip(t *testing.T, field string, b, cB []byte) {
	t.Helper()
	var d bson.D
	if err := bson.Unmarshal(b, &d); err != nil {
		t.Fatalf("Unmarshal(%s) into bson.D: %v", field, err)
	}
	got, err := bson.Marshal(d)
	if err != nil {
		t.Fatalf("Marshal(Unmarshal(%s)): %v", field, err)
	}
	if !bytes.Equal(got, cB) {
		t.Errorf("Marshal(Unmarshal(%s)) =\n  %X\nwant canonical_bson\n  %X", field, got, cB)
	}
}

// checkNativeExtJSON: native_to_canonical_extended_json(json_to_native(ej))
// = cEJ, and for the bytes b, native_to_canonical_extended_json and
// native_to_relaxed_extended_json of bson_to_native(b) give cEJ and rEJ,
// through UnmarshalExtJSON / MarshalExtJSON and bson.D.
func checkNativeExtJSON(t *testing.T, ej string, b []byte, cEJ, rEJ string) {
	t.Helper()
	var d bson.D
	if err := bson.UnmarshalExtJSON([]byte(ej), false, &d); err != nil {
		t.Fatalf("UnmarshalExtJSON into bson.D: %v", err)
	}
	got, err := bson.MarshalExtJSON(d, true, false)
	if err != nil {
		t.Fatalf("MarshalExtJSON(UnmarshalExtJSON(extjson)): %v", err)
	}
	ejEqual(t, "extjson → bson.D → canonical extended JSON", string(got), cEJ)
	d = nil
	if err := bson.Unmarshal(b, &d); err != nil {
		t.Fatalf("Unmarshal into bson.D: %v", err)
	}
	if got, err = bson.MarshalExtJSON(d, true, false); err != nil {
		t.Fatalf("MarshalExtJSON(canonical): %v", err)
	}
	ejEqual(t, "BSON → bson.D → canonical extended JSON", string(got), cEJ)
	if rEJ == "" {
		return
	}
	if got, err = bson.MarshalExtJSON(d, false, false); err != nil {
		t.Fatalf("MarshalExtJSON(relaxed): %v", err)
	}
	ejEqual(t, "BSON → bson.D → relaxed extended JSON", string(got), rEJ)
}

// checkNativeDecodeError: Unmarshal into a bson.D fails.
func checkNativeDecodeError(t *testing.T, b []byte) {
	t.Helper()
	var d bson.D
	if err := bson.Unmarshal(b, &d); err == nil {
		t.Errorf("Unmarshal into bson.D accepted %X as %v", b, d)
	}
}
