package bson

import (
	"encoding/binary"
	"math"
	"math/bits"
	"reflect"
)

// The fast decoders of interface values. They read the validated input at
// absolute offsets without error checks (the scan has done them) and
// without reflection.

func le32(b []byte, off int) int    { return int(int32(binary.LittleEndian.Uint32(b[off:]))) }
func le64(b []byte, off int) uint64 { return binary.LittleEndian.Uint64(b[off:]) }

// setPure enters pure mode when the target type t holds only interface
// values, so that everything decoded can share the string copy and slabs.
func (d *decState) setPure(t reflect.Type) {
	if !d.s.fast {
		return
	}
	switch t {
	case tD, tM, tA, tEmpty, tSliceAny, tMapAny:
		d.pure = true
		d.str = string(d.doc)
	}
}

var (
	tSliceAny = reflect.TypeFor[[]any]()
	tMapAny   = reflect.TypeFor[map[string]any]()
)

// decodeTopFast decodes into the common interface-holding targets without
// reflection. It reports false when v is not one of them (or t does not
// suit it), leaving the work and the errors to the reflection path.
func (d *decState) decodeTopFast(t Type, v any) bool {
	doc, arr := t == TypeEmbeddedDoc, t == TypeArray
	switch p := v.(type) {
	case *D:
		if p == nil || !doc {
			return false
		}
		d.setPure(tD)
		*p = d.readD(0)
	case *any:
		if p == nil {
			return false
		}
		d.setPure(tEmpty)
		*p, _ = d.readAny(t, 0)
	case *M:
		if p == nil || !doc {
			return false
		}
		d.setPure(tM)
		*p = d.readM(0, *p)
	case *map[string]any:
		if p == nil || !doc {
			return false
		}
		d.setPure(tMapAny)
		*p = d.readM(0, *p)
	case *A:
		if p == nil || !arr {
			return false
		}
		d.setPure(tA)
		*p = d.readA(0)
	case *[]any:
		if p == nil || !arr {
			return false
		}
		d.setPure(tSliceAny)
		*p = d.readA(0)
	default:
		return false
	}
	return true
}

// strAt returns doc[s:e] as a string: a slice of the shared copy in pure
// mode, a string from the arena otherwise.
func (d *decState) strAt(s, e int) string {
	if d.pure {
		return d.str[s:e]
	}
	return d.newString(d.doc[s:e])
}

// keyEnd returns the index of the NUL ending the key that starts at p,
// which the caller knows to exist.
func keyEnd(b []byte, p int) int {
	e, _ := cstringScan(b, p)
	return e
}

const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// cstringScan returns the index of the first NUL at or after p, or -1, and
// whether the bytes before it are all ASCII. Keys are short, so it reads a
// word at a time instead of calling IndexByte and utf8.Valid.
func cstringScan(b []byte, p int) (int, bool) {
	var hi uint64
	for ; p+8 <= len(b); p += 8 {
		x := binary.LittleEndian.Uint64(b[p:])
		// The lowest set bit of zero marks the first NUL byte.
		if zero := (x - lows) &^ x & highs; zero != 0 {
			i := bits.TrailingZeros64(zero) >> 3
			hi |= x & (1<<(8*i) - 1)
			return p + i, hi&highs == 0
		}
		hi |= x
	}
	ascii := hi&highs == 0
	for ; p < len(b); p++ {
		if b[p] == 0 {
			return p, ascii
		}
		ascii = ascii && b[p] < 0x80
	}
	return -1, ascii
}

// readD decodes the document at off into a D. An empty document gives an
// empty, non-nil D, which encodes back as a document rather than null.
func (d *decState) readD(off int) D {
	n := d.enterDoc()
	if n == 0 {
		return D{}
	}
	es := d.elems(n)
	b := d.doc
	p := off + 4
	for i := range es {
		ke := d.nextKey(0)
		es[i].Key = d.strAt(p+1, ke)
		v, n := d.readAny(Type(b[p]), ke+1)
		es[i].Value = v
		p = ke + 1 + n
	}
	return D(es)
}

// readA decodes the array at off into an A.
func (d *decState) readA(off int) A {
	n := d.enterDoc()
	if n == 0 {
		return A{}
	}
	vs := d.values(n)
	b := d.doc
	p := off + 4
	for i := range vs {
		ke := d.nextKey(0)
		v, n := d.readAny(Type(b[p]), ke+1)
		vs[i] = v
		p = ke + 1 + n
	}
	return A(vs)
}

