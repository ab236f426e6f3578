package bson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// FuzzExtJSON parses arbitrary text. When the text parses, the BSON must
// validate, its canonical extended JSON must parse (canonical-only) back to
// the same bytes, and its relaxed form must parse too. When it does not,
// the error must be an *ExtJSONError with an offset inside the input. The
// seeds are in testdata/fuzz/FuzzExtJSON (the extended JSON strings of the
// bson-corpus files, decimal128 ones only from decimal128-1 and -4); every
// corpus string is added as well when the specification data is present.
func FuzzExtJSON(f *testing.F) {
	for _, s := range ejCorpusStrings() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := bson.ParseExtJSON([]byte("pre"), data, false)
		if err != nil {
			var ee *bson.ExtJSONError
			if !errors.As(err, &ee) || ee.Offset < 0 || ee.Offset > len(data) {
				t.Fatalf("bad error %#v for %q", err, data)
			}
			if string(b) != "pre" {
				t.Fatalf("dst changed on error: %q", b)
			}
			return
		}
		if !bytes.HasPrefix(b, []byte("pre")) {
			t.Fatalf("dst prefix lost: %q", b)
		}
		doc := bson.Raw(b[3:])
		if err := doc.Validate(); err != nil {
			t.Fatalf("parsed %q into invalid BSON %X: %v", data, doc, err)
		}
		canon, err := bson.AppendExtJSON(nil, doc, true)
		if err != nil {
			t.Fatalf("AppendExtJSON(canonical) of %X: %v", doc, err)
		}
		back, err := bson.ParseExtJSON(nil, canon, true)
		if err != nil {
			t.Fatalf("canonical output %s does not parse: %v", canon, err)
		}
		if !bytes.Equal(back, doc) {
			t.Fatalf("round trip through %s:\n got %X\nwant %X", canon, back, doc)
		}
		relaxed, err := bson.AppendExtJSON(nil, doc, false)
		if err != nil {
			t.Fatalf("AppendExtJSON(relaxed) of %X: %v", doc, err)
		}
		if _, err := bson.ParseExtJSON(nil, relaxed, false); err != nil {
			t.Fatalf("relaxed output %s does not parse: %v", relaxed, err)
		}
	})
}

// ejCorpusStrings returns every extended JSON string of the bson-corpus
// files, or nothing when the data is absent (the checked-in seeds remain).
func ejCorpusStrings() []string {
	root := os.Getenv("MONGO_SPEC_DIR")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "specifications")
	}
	files, _ := filepath.Glob(filepath.Join(root, "source", "bson-corpus", "tests", "*.json"))
	var out []string
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		var f corpusFile
		if json.Unmarshal(raw, &f) != nil {
			continue
		}
		for _, v := range f.Valid {
			for _, s := range []string{v.CanonicalExtJSON, v.RelaxedExtJSON, v.DegenerateExtJSON, v.ConvertedExtJSON} {
				if s != "" {
					out = append(out, s)
				}
			}
		}
		if f.BSONType != "0x13" {
			for _, p := range f.ParseErrors {
				out = append(out, p.String)
			}
		}
	}
	return out
}
