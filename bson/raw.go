package bson

import (
	"strings"
)

// Raw is one encoded BSON document. It is a view: reading it never copies
// the bytes, and values read from it share its memory.
type Raw []byte

// RawElement is one encoded element of a document: type byte, key and value.
type RawElement []byte

// Validate checks that r is exactly one well-formed document, recursively:
// lengths, terminators, types, UTF-8 of strings and the nesting depth.
func (r Raw) Validate() error {
	if _, err := validateTop(r); err != nil {
		return err
	}
	return nil
}

// validateTop checks the document length against len(b) and then its
// contents. It returns the document length.
func validateTop(b []byte) (int, error) {
	n, ok := readInt32(b, 0)
	if !ok {
		return 0, decodeErr(0, "document is shorter than its 4-byte length")
	}
	if n < 5 {
		return 0, decodeErr(0, "document length "+itoa(int(n))+" is less than 5")
	}
	if int(n) != len(b) {
		return 0, decodeErr(0, "document length "+itoa(int(n))+" does not match the "+itoa(len(b))+" bytes given")
	}
	if b[n-1] != 0 {
		return 0, decodeErr(int(n)-1, "document is not NUL-terminated")
	}
	return int(n), validateElements(b, 0, 0)
}

// Iter returns an iterator over r's elements. It does not allocate.
func (r Raw) Iter() Iterator {
	it := Iterator{doc: r, off: 4}
	n, ok := readInt32(r, 0)
	switch {
	case !ok || n < 5:
		it.err = decodeErr(0, "document is shorter than its 4-byte length")
	case int(n) > len(r):
		it.err = decodeErr(0, "document length "+itoa(int(n))+" exceeds the "+itoa(len(r))+" bytes given")
	default:
		it.end = int(n) - 1
	}
	return it
}

// Iterator walks the elements of a Raw document with bounds checks but
// without validating nested documents. The zero Iterator yields nothing.
type Iterator struct {
	doc        Raw
	off, end   int
	t          Type
	keyS, keyE int
	valS, valE int
	err        error
}

// Next advances to the next element and reports whether there is one. It
// returns false at the end of the document or on malformed input (see Err).
func (it *Iterator) Next() bool {
	if it.err != nil || it.off >= it.end {
		if it.err == nil && it.off == it.end && it.end > 0 && it.doc[it.end] != 0 {
			it.err = decodeErr(it.end, "document is not NUL-terminated")
		}
		return false
	}
	b := it.doc[:it.end]
	t := Type(b[it.off])
	ke, err := cstringEnd(b, it.off+1, 0)
	if err != nil {
		it.err = err
		return false
	}
	n, err := valueLen(t, b, ke+1, 0)
	if err != nil {
		it.err = withKey(err, b[it.off+1:ke])
		return false
	}
	it.t, it.keyS, it.keyE, it.valS, it.valE = t, it.off+1, ke, ke+1, ke+1+n
	it.off = it.valE
	return true
}

// Err returns the error that stopped the iteration, or nil at a clean end.
func (it *Iterator) Err() error { return it.err }

// Key returns the current key as a new string.
func (it *Iterator) Key() string { return string(it.doc[it.keyS:it.keyE]) }

// KeyBytes returns the current key as a view into the document.
func (it *Iterator) KeyBytes() []byte { return it.doc[it.keyS:it.keyE] }

// Value returns the current value as a view into the document.
func (it *Iterator) Value() RawValue {
	return RawValue{Type: it.t, Value: it.doc[it.valS:it.valE]}
}

// Element returns the whole current element as a view.
func (it *Iterator) Element() RawElement { return RawElement(it.doc[it.keyS-1 : it.valE]) }

// Lookup returns the value at the path of keys, descending into embedded
// documents and arrays. It returns the zero RawValue (Type 0) when the path
// does not exist or the document is malformed; use LookupErr to tell which.
func (r Raw) Lookup(key ...string) RawValue {
	v, _ := r.LookupErr(key...)
	return v
}

// LookupErr is Lookup with an error: ErrElementNotFound or a *DecodeError.
func (r Raw) LookupErr(key ...string) (RawValue, error) {
	if len(key) == 0 {
		return RawValue{}, ErrElementNotFound
	}
	doc := r
	for i, k := range key {
		v, err := doc.lookupOne(k)
		if err != nil || i == len(key)-1 {
			return v, err
		}
		if v.Type != TypeEmbeddedDoc && v.Type != TypeArray {
			return RawValue{}, ErrElementNotFound
		}
		doc = Raw(v.Value)
	}
	return RawValue{}, ErrElementNotFound
}

// Path looks up a dotted path such as "a.b.0.c"; numeric parts index arrays.
func (r Raw) Path(dotted string) RawValue {
	doc := r
	for {
		k, rest, more := strings.Cut(dotted, ".")
		v, err := doc.lookupOne(k)
		if err != nil || !more {
			return v
		}
		if v.Type != TypeEmbeddedDoc && v.Type != TypeArray {
			return RawValue{}
		}
		doc, dotted = Raw(v.Value), rest
	}
}

func (r Raw) lookupOne(key string) (RawValue, error) {
	it := r.Iter()
	for it.Next() {
		if string(it.KeyBytes()) == key {
			return it.Value(), nil
		}
	}
	if it.err != nil {
		return RawValue{}, it.err
	}
	return RawValue{}, ErrElementNotFound
}

// Len returns the number of elements, or -1 if r is malformed.
func (r Raw) Len() int {
	n := 0
	it := r.Iter()
	for it.Next() {
		n++
	}
	if it.err != nil {
		return -1
	}
	return n
}

// Elements returns the elements of r as views. It allocates the slice.
func (r Raw) Elements() ([]RawElement, error) {
	var out []RawElement
	it := r.Iter()
	for it.Next() {
		out = append(out, it.Element())
	}
	return out, it.err
}

// Key returns the element's key.
func (e RawElement) Key() string {
	if i := indexNUL(e, 1); i > 0 {
		return string(e[1:i])
	}
	return ""
}

// Value returns the element's value as a view.
func (e RawElement) Value() RawValue {
	if i := indexNUL(e, 1); i > 0 && len(e) > 0 {
		return RawValue{Type: Type(e[0]), Value: e[i+1:]}
	}
	return RawValue{}
}

func indexNUL(b []byte, from int) int {
	for i := from; i < len(b); i++ {
		if b[i] == 0 {
			return i
		}
	}
	return -1
}
