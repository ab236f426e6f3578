package bson

import (
	"errors"
	"reflect"
)

// errTooManyElements: an array has more values than a Go array holds.
var errTooManyElements = errors.New("more values than the Go array holds")

// sliceDecoder decodes arrays into slices; []E-like slices take documents
// and []byte-like slices take generic binary and strings too.
func (s *regState) sliceDecoder(t reflect.Type) decodeFunc {
	if t.Elem() == tE {
		return decodeD
	}
	elem := s.codecLocked(t.Elem())
	byteLike := t.Elem().Kind() == reflect.Uint8
	return func(d *decState, bt Type, b []byte, v reflect.Value) error {
		switch {
		case bt == TypeArray:
		case isNullish(bt):
			v.SetZero()
			return nil
		case byteLike && (bt == TypeBinary || bt == TypeString || bt == TypeSymbol):
			return decodeBytesInto(bt, b, v)
		default:
			return mismatch(bt, v.Type())
		}
		n := int(d.counts[d.ci].n)
		reuse := !v.IsNil() && v.Cap() >= n
		if reuse {
			v.SetLen(n)
		} else {
			v.Set(reflect.MakeSlice(t, n, n))
		}
		return d.decodeElems(elem, b, v, reuse)
	}
}

// decodeBytesInto handles binary and strings for byte slices of any name.
func decodeBytesInto(bt Type, b []byte, v reflect.Value) error {
	var data []byte
	if bt == TypeBinary {
		var ok bool
		if data, ok = genericBinary(b); !ok {
			return unmarshalErr(bt, v.Type(), errBinarySubtype(b[4]))
		}
	} else {
		data = b[4 : len(b)-1]
	}
	out := reflect.MakeSlice(v.Type(), len(data), len(data))
	copyBytes(out, data)
	v.Set(out)
	return nil
}

// copyBytes copies data into the byte-kinded slice or array dst, whose
// element type may be a named byte type, which reflect.Copy rejects.
func copyBytes(dst reflect.Value, data []byte) {
	if dst.Type().Elem() == tByte {
		reflect.Copy(dst, reflect.ValueOf(data))
		return
	}
	for i, c := range data {
		dst.Index(i).SetUint(uint64(c))
	}
}

var tByte = reflect.TypeFor[byte]()

// decodeElems decodes the values of the array b into v.Index(0), … in
// order. zero clears each slot first, so reused slices hold only what was
// decoded, as with a fresh one.
func (d *decState) decodeElems(elem *codec, b []byte, v reflect.Value, zero bool) error {
	cnt := d.enterDoc()
	base := d.offsetOf(b)
	for i, p := 0, 4; i < cnt; i++ {
		t := Type(b[p])
		ke := d.nextKey(base)
		n := trustedLen(t, b, ke+1)
		ev := v.Index(i)
		if zero {
			ev.SetZero()
		}
		if err := d.child(elem, t, b[ke+1:ke+1+n], ev); err != nil {
			return withPath(err, itoa(i), false)
		}
		p = ke + 1 + n
	}
	return nil
}

// arrayDecoder decodes into Go arrays: BSON arrays element by element
// (more values than fit is an error), binary into [N]byte, documents into
// [N]E. Slots beyond the decoded values keep their contents.
func (s *regState) arrayDecoder(t reflect.Type) decodeFunc {
	elem := s.codecLocked(t.Elem())
	return func(d *decState, bt Type, b []byte, v reflect.Value) error {
		switch {
		case bt == TypeArray:
			if int(d.counts[d.ci].n) > v.Len() {
				return unmarshalErr(bt, v.Type(), errTooManyElements)
			}
			return d.decodeElems(elem, b, v, true)
		case isNullish(bt):
			v.SetZero()
			return nil
		case bt == TypeBinary && t.Elem().Kind() == reflect.Uint8:
			data, ok := genericBinary(b)
			if !ok {
				return unmarshalErr(bt, v.Type(), errBinarySubtype(b[4]))
			}
			if len(data) > v.Len() {
				return unmarshalErr(bt, v.Type(), errTooManyElements)
			}
			copyBytes(v, data)
			return nil
		case bt == TypeEmbeddedDoc && t.Elem() == tE:
			return decodeDocIntoArray(d, b, v)
		}
		return mismatch(bt, v.Type())
	}
}

func decodeDocIntoArray(d *decState, b []byte, v reflect.Value) error {
	if int(d.counts[d.ci].n) > v.Len() {
		return unmarshalErr(TypeEmbeddedDoc, v.Type(), errTooManyElements)
	}
	var doc D
	if err := decodeD(d, TypeEmbeddedDoc, b, reflect.ValueOf(&doc).Elem()); err != nil {
		return err
	}
	for i, e := range doc {
		v.Index(i).Set(reflect.ValueOf(e))
	}
	return nil
}
