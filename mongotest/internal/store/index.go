package store

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// IndexSpec describes an index as createIndexes receives it.
type IndexSpec struct {
	Name   string
	Key    bson.Raw // key pattern, e.g. {a: 1, "b.c": -1}
	Unique bool
	Sparse bool
	// PrepareUnique makes a non-unique index refuse new duplicate keys
	// (collMod's first step towards unique).
	PrepareUnique bool
	// Spec is the whole specification as listIndexes reports it, with "v"
	// and "key" and "name" first, as mongod orders them.
	Spec bson.Raw
	// Partial, when set, says which documents a partial index covers
	// (its partialFilterExpression, compiled by the caller).
	Partial func(doc bson.Raw) bool
}

// Index is one index of a Collection. Only unique indexes keep entries:
// the server answers queries by scanning, so other indexes are metadata.
type Index struct {
	IndexSpec
	fields  []string
	entries map[string]int64 // canonical key → record id, unique indexes only
	id      bool             // the collection's _id index, which cannot be dropped
}

// IsID reports whether ix is the collection's _id index (named _id_, or
// the clustered index of a clustered collection).
func (ix *Index) IsID() bool { return ix.id }

func newIndex(spec IndexSpec) *Index {
	ix := &Index{IndexSpec: spec}
	it := spec.Key.Iter()
	for it.Next() {
		ix.fields = append(ix.fields, it.Key())
	}
	if spec.Unique {
		ix.entries = make(map[string]int64)
	}
	return ix
}

// Fields returns the dotted field paths of the key pattern, in order.
func (ix *Index) Fields() []string { return ix.fields }

// covers reports whether doc has entries in the index.
func (ix *Index) covers(doc bson.Raw) bool {
	if ix.Partial != nil && !ix.Partial(doc) {
		return false
	}
	if !ix.Sparse {
		return true
	}
	for _, f := range ix.fields {
		if len(pathValues(doc, f, nil)) > 0 {
			return true
		}
	}
	return false
}

// keys returns the distinct canonical keys of doc in the index and, for
// each, the values that make it up (for the duplicate-key message).
func (ix *Index) keys(doc bson.Raw) ([]string, [][]bson.RawValue) {
	combos := [][]bson.RawValue{nil}
	for _, f := range ix.fields {
		vals := expandArrays(pathValues(doc, f, nil))
		if len(vals) == 0 {
			vals = []bson.RawValue{{Type: bson.TypeNull}}
		}
		next := make([][]bson.RawValue, 0, len(combos)*len(vals))
		for _, c := range combos {
			for _, v := range vals {
				next = append(next, append(c[:len(c):len(c)], v))
			}
		}
		combos = next
	}
	seen := make(map[string]bool, len(combos))
	var keys []string
	var parts [][]bson.RawValue
	for _, c := range combos {
		var b []byte
		for _, v := range c {
			b = AppendKey(b, v)
		}
		if k := string(b); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
			parts = append(parts, c)
		}
	}
	return keys, parts
}

// expandArrays replaces each array by its elements, as a multikey index
// does; an empty array is indexed as undefined, which sorts with null.
func expandArrays(vals []bson.RawValue) []bson.RawValue {
	var out []bson.RawValue
	for _, v := range vals {
		if v.Type != bson.TypeArray {
			out = append(out, v)
			continue
		}
		n := len(out)
		it := bson.Raw(v.Value).Iter()
		for it.Next() {
			out = append(out, it.Value())
		}
		if len(out) == n {
			out = append(out, bson.RawValue{Type: bson.TypeUndefined})
		}
	}
	return out
}

// pathValues collects the values at a dotted path, descending into every
// element of arrays met on the way (unless the next part is a numeric
// index into the array).
func pathValues(doc bson.Raw, path string, out []bson.RawValue) []bson.RawValue {
	head, rest, more := strings.Cut(path, ".")
	v := doc.Lookup(head)
	if v.Type == 0 {
		return out
	}
	if !more {
		return append(out, v)
	}
	return valuePath(v, rest, out)
}

func valuePath(v bson.RawValue, rest string, out []bson.RawValue) []bson.RawValue {
	switch v.Type {
	case bson.TypeEmbeddedDoc:
		return pathValues(bson.Raw(v.Value), rest, out)
	case bson.TypeArray:
		head, _, _ := strings.Cut(rest, ".")
		if isIndex(head) {
			return pathValues(bson.Raw(v.Value), rest, out)
		}
		it := bson.Raw(v.Value).Iter()
		for it.Next() {
			if e := it.Value(); e.Type == bson.TypeEmbeddedDoc {
				out = pathValues(bson.Raw(e.Value), rest, out)
			}
		}
	}
	return out
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
