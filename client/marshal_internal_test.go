package client

import (
	"testing"

	"github.com/cwal-go/cwal/bson"
)

func TestMarshalDocsIDs(t *testing.T) {
	withRawID, noRawID := rawDoc("_id", 7), rawDoc("x", 1)
	docs := []any{
		bson.D{{Key: "a", Value: 1}},                           // generated
		bson.D{{Key: "b", Value: 2}, {Key: "_id", Value: "s"}}, // kept where it is
		withRawID,
		noRawID,
		map[string]any{"big": string(make([]byte, 100_000))},
	}
	raws, ids, err := marshalDocs(len(docs), func(i int) any { return docs[i] })
	if err != nil {
		t.Fatal(err)
	}
	for i, raw := range raws {
		if err := raw.Validate(); err != nil {
			t.Fatalf("doc %d invalid: %v", i, err)
		}
		it := raw.Iter()
		if !it.Next() {
			t.Fatalf("doc %d is empty", i)
		}
		if wantFirst := i != 1; (it.Key() == "_id") != wantFirst {
			t.Errorf("doc %d: first key %q", i, it.Key())
		}
		if !ids[i].Equal(raw.Lookup("_id")) || ids[i].IsZero() {
			t.Errorf("doc %d: id %v, document's %v", i, ids[i], raw.Lookup("_id"))
		}
	}
	if &raws[2][0] != &withRawID[0] {
		t.Error("a bson.Raw with an _id was copied")
	}
	if got, _ := raws[3].Lookup("x").AsInt64OK(); got != 1 || len(raws[3]) != len(noRawID)+idElementLen {
		t.Errorf("raw without _id: %v", raws[3])
	}
	if _, _, err := marshalDocs(1, func(int) any { return nil }); err == nil {
		t.Error("a nil document was accepted")
	}
}

func rawDoc(key string, v int32) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendInt32Element(b, key, v)
	return bson.AppendDocumentEnd(b, start)
}