// readM decodes the document at off into m (made when nil, emptied first
// under ZeroMaps); a later duplicate key wins.
func (d *decState) readM(off int, m M) M {
	n := d.enterDoc()
	if m == nil {
		m = make(M, n)
	} else if d.s.opts.ZeroMaps {
		clear(m)
	}
	b := d.doc
	p := off + 4
	for i := 0; i < n; i++ {
		ke := d.nextKey(0)
		v, n := d.readAny(Type(b[p]), ke+1)
		m[d.strAt(p+1, ke)] = v
		p = ke + 1 + n
	}
	return m
}

// readAny decodes the value of type t at off and returns it with its size.
func (d *decState) readAny(t Type, off int) (any, int) {
	b := d.doc
	switch t {
	case TypeDouble:
		return d.boxFloat64(math.Float64frombits(le64(b, off))), 8
	case TypeString:
		n := le32(b, off)
		return d.boxString(d.strAt(off+4, off+3+n)), 4 + n
	case TypeEmbeddedDoc:
		n := le32(b, off)
		if d.s.opts.DocumentsAsM {
			return d.readM(off, nil), n
		}
		return d.boxD(d.readD(off)), n
	case TypeArray:
		return d.boxA(d.readA(off)), le32(b, off)
	case TypeObjectID:
		return d.boxObjectID(ObjectID(b[off : off+12])), 12
	case TypeBoolean:
		return b[off] != 0, 1
	case TypeDateTime:
		return d.boxDateTime(DateTime(le64(b, off))), 8
	case TypeNull:
		return nil, 0
	case TypeInt32:
		return d.boxInt32(int32(le32(b, off))), 4
	case TypeInt64:
		return d.boxInt64(int64(le64(b, off))), 8
	}
	return d.readRareAny(t, off)
}

// readRareAny is readAny for the less common types.
func (d *decState) readRareAny(t Type, off int) (any, int) {
	b := d.doc
	switch t {
	case TypeBinary:
		return d.readBinaryAny(off)
	case TypeDecimal128:
		return NewDecimal128(le64(b, off+8), le64(b, off)), 16
	case TypeTimestamp:
		return Timestamp{I: uint32(le32(b, off)), T: uint32(le32(b, off+4))}, 8
	case TypeUndefined:
		return Undefined{}, 0
	case TypeMinKey:
		return MinKey{}, 0
	case TypeMaxKey:
		return MaxKey{}, 0
	case TypeRegex:
		e1 := keyEnd(b, off)
		e2 := keyEnd(b, e1+1)
		return Regex{Pattern: d.strAt(off, e1), Options: d.strAt(e1+1, e2)}, e2 + 1 - off
	case TypeJavaScript:
		n := le32(b, off)
		return JavaScript(d.strAt(off+4, off+3+n)), 4 + n
	case TypeSymbol:
		n := le32(b, off)
		return Symbol(d.strAt(off+4, off+3+n)), 4 + n
	case TypeDBPointer:
		n := le32(b, off)
		id := ObjectID(b[off+4+n : off+16+n])
		return DBPointer{DB: d.strAt(off+4, off+3+n), Pointer: id}, 16 + n
	case TypeCodeWithScope:
		n, sl := le32(b, off), le32(b, off+4)
		code := JavaScript(d.strAt(off+8, off+7+sl))
		return CodeWithScope{Code: code, Scope: d.boxD(d.readD(off + 8 + sl))}, n
	}
	// The scan admits no other type.
	panic("bson: internal error: unscanned type " + t.String())
}

// readBinaryAny copies a binary value out of the input; subtype 0x02
// loses its redundant inner length.
func (d *decState) readBinaryAny(off int) (any, int) {
	b := d.doc
	n := le32(b, off)
	st := b[off+4]
	data := b[off+5 : off+5+n]
	if st == BinaryBinaryOld {
		data = data[4:]
	}
	cp := make([]byte, len(data))
	copy(cp, data)
	if d.s.opts.BinaryAsSlice && (st == BinaryGeneric || st == BinaryBinaryOld) {
		return cp, 5 + n
	}
	return Binary{Subtype: st, Data: cp}, 5 + n
}

// trustedLen returns the size of the validated value of type t at off.
func trustedLen(t Type, b []byte, off int) int {
	if n := t.fixedSize(); n >= 0 {
		return n
	}
	switch t {
	case TypeString, TypeJavaScript, TypeSymbol:
		return 4 + le32(b, off)
	case TypeEmbeddedDoc, TypeArray, TypeCodeWithScope:
		return le32(b, off)
	case TypeBinary:
		return 5 + le32(b, off)
	case TypeDBPointer:
		return 16 + le32(b, off)
	case TypeRegex:
		return keyEnd(b, keyEnd(b, off)+1) + 1 - off
	}
	panic("bson: internal error: unscanned type " + t.String())
}
