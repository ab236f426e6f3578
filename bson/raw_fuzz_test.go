package bson_test

import (
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// FuzzRaw feeds arbitrary bytes to the zero-copy readers. None may panic,
// and a document that Validate accepts must be fully readable: every
// element iterates, every value validates and extended JSON renders it.
func FuzzRaw(f *testing.F) {
	f.Add([]byte{5, 0, 0, 0, 0})
	f.Add([]byte(buildDoc()))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := bson.Raw(data)
		err := doc.Validate()
		_ = doc.Lookup("a", "b")
		_ = doc.Path("b.d.1")
		walked := walk(t, doc, 0)
		if err != nil {
			return
		}
		if !walked {
			t.Fatalf("Validate accepted a document the iterator cannot read: %x", data)
		}
		if _, err := bson.AppendExtJSON(nil, doc, true); err != nil {
			t.Fatalf("Validate accepted a document extended JSON rejects: %v", err)
		}
	})
}

// walk iterates doc recursively, touching every accessor, and reports
// whether the whole tree was read without error.
func walk(t *testing.T, doc bson.Raw, depth int) bool {
	if depth > bson.MaxNestingDepth+1 {
		return false
	}
	it := doc.Iter()
	for it.Next() {
		v := it.Value()
		_ = it.Key()
		_ = v.String()
		_, _ = v.AsInt64OK()
		_, _ = v.AsFloat64OK()
		_ = v.Binary()
		_ = v.Regex()
		_, _ = v.DBPointerOK()
		_, _, _ = v.CodeWithScopeOK()
		_ = v.Decimal128()
		_ = v.Timestamp()
		switch v.Type {
		case bson.TypeEmbeddedDoc, bson.TypeArray:
			if !walk(t, bson.Raw(v.Value), depth+1) {
				return false
			}
		}
		_ = v.Validate()
	}
	return it.Err() == nil
}
