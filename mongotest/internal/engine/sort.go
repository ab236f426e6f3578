package engine

import (
	"slices"

	"github.com/cwal-go/cwal/bson"
)

// SortSpec is a parsed sort document such as {a: 1, "b.c": -1}. Safe for
// concurrent use.
type SortSpec struct {
	keys    []sortKey
	natural int // +1 or -1 for {$natural: ±1}, else 0
}

type sortKey struct {
	path []string
	dir  int
	meta bool // {$meta: ...}: no order of its own
}

// ParseSort parses a sort specification, with the server's errors for
// directions other than 1 and -1. A nil spec sorts nothing.
func ParseSort(spec bson.Raw) (*SortSpec, error) {
	s := &SortSpec{}
	if len(spec) == 0 {
		return s, nil
	}
	it := spec.Iter()
	for it.Next() {
		k, v := it.Key(), it.Value()
		if v.Type == bson.TypeEmbeddedDoc {
			if bson.Raw(v.Value).Lookup("$meta").Type == 0 {
				return nil, errorf(17312, "$meta is the only expression supported by $sort right now")
			}
			s.keys = append(s.keys, sortKey{path: splitPath(k), meta: true})
			continue
		}
		if !isNumber(v) {
			return nil, errorf(15974, "Illegal key in $sort specification: %s: %s", k, formatValue(v))
		}
		f := numFloat(v)
		if f != 1 && f != -1 {
			return nil, errorf(15975, "$sort key ordering must be 1 (for ascending) or -1 (for descending)")
		}
		if k == "$natural" {
			s.natural = int(f)
			continue
		}
		path, err := parseFieldPath(k, true)
		if err != nil {
			return nil, err
		}
		s.keys = append(s.keys, sortKey{path: path, dir: int(f)})
	}
	if it.Err() != nil {
		return nil, malformed(it.Err())
	}
	return s, nil
}

// Natural returns +1 or -1 when the spec asks for {$natural: ±1} order (the
// caller's storage order), else 0.
func (s *SortSpec) Natural() int { return s.natural }

// Empty reports whether the spec orders nothing.
func (s *SortSpec) Empty() bool { return len(s.keys) == 0 }

// sortValue is the key of one document for one sort field: for an array the
// smallest element when ascending, the largest when descending; missing and
// null sort as null and an empty array below them.
func (k sortKey) value(doc bson.Raw, c *Collation) bson.RawValue {
	var best bson.RawValue
	found := false
	w := &walker{expand: true, omitArray: true, fn: func(v bson.RawValue, _ int) bool {
		if v.Type == 0 {
			v = valNull
		}
		if !found || Compare(v, best, c)*k.dir < 0 {
			best, found = v, true
		}
		return false
	}}
	w.doc(doc, k.path, -1)
	switch {
	case found:
		return best
	case w.emptyLeaf:
		return bson.RawValue{Type: bson.TypeUndefined, Value: []byte{}}
	}
	return valNull
}

// CompareDocs orders two documents by the spec; 0 means tied.
func (s *SortSpec) CompareDocs(a, b bson.Raw, c *Collation) int {
	for _, k := range s.keys {
		if k.meta {
			continue
		}
		if x := Compare(k.value(a, c), k.value(b, c), c) * k.dir; x != 0 {
			return x
		}
	}
	return 0
}

// compareValues orders two values ($sortArray): documents by the spec.
func (s *SortSpec) compareValues(a, b bson.RawValue, c *Collation) int {
	da, _ := a.DocumentOK()
	db, _ := b.DocumentOK()
	if da == nil || db == nil {
		return Compare(a, b, c)
	}
	return s.CompareDocs(da, db, c)
}

// Sort orders docs in place, stably, computing each document's keys once.
func (s *SortSpec) Sort(docs []bson.Raw, c *Collation) {
	if s.natural < 0 {
		slices.Reverse(docs)
	}
	if len(s.keys) == 0 || len(docs) < 2 {
		return
	}
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	s.sortIndexes(idx, s.sortKeys(docs, c), c)
	sorted := make([]bson.Raw, len(docs))
	for i, j := range idx {
		sorted[i] = docs[j]
	}
	copy(docs, sorted)
}

// sortKeys computes the sort key values of every document.
func (s *SortSpec) sortKeys(docs []bson.Raw, c *Collation) [][]bson.RawValue {
	keys := make([][]bson.RawValue, len(docs))
	for i, d := range docs {
		ks := make([]bson.RawValue, len(s.keys))
		for j, k := range s.keys {
			if !k.meta {
				ks[j] = k.value(d, c)
			}
		}
		keys[i] = ks
	}
	return keys
}

// sortIndexes orders idx (indexes into keys) stably by the keys.
func (s *SortSpec) sortIndexes(idx []int, keys [][]bson.RawValue, c *Collation) {
	if s.natural < 0 && len(s.keys) == 0 {
		slices.Reverse(idx)
		return
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		for j, k := range s.keys {
			if r := Compare(keys[x][j], keys[y][j], c) * k.dir; r != 0 {
				return r
			}
		}
		return 0
	})
}
