package bson

import (
	"encoding"
	"errors"
	"reflect"
	"strconv"
)

var tTextUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// mapDecoder decodes documents into maps, adding to a non-nil map (ZeroMaps
// empties it first), as the official driver does.
func (s *regState) mapDecoder(t reflect.Type) decodeFunc {
	if t.Key() == tString && t.Elem() == tEmpty {
		return decodeMapAny
	}
	keyOf := mapKeyDecoder(t.Key())
	if keyOf == nil {
		return errDecoder(&UnmarshalError{GoType: t, Err: ErrUnsupportedType})
	}
	elem := s.codecLocked(t.Elem())
	return func(d *decState, bt Type, b []byte, v reflect.Value) error {
		switch {
		case bt == TypeEmbeddedDoc:
		case isNullish(bt):
			if v.CanSet() {
				v.SetZero()
			}
			return nil
		default:
			return mismatch(bt, v.Type())
		}
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(t, int(d.counts[d.ci].n)))
		} else if d.s.opts.ZeroMaps {
			v.Clear()
		}
		ev := reflect.New(t.Elem()).Elem()
		return d.elemsSlow(b, func(key []byte, vt Type, val []byte) error {
			k, err := keyOf(key)
			if err != nil {
				return unmarshalErr(vt, t, err)
			}
			ev.SetZero()
			if err := d.child(elem, vt, val, ev); err != nil {
				return err
			}
			v.SetMapIndex(k, ev)
			return nil
		})
	}
}

// mapKeyDecoder returns how a key becomes a map key of type kt:
// encoding.TextUnmarshaler first, then string kinds, then integers parsed
// in decimal (the official driver's order). It returns nil for other types.
func mapKeyDecoder(kt reflect.Type) func([]byte) (reflect.Value, error) {
	if reflect.PointerTo(kt).Implements(tTextUnmarshaler) {
		return func(key []byte) (reflect.Value, error) {
			k := reflect.New(kt)
			err := k.Interface().(encoding.TextUnmarshaler).UnmarshalText(key)
			return k.Elem(), err
		}
	}
	switch kt.Kind() {
	case reflect.String:
		return func(key []byte) (reflect.Value, error) {
			return reflect.ValueOf(string(key)).Convert(kt), nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(key []byte) (reflect.Value, error) {
			k := reflect.New(kt).Elem()
			n, err := strconv.ParseInt(string(key), 10, 64)
			if err != nil || k.OverflowInt(n) {
				return k, keyNumberErr(err)
			}
			k.SetInt(n)
			return k, nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(key []byte) (reflect.Value, error) {
			k := reflect.New(kt).Elem()
			n, err := strconv.ParseUint(string(key), 10, 64)
			if err != nil || k.OverflowUint(n) {
				return k, keyNumberErr(err)
			}
			k.SetUint(n)
			return k, nil
		}
	}
	return nil
}

// keyNumberErr classifies a key that does not parse as the map's integer
// key type: out of range, or not a number at all.
func keyNumberErr(err error) error {
	if err == nil || errors.Is(err, strconv.ErrRange) {
		return ErrOverflow
	}
	return ErrTypeMismatch
}
