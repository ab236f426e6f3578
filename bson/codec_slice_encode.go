package bson

import (
	"reflect"
)

// sliceEncoder: []byte-like slices are binary, []E-like slices are
// documents, the others arrays. A nil slice is null unless NilSliceAsEmpty
// (NilByteSliceAsEmpty for byte slices).
func (s *regState) sliceEncoder(t reflect.Type) encodeFunc {
	switch {
	case t.Elem().Kind() == reflect.Uint8:
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			if v.IsNil() && !e.s.opts.NilByteSliceAsEmpty {
				return TypeNull, dst, nil
			}
			return TypeBinary, AppendBinary(dst, BinaryGeneric, v.Bytes()), nil
		}
	case t.Elem() == tE:
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return e.appendD(dst, valueAs[D](v))
		}
	}
	arr := s.arrayElems(t.Elem())
	return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
		if v.IsNil() && !e.s.opts.NilSliceAsEmpty {
			return TypeNull, dst, nil
		}
		return arr(e, dst, v)
	}
}

// arrayEncoder: [N]byte is binary, [N]E a document, the others arrays.
func (s *regState) arrayEncoder(t reflect.Type) encodeFunc {
	switch {
	case t.Elem().Kind() == reflect.Uint8:
		return encodeByteArray
	case t.Elem() == tE:
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return e.appendD(dst, arrayAsD(v))
		}
	}
	return s.arrayElems(t.Elem())
}

func encodeByteArray(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	n := v.Len()
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0, BinaryGeneric)
	if v.CanAddr() {
		dst = append(dst, v.Bytes()...)
	} else {
		for i := 0; i < n; i++ {
			dst = append(dst, byte(v.Index(i).Uint()))
		}
	}
	putUint32(dst[start:], uint32(n))
	return TypeBinary, dst, nil
}

func arrayAsD(v reflect.Value) D {
	d := make(D, v.Len())
	for i := range d {
		d[i] = valueAs[E](v.Index(i))
	}
	return d
}

// arrayElems encodes the elements of a slice or array as a BSON array.
func (s *regState) arrayElems(elemType reflect.Type) encodeFunc {
	if elemType == tEmpty {
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return e.appendA(dst, valueAs[[]any](sliceOf(v)))
		}
	}
	elem := s.codecLocked(elemType)
	return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
		if err := e.enter(); err != nil {
			return 0, dst, err
		}
		dst, start := AppendDocumentStart(dst)
		for i, n := 0, v.Len(); i < n; i++ {
			pos := len(dst)
			dst = appendIndexKey(dst, i)
			t, out, err := elem.enc(e, dst, v.Index(i))
			if err != nil {
				return 0, dst, withPath(err, itoa(i), true)
			}
			dst = out
			dst[pos] = byte(t)
		}
		e.depth--
		return TypeArray, AppendDocumentEnd(dst, start), nil
	}
}

// sliceOf returns v as a slice value: arrays are sliced when addressable
// and copied into a new slice otherwise.
func sliceOf(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Slice {
		return v
	}
	if v.CanAddr() {
		return v.Slice(0, v.Len())
	}
	s := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), v.Len(), v.Len())
	reflect.Copy(s, v)
	return s
}
