package bson

import (
	"encoding/binary"
	"unicode/utf8"
)

// docCount is what the scan learns about one document or array: its
// element count, how many documents nest inside it and how many elements
// its whole subtree has. The scan records them in document order
// (pre-order), so the decoders find each document's entry at the cursor
// d.ci and skip a whole subtree by adding 1+sub. Likewise d.keys holds the
// offset of every key's NUL in document order, read at the cursor d.ki, so
// the decoders never search for the end of a key again.
type docCount struct {
	n     int32
	sub   int32
	elems int32
}

// decState is the state of one Unmarshal call.
type decState struct {
	s        *regState
	doc      []byte // the whole input; the scan has validated it
	str      string // pure mode: one copy of doc, sliced for keys and strings
	pure     bool   // the target holds only interface values (see setPure)
	truncate bool   // the truncate tag (or AllowTruncatingDoubles) is in force
	counts   []docCount
	ci       int
	keys     []int32
	ki       int
	arena    []byte // see newString
	strBytes int    // bytes of string values not yet copied to the arena

	// Totals from the scan, used to size the slabs of pure mode.
	docElems, arrElems, docs, arrs int
	nType                          [0x14]int

	slabs decSlabs
}

// scanTop validates d.doc as exactly one document and fills d.counts, in
// one pass, before anything is decoded: decoders then trust the framing.
func (d *decState) scanTop() error {
	b := d.doc
	n, ok := readInt32(b, 0)
	switch {
	case !ok:
		return decodeErr(0, "document is shorter than its 4-byte length")
	case n < 5:
		return decodeErr(0, "document length "+itoa(int(n))+" is less than 5")
	case int(n) != len(b):
		return decodeErr(0, "document length "+itoa(int(n))+" does not match the "+itoa(len(b))+" bytes given")
	case b[n-1] != 0:
		return decodeErr(int(n)-1, "document is not NUL-terminated")
	}
	return d.scanDoc(0, 0, false)
}

// scanValueTop validates d.doc as exactly one value of type t.
func (d *decState) scanValueTop(t Type) error {
	if !t.Valid() {
		return decodeErr(0, "invalid element type 0x"+hexByte(byte(t)))
	}
	n, err := d.scanValue(t, d.doc, 0, 0)
	if err != nil {
		return err
	}
	if n != len(d.doc) {
		return decodeErr(n, "value has trailing bytes")
	}
	return nil
}

// scanDoc validates the elements of the document at off, whose length and
// terminator the caller has checked.
func (d *decState) scanDoc(off, depth int, arr bool) error {
	if depth > MaxNestingDepth {
		return decodeErr(off, "documents nested deeper than "+itoa(MaxNestingDepth))
	}
	end := off + int(int32(binary.LittleEndian.Uint32(d.doc[off:]))) - 1
	doc := d.doc[:end] // elements may not reach the terminator
	idx, first := len(d.counts), len(d.keys)
	d.counts = append(d.counts, docCount{})
	n := 0
	for p := off + 4; p < end; n++ {
		t := Type(doc[p])
		ke, ascii := cstringScan(doc, p+1)
		if ke < 0 {
			return decodeErr(p+1, "key is not NUL-terminated")
		}
		if !ascii && !utf8.Valid(doc[p+1:ke]) {
			return decodeErr(p+1, "key is not valid UTF-8")
		}
		d.keys = append(d.keys, int32(ke))
		vl, err := d.scanCommon(t, doc, ke+1, depth)
		if err != nil {
			return withKey(err, doc[p+1:ke])
		}
		p = ke + 1 + vl
	}
	d.counts[idx] = docCount{n: int32(n), sub: int32(len(d.counts) - idx - 1), elems: int32(len(d.keys) - first)}
	if arr {
		d.arrElems += n
		d.arrs++
	} else {
		d.docElems += n
		d.docs++
	}
	return nil
}

