package bson

import (
	"reflect"
)

// decoderFor compiles the decoder of t following the Registry's precedence.
func (s *regState) decoderFor(t reflect.Type) decodeFunc {
	if fn := s.decs[t]; fn != nil {
		return userDecoder(t, fn, false)
	}
	if dec := s.builtinDecoder(t); dec != nil {
		return dec
	}
	if t.Kind() == reflect.Interface {
		return s.kindDecoder(t)
	}
	return s.ifaceOrKindDecoder(t, true)
}

// ifaceOrKindDecoder is the decoding twin of ifaceOrKindEncoder.
func (s *regState) ifaceOrKindDecoder(t reflect.Type, allowAddr bool) decodeFunc {
	type cand struct {
		iface reflect.Type
		dec   func(addr bool) decodeFunc
	}
	cands := []cand{
		{tValueUnmarshaler, func(addr bool) decodeFunc { return addrDecoder(decodeValueUnmarshaler, addr) }},
		{tUnmarshaler, func(addr bool) decodeFunc { return addrDecoder(decodeUnmarshaler, addr) }},
	}
	for _, id := range s.ifaceDec {
		cands = append(cands, cand{id.iface, func(addr bool) decodeFunc { return userDecoder(t, id.fn, addr) }})
	}
	for _, c := range cands {
		if t.Implements(c.iface) {
			return c.dec(false)
		}
		if allowAddr && t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(c.iface) {
			return condAddrDecoder(c.dec(true), s.ifaceOrKindDecoder(t, false))
		}
	}
	return s.kindDecoder(t)
}

// addrDecoder passes the address of v to dec when addr is set.
func addrDecoder(dec decodeFunc, addr bool) decodeFunc {
	if !addr {
		return dec
	}
	return func(d *decState, t Type, b []byte, v reflect.Value) error {
		return dec(d, t, b, v.Addr())
	}
}

func condAddrDecoder(addr, other decodeFunc) decodeFunc {
	return func(d *decState, t Type, b []byte, v reflect.Value) error {
		if v.CanAddr() {
			return addr(d, t, b, v)
		}
		return other(d, t, b, v)
	}
}

// userDecoder adapts a registered DecoderFunc.
func userDecoder(gt reflect.Type, fn DecoderFunc, addr bool) decodeFunc {
	return func(_ *decState, t Type, b []byte, v reflect.Value) error {
		if addr {
			v = v.Addr()
		}
		if err := fn(t, b, v); err != nil {
			return unmarshalErr(t, gt, err)
		}
		return nil
	}
}

// decodeUnmarshaler calls UnmarshalBSON with a copy of the value bytes.
// Like the official driver, a nil pointer is allocated first and null sets
// a pointer back to nil.
func decodeUnmarshaler(_ *decState, t Type, b []byte, v reflect.Value) error {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		v.Set(reflect.New(v.Type().Elem()))
	}
	if v.Kind() == reflect.Pointer && len(b) == 0 {
		v.SetZero()
		return nil
	}
	if err := ifaceOf(v).(Unmarshaler).UnmarshalBSON(append([]byte(nil), b...)); err != nil {
		return unmarshalErr(t, v.Type(), err)
	}
	return nil
}

// decodeValueUnmarshaler calls UnmarshalBSONValue with a copy of the bytes;
// null sets a pointer to nil.
func decodeValueUnmarshaler(_ *decState, t Type, b []byte, v reflect.Value) error {
	if v.Kind() == reflect.Pointer {
		if t == TypeNull {
			v.SetZero()
			return nil
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
	}
	if err := ifaceOf(v).(ValueUnmarshaler).UnmarshalBSONValue(t, append([]byte(nil), b...)); err != nil {
		return unmarshalErr(t, v.Type(), err)
	}
	return nil
}

// kindDecoder is the default decoder for t's kind.
func (s *regState) kindDecoder(t reflect.Type) decodeFunc {
	switch t.Kind() {
	case reflect.Bool:
		return decodeBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return decodeInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return decodeUint
	case reflect.Float32, reflect.Float64:
		return decodeFloat
	case reflect.String:
		return decodeString
	case reflect.Interface:
		return decodeInterface
	case reflect.Pointer:
		return s.pointerDecoder(t)
	case reflect.Slice:
		return s.sliceDecoder(t)
	case reflect.Array:
		return s.arrayDecoder(t)
	case reflect.Map:
		return s.mapDecoder(t)
	case reflect.Struct:
		return s.structDecoder(t)
	}
	return errDecoder(&UnmarshalError{GoType: t, Err: ErrUnsupportedType})
}

// isNullish reports null and undefined, which decode as the zero value of
// every Go type.
func isNullish(t Type) bool { return t == TypeNull || t == TypeUndefined }

func (s *regState) pointerDecoder(t reflect.Type) decodeFunc {
	elem := s.codecLocked(t.Elem())
	return func(d *decState, bt Type, b []byte, v reflect.Value) error {
		if isNullish(bt) {
			v.SetZero()
			return nil
		}
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		return elem.dec(d, bt, b, v.Elem())
	}
}

// decodeInterface stores a value in an interface. Empty interfaces get the
// default Go type of the BSON type; other interfaces can only be cleared.
func decodeInterface(d *decState, t Type, b []byte, v reflect.Value) error {
	if v.NumMethod() == 0 {
		x, err := d.anyValue(t, b)
		if err != nil {
			return err
		}
		setIface(v, x)
		return nil
	}
	if isNullish(t) {
		v.SetZero()
		return nil
	}
	return &UnmarshalError{Type: t, GoType: v.Type(), Err: ErrUnsupportedType}
}

// setIface stores x in the empty-interface value v.
func setIface(v reflect.Value, x any) {
	if v.Type() == tEmpty {
		*v.Addr().Interface().(*any) = x
		return
	}
	if x == nil {
		v.SetZero()
		return
	}
	v.Set(reflect.ValueOf(x))
}

// offsetOf returns where the view b starts in d.doc. Every view the
// decoders pass around is a two-index slice of d.doc, so capacities tell.
func (d *decState) offsetOf(b []byte) int { return cap(d.doc) - cap(b) }
