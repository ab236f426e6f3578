package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// fieldList is a small ordered document under construction: values are
// views or computed values, keys keep their first position when replaced.
type fieldList struct {
	keys []string
	vals []bson.RawValue
}

func fieldsOf(d bson.Raw) *fieldList {
	f := &fieldList{}
	it := d.Iter()
	for it.Next() {
		f.keys = append(f.keys, it.Key())
		f.vals = append(f.vals, it.Value())
	}
	return f
}

func (f *fieldList) index(k string) int {
	for i, x := range f.keys {
		if x == k {
			return i
		}
	}
	return -1
}

func (f *fieldList) get(k string) bson.RawValue {
	if i := f.index(k); i >= 0 {
		return f.vals[i]
	}
	return bson.RawValue{}
}

// set replaces k in place or appends it; a missing value removes k.
func (f *fieldList) set(k string, v bson.RawValue) {
	if v.Type == 0 {
		f.remove(k)
		return
	}
	if i := f.index(k); i >= 0 {
		f.vals[i] = v
		return
	}
	f.keys = append(f.keys, k)
	f.vals = append(f.vals, v)
}

func (f *fieldList) remove(k string) {
	if i := f.index(k); i >= 0 {
		f.keys = append(f.keys[:i], f.keys[i+1:]...)
		f.vals = append(f.vals[:i], f.vals[i+1:]...)
	}
}

func (f *fieldList) appendTo(dst []byte) []byte {
	dst, start := bson.AppendDocumentStart(dst)
	for i, k := range f.keys {
		dst = bson.AppendValueElement(dst, k, f.vals[i])
	}
	return bson.AppendDocumentEnd(dst, start)
}

func (f *fieldList) doc() bson.Raw { return f.appendTo(nil) }

func (f *fieldList) value() bson.RawValue { return valDoc(f.doc()) }
