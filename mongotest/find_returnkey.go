package mongotest

import (
	"bytes"
	"strings"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// find's returnKey and showRecordId. mongod answers returnKey with the
// keys of the index its plan used, and with empty documents when it
// scanned the collection; with returnKey, showRecordId adds nothing. As
// mongotest has no planner, the index is the one a hint names, else the
// first whose leading field the filter or the sort names: the index
// mongod's planner would pick for the queries tests write.

// keyIndexFields returns the fields of the index a find "uses", or nil
// for a collection scan.
func keyIndexFields(rd *store.Reader, hint bson.RawValue, filter, sort bson.Raw) []string {
	ixs := rd.Indexes()
	switch hint.Type {
	case bson.TypeString:
		if ix, ok := rd.Index(hint.StringValue()); ok {
			return ix.Fields()
		}
		return nil
	case bson.TypeEmbeddedDoc:
		d := hint.Document()
		if d.Lookup("$natural").Type != 0 {
			return nil
		}
		for _, ix := range ixs {
			if bytes.Equal(ix.Key, d) {
				return ix.Fields()
			}
		}
		return nil
	}
	for _, names := range [][]string{queryFields(filter), firstKey(sort)} {
		for _, ix := range ixs {
			if f := ix.Fields(); len(f) > 0 && contains(names, f[0]) {
				return f
			}
		}
	}
	return nil
}

// queryFields lists the field names at the top of a filter.
func queryFields(filter bson.Raw) []string {
	var out []string
	it := filter.Iter()
	for it.Next() {
		if k := it.Key(); !strings.HasPrefix(k, "$") {
			out = append(out, k)
		}
	}
	return out
}

func firstKey(d bson.Raw) []string {
	it := d.Iter()
	if it.Next() {
		return []string{it.Key()}
	}
	return nil
}

// indexKeyDoc is doc's entry in an index on fields, as returnKey shows it:
// each field under its dotted name, null when the document lacks it.
func indexKeyDoc(doc bson.Raw, fields []string) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	for _, f := range fields {
		v := doc.Path(f)
		if v.Type == 0 {
			v = bson.RawValue{Type: bson.TypeNull}
		}
		b = bson.AppendValueElement(b, f, v)
	}
	return bson.AppendDocumentEnd(b, start)
}

// withRecordID appends $recordId to a document, as showRecordId does.
func withRecordID(doc bson.Raw, rid int64) bson.Raw {
	b := make([]byte, 0, len(doc)+16)
	b = append(b, doc[:len(doc)-1]...)
	b = bson.AppendInt64Element(b, "$recordId", rid)
	b = append(b, 0)
	return bson.Raw(setDocLen(b))
}

func setDocLen(b []byte) []byte {
	n := len(b)
	b[0], b[1], b[2], b[3] = byte(n), byte(n>>8), byte(n>>16), byte(n>>24)
	return b
}
