package bson

import "unicode/utf8"

// validateElements checks the elements of the document that starts at off
// in b (whose length and terminator the caller has checked), recursing into
// embedded documents, arrays and code-with-scope.
func validateElements(b []byte, off, depth int) error {
	if depth > MaxNestingDepth {
		return decodeErr(off, "documents nested deeper than "+itoa(MaxNestingDepth))
	}
	n, _ := readInt32(b, off)
	end := off + int(n) - 1 // the terminating NUL
	doc := b[:end]
	for p := off + 4; p < end; {
		t := Type(doc[p])
		ke, err := cstringEnd(doc, p+1, 0)
		if err != nil {
			return err
		}
		key := doc[p+1 : ke]
		if !utf8.Valid(key) {
			return decodeErr(p+1, "key is not valid UTF-8")
		}
		vl, err := valueLen(t, doc, ke+1, 0)
		if err != nil {
			return withKey(err, key)
		}
		if err := validateValue(t, doc, ke+1, vl, depth); err != nil {
			return withKey(err, key)
		}
		p = ke + 1 + vl
	}
	return nil
}

// validateValue checks the contents of one value whose extent valueLen has
// already established.
func validateValue(t Type, b []byte, off, n, depth int) error {
	switch t {
	case TypeString, TypeJavaScript, TypeSymbol, TypeDBPointer:
		sl, _ := readInt32(b, off)
		if !utf8.Valid(b[off+4 : off+4+int(sl)-1]) {
			return decodeErr(off+4, t.String()+" is not valid UTF-8")
		}
	case TypeBoolean:
		if b[off] > 1 {
			return decodeErr(off, "boolean byte "+itoa(int(b[off]))+" is neither 0 nor 1")
		}
	case TypeEmbeddedDoc, TypeArray:
		return validateElements(b, off, depth+1)
	case TypeRegex:
		e1 := indexNUL(b, off)
		if !utf8.Valid(b[off:e1]) || !utf8.Valid(b[e1+1:off+n-1]) {
			return decodeErr(off, "regex is not valid UTF-8")
		}
	case TypeCodeWithScope:
		sl, _ := readInt32(b, off+4)
		if !utf8.Valid(b[off+8 : off+8+int(sl)-1]) {
			return decodeErr(off+8, "code is not valid UTF-8")
		}
		return validateElements(b, off+8+int(sl), depth+1)
	}
	return nil
}
