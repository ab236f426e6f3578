package engine

import (
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// Query path traversal, as the server's element iterator does it: a dotted
// path descends through embedded documents; an array met before the last
// part is traversed, each document element continuing the path (nested
// arrays are not entered implicitly); a numeric part also indexes the array;
// a leaf array yields its elements and then itself.

// visitFn receives one value reached by a path (the zero value when the path
// is missing there) and the index in the outermost array traversed to reach
// it, or -1. It returns true to stop the walk.
type visitFn func(v bson.RawValue, pos int) bool

// walker carries the state of one path walk.
type walker struct {
	expand    bool // leaf arrays yield their elements before themselves
	omitArray bool // with expand: leaf arrays yield only their elements
	fn        visitFn
	yielded   bool
	emptyLeaf bool // an empty leaf array was found (sort keys need to know)
}

// walkPath walks parts in doc and calls fn for every value found. When the
// walk reaches nothing at all (for example "a.b" over an array of scalars)
// fn sees one missing value, which is what makes {"a.b": null} match there.
// It reports whether fn stopped the walk.
func walkPath(doc bson.Raw, parts []string, expand bool, fn visitFn) bool {
	w := &walker{expand: expand, fn: fn}
	if w.doc(doc, parts, -1) {
		return true
	}
	if !w.yielded {
		return fn(bson.RawValue{}, -1)
	}
	return false
}

func (w *walker) emit(v bson.RawValue, pos int) bool {
	w.yielded = true
	return w.fn(v, pos)
}

// doc follows parts from an embedded document.
func (w *walker) doc(d bson.Raw, parts []string, pos int) bool {
	for i, p := range parts {
		v := d.Lookup(p)
		switch {
		case v.Type == 0:
			return w.emit(v, pos)
		case i == len(parts)-1:
			return w.leaf(v, pos)
		case v.Type == bson.TypeEmbeddedDoc:
			d = bson.Raw(v.Value)
		case v.Type == bson.TypeArray:
			return w.array(v, parts[i+1:], pos)
		default:
			return w.emit(bson.RawValue{}, pos)
		}
	}
	return false
}

// leaf yields the value at the end of the path.
func (w *walker) leaf(v bson.RawValue, pos int) bool {
	if v.Type != bson.TypeArray || !w.expand {
		return w.emit(v, pos)
	}
	it := bson.Raw(v.Value).Iter()
	i := 0
	for ; it.Next(); i++ {
		if w.emit(it.Value(), firstPos(pos, i)) {
			return true
		}
	}
	if w.omitArray {
		w.emptyLeaf = w.emptyLeaf || i == 0
		return false
	}
	return w.emit(v, pos)
}

func firstPos(outer, inner int) int {
	if outer >= 0 {
		return outer
	}
	return inner
}

// array continues rest (not empty) through the elements of arr.
func (w *walker) array(arr bson.RawValue, rest []string, pos int) bool {
	next := rest[0]
	isNum := isArrayIndex(next)
	it := bson.Raw(arr.Value).Iter()
	for i := 0; it.Next(); i++ {
		elem := it.Value()
		offsetMatch := isNum && string(it.KeyBytes()) == next
		if elem.Type == bson.TypeEmbeddedDoc {
			if w.doc(bson.Raw(elem.Value), rest, firstPos(pos, i)) {
				return true
			}
		}
		if !offsetMatch {
			continue
		}
		if w.offset(elem, rest[1:], pos) {
			return true
		}
	}
	return false
}

// offset continues after a numeric part selected elem. This is not implicit
// traversal, so the array position is not recorded.
func (w *walker) offset(elem bson.RawValue, rest []string, pos int) bool {
	switch {
	case len(rest) == 0:
		return w.emit(elem, pos)
	case elem.Type == bson.TypeEmbeddedDoc:
		return w.doc(bson.Raw(elem.Value), rest, pos)
	case elem.Type == bson.TypeArray:
		return w.array(elem, rest, pos)
	}
	return false
}

// isArrayIndex reports whether a path part is all digits.
func isArrayIndex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// arrayIndex parses a path part used as an array index in updates: digits
// only, no sign, and small enough to be an int.
func arrayIndex(s string) (int, bool) {
	if !isArrayIndex(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, false
	}
	return n, true
}

func splitPath(p string) []string { return strings.Split(p, ".") }
