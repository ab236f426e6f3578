package bson

import (
	"reflect"
)

// encoderFor compiles the encoder of t following the Registry's precedence.
func (s *regState) encoderFor(t reflect.Type) encodeFunc {
	if fn := s.encs[t]; fn != nil {
		return userEncoder(t, fn, false)
	}
	if enc := builtinEncoder(t); enc != nil {
		return enc
	}
	return s.ifaceOrKindEncoder(t, true)
}

// ifaceOrKindEncoder tries ValueMarshaler, Marshaler and the registered
// interfaces in order, then the kind. With allowAddr, a type whose pointer
// implements an interface uses it for addressable values and falls back to
// what the type itself implements for the others, as the official driver does.
func (s *regState) ifaceOrKindEncoder(t reflect.Type, allowAddr bool) encodeFunc {
	type cand struct {
		iface reflect.Type
		enc   func(addr bool) encodeFunc
	}
	cands := []cand{
		{tValueMarshaler, func(bool) encodeFunc { return encodeValueMarshaler }},
		{tMarshaler, func(bool) encodeFunc { return encodeMarshaler }},
	}
	for _, ie := range s.ifaceEnc {
		cands = append(cands, cand{ie.iface, func(addr bool) encodeFunc { return userEncoder(t, ie.fn, addr) }})
	}
	for _, c := range cands {
		if t.Implements(c.iface) {
			return c.enc(false)
		}
		if allowAddr && t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(c.iface) {
			return condAddrEncoder(c.enc(true), s.ifaceOrKindEncoder(t, false))
		}
	}
	return s.kindEncoder(t)
}

// condAddrEncoder uses addr for addressable values (passing their address)
// and other for the rest.
func condAddrEncoder(addr, other encodeFunc) encodeFunc {
	return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
		if v.CanAddr() {
			return addr(e, dst, v.Addr())
		}
		return other(e, dst, v)
	}
}

// userEncoder adapts a registered EncoderFunc and checks what it wrote.
func userEncoder(t reflect.Type, fn EncoderFunc, _ bool) encodeFunc {
	return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
		bt, out, err := fn(dst, v)
		if err != nil {
			return 0, dst, marshalErr(t, err)
		}
		if !wroteOneValue(bt, out, len(dst)) {
			return 0, dst, marshalErr(t, ErrBadEncoding)
		}
		return bt, out, nil
	}
}

// wroteOneValue reports whether out[start:] is exactly one value of type t.
func wroteOneValue(t Type, out []byte, start int) bool {
	if !t.Valid() || len(out) < start {
		return false
	}
	n, err := valueLen(t, out[start:], 0, 0)
	return err == nil && n == len(out)-start
}

func isNilPointer(v reflect.Value) bool {
	k := v.Kind()
	return (k == reflect.Pointer || k == reflect.Interface) && v.IsNil()
}

func encodeMarshaler(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	// A nil pointer is null; the official driver would call the method on
	// nil, which for a pointer receiver usually panics.
	if isNilPointer(v) {
		return TypeNull, dst, nil
	}
	b, err := ifaceOf(v).(Marshaler).MarshalBSON()
	if err != nil {
		return 0, dst, marshalErr(v.Type(), err)
	}
	if !framedDoc(b) {
		return 0, dst, marshalErr(v.Type(), ErrBadEncoding)
	}
	return TypeEmbeddedDoc, append(dst, b...), nil
}

func encodeValueMarshaler(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	if isNilPointer(v) {
		return TypeNull, dst, nil
	}
	t, b, err := ifaceOf(v).(ValueMarshaler).MarshalBSONValue()
	if err != nil {
		return 0, dst, marshalErr(v.Type(), err)
	}
	if !wroteOneValue(t, b, 0) {
		return 0, dst, marshalErr(v.Type(), ErrBadEncoding)
	}
	return t, append(dst, b...), nil
}

// kindEncoder is the default encoder for t's kind.
func (s *regState) kindEncoder(t reflect.Type) encodeFunc {
	switch t.Kind() {
	case reflect.Bool:
		return encodeBool
	case reflect.Int8, reflect.Int16, reflect.Int32:
		return encodeInt32
	case reflect.Int:
		return encodeInt
	case reflect.Int64:
		return encodeInt64
	case reflect.Uint8, reflect.Uint16:
		return encodeSmallUint
	case reflect.Uint, reflect.Uint32, reflect.Uint64:
		return encodeUint
	case reflect.Float32, reflect.Float64:
		return encodeFloat
	case reflect.String:
		return encodeString
	case reflect.Interface:
		return encodeInterface
	case reflect.Pointer:
		return s.pointerEncoder(t)
	case reflect.Slice:
		return s.sliceEncoder(t)
	case reflect.Array:
		return s.arrayEncoder(t)
	case reflect.Map:
		return s.mapEncoder(t)
	case reflect.Struct:
		return s.structEncoder(t)
	}
	return errEncoder(marshalErr(t, ErrUnsupportedType))
}

func encodeBool(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	return TypeBoolean, AppendBoolean(dst, v.Bool()), nil
}

func encodeInt32(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	return TypeInt32, AppendInt32(dst, int32(v.Int())), nil
}

func encodeInt(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	return appendInt(dst, v.Int())
}

func encodeInt64(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	return e.appendInt64(dst, v.Int())
}

func encodeSmallUint(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	return TypeInt32, AppendInt32(dst, int32(v.Uint())), nil
}

func encodeUint(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	t, out, err := e.appendUint(dst, v.Uint())
	if err != nil {
		return 0, dst, marshalErr(v.Type(), err)
	}
	return t, out, nil
}

func encodeFloat(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	return TypeDouble, AppendDouble(dst, v.Float()), nil
}

func encodeString(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	return appendStringValue(dst, v.String())
}

// encodeInterface encodes the dynamic value; Interface on an interface-kind
// Value does not allocate.
func encodeInterface(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	if v.IsNil() {
		return TypeNull, dst, nil
	}
	return e.appendAny(dst, v.Interface())
}

func (s *regState) pointerEncoder(t reflect.Type) encodeFunc {
	elem := s.codecLocked(t.Elem())
	return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
		if v.IsNil() {
			return TypeNull, dst, nil
		}
		// A pointer cycle that never passes through a document would
		// otherwise recurse without bound.
		if err := e.enter(); err != nil {
			return 0, dst, err
		}
		bt, out, err := elem.enc(e, dst, v.Elem())
		e.depth--
		return bt, out, err
	}
}