// scanCommon is scanValue with the most frequent types handled inline.
func (d *decState) scanCommon(t Type, b []byte, off, depth int) (int, error) {
	switch t {
	case TypeString:
		if n, ok := readInt32(b, off); ok && n > 0 && off+4+int(n) <= len(b) && b[off+3+int(n)] == 0 {
			if s := b[off+4 : off+3+int(n)]; isASCII(s) || utf8.Valid(s) {
				d.nType[t]++
				d.strBytes += len(s)
				return 4 + int(n), nil
			}
		}
	case TypeInt32:
		if off+4 <= len(b) {
			d.nType[t]++
			return 4, nil
		}
	case TypeDouble, TypeInt64, TypeDateTime:
		if off+8 <= len(b) {
			d.nType[t]++
			return 8, nil
		}
	}
	// Errors and the other types.
	return d.scanValue(t, b, off, depth)
}

// isASCII reports whether s is all ASCII, a word at a time.
func isASCII(s []byte) bool {
	var hi uint64
	for len(s) >= 8 {
		hi |= binary.LittleEndian.Uint64(s)
		s = s[8:]
	}
	for _, c := range s {
		hi |= uint64(c)
	}
	return hi&highs == 0
}

// scanValue validates the value of type t at off and returns its size.
func (d *decState) scanValue(t Type, b []byte, off, depth int) (int, error) {
	if int(t) < len(d.nType) {
		d.nType[t]++
	}
	if n := t.fixedSize(); n >= 0 {
		if off+n > len(b) {
			return 0, decodeErr(off, t.String()+" value is truncated")
		}
		if t == TypeBoolean && b[off] > 1 {
			return 0, decodeErr(off, "boolean byte "+itoa(int(b[off]))+" is neither 0 nor 1")
		}
		return n, nil
	}
	switch t {
	case TypeString, TypeJavaScript, TypeSymbol, TypeDBPointer:
		n, err := scanStringish(t, b, off)
		d.strBytes += n
		return n, err
	case TypeEmbeddedDoc, TypeArray:
		n, err := docLen(b, off, 0)
		if err != nil {
			return 0, err
		}
		return n, d.scanDoc(off, depth+1, t == TypeArray)
	case TypeBinary:
		n, err := binaryLen(b, off, 0)
		if err == nil && b[off+4] == BinaryBinaryOld && n < 9 {
			err = decodeErr(off, "binary subtype 0x02 is shorter than its inner length")
		}
		return n, err
	case TypeRegex:
		return scanRegex(b, off)
	case TypeCodeWithScope:
		return d.scanCodeWithScope(b, off, depth)
	}
	return 0, decodeErr(off-1, "invalid element type 0x"+hexByte(byte(t)))
}

// scanStringish validates a string, JavaScript, symbol or DBPointer.
func scanStringish(t Type, b []byte, off int) (int, error) {
	n, err := stringLen(b, off, 0)
	if err != nil {
		return 0, err
	}
	if !utf8.Valid(b[off+4 : off+n-1]) {
		return 0, decodeErr(off+4, t.String()+" is not valid UTF-8")
	}
	if t == TypeDBPointer {
		if off+n+12 > len(b) {
			return 0, decodeErr(off+n, "dbPointer id is truncated")
		}
		n += 12
	}
	return n, nil
}

func scanRegex(b []byte, off int) (int, error) {
	e1, err := cstringEnd(b, off, 0)
	if err != nil {
		return 0, err
	}
	e2, err := cstringEnd(b, e1+1, 0)
	if err != nil {
		return 0, err
	}
	if !utf8.Valid(b[off:e1]) || !utf8.Valid(b[e1+1:e2]) {
		return 0, decodeErr(off, "regex is not valid UTF-8")
	}
	return e2 + 1 - off, nil
}

func (d *decState) scanCodeWithScope(b []byte, off, depth int) (int, error) {
	n, err := codeWithScopeLen(b, off, 0)
	if err != nil {
		return 0, err
	}
	sl := int(int32(binary.LittleEndian.Uint32(b[off+4:])))
	if !utf8.Valid(b[off+8 : off+8+sl-1]) {
		return 0, decodeErr(off+8, "code is not valid UTF-8")
	}
	return n, d.scanDoc(off+8+sl, depth+1, false)
}
