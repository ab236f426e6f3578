package bson

import (
	"encoding"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// mapElemsFunc appends the elements of map v in key order. taken, when not
// nil, reports keys that belong to struct fields (for inline maps).
type mapElemsFunc func(e *encState, dst []byte, v reflect.Value, taken func(string) bool) ([]byte, error)

type mapPair struct {
	key string
	val reflect.Value
}

func (s *regState) mapEncoder(t reflect.Type) encodeFunc {
	if t.Key() == tString && t.Elem() == tEmpty {
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return e.appendMapAny(dst, valueAs[map[string]any](v))
		}
	}
	elems := s.mapElems(t)
	return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
		if v.IsNil() && !e.s.opts.NilMapAsEmpty {
			return TypeNull, dst, nil
		}
		if err := e.enter(); err != nil {
			return 0, dst, err
		}
		dst, start := AppendDocumentStart(dst)
		dst, err := elems(e, dst, v, nil)
		if err != nil {
			return 0, dst, err
		}
		e.depth--
		return TypeEmbeddedDoc, AppendDocumentEnd(dst, start), nil
	}
}

func (s *regState) mapElems(t reflect.Type) mapElemsFunc {
	keyOf := mapKeyEncoder(t.Key())
	if keyOf == nil {
		return func(_ *encState, dst []byte, _ reflect.Value, _ func(string) bool) ([]byte, error) {
			return dst, marshalErr(t, ErrUnsupportedType)
		}
	}
	elem := s.codecLocked(t.Elem())
	return func(e *encState, dst []byte, v reflect.Value, taken func(string) bool) ([]byte, error) {
		pairs := make([]mapPair, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			k, err := keyOf(it.Key())
			if err != nil {
				return dst, marshalErr(t, err)
			}
			if taken != nil && taken(k) {
				return dst, &MarshalError{Path: k, GoType: t, Err: ErrDuplicateField}
			}
			pairs = append(pairs, mapPair{k, it.Value()})
		}
		slices.SortFunc(pairs, func(a, b mapPair) int { return strings.Compare(a.key, b.key) })
		for _, p := range pairs {
			var pos int
			var ok bool
			if dst, pos, ok = appendKey(dst, p.key); !ok {
				return dst, &MarshalError{Path: p.key, Err: ErrInvalidKey}
			}
			bt, out, err := elem.enc(e, dst, p.val)
			if err != nil {
				return dst, withPath(err, p.key, true)
			}
			dst = out
			dst[pos] = byte(bt)
		}
		return dst, nil
	}
}

var tTextMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

// mapKeyEncoder returns how keys of type kt become strings: string kinds
// as they are, then encoding.TextMarshaler, then integers in decimal — the
// order the official driver uses. It returns nil for other key types.
func mapKeyEncoder(kt reflect.Type) func(reflect.Value) (string, error) {
	switch {
	case kt.Kind() == reflect.String:
		return func(k reflect.Value) (string, error) { return k.String(), nil }
	case kt.Implements(tTextMarshaler):
		return func(k reflect.Value) (string, error) {
			if isNilPointer(k) {
				return "", nil
			}
			b, err := k.Interface().(encoding.TextMarshaler).MarshalText()
			return string(b), err
		}
	}
	switch kt.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(k reflect.Value) (string, error) { return strconv.FormatInt(k.Int(), 10), nil }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(k reflect.Value) (string, error) { return strconv.FormatUint(k.Uint(), 10), nil }
	}
	return nil
}
