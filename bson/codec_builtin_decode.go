package bson

import (
	"net/url"
	"reflect"
)

// builtinDecoder returns the decoder of the BSON types, the interface-
// holding types and the standard library types with a BSON form, or nil.
func (s *regState) builtinDecoder(t reflect.Type) decodeFunc {
	switch t {
	case tD:
		return decodeD
	case tM, tMapAny:
		return decodeMapAny
	case tA, tSliceAny:
		return decodeA
	case tEmpty:
		return decodeInterface
	case tRaw:
		return decodeRaw
	case tRawArray:
		return simpleDecoder(TypeArray, func(_ *decState, b []byte) (RawArray, error) {
			return append(RawArray(nil), b...), nil
		})
	case tRawValue:
		return func(_ *decState, t Type, b []byte, v reflect.Value) error {
			setAs(v, RawValue{Type: t, Value: append([]byte(nil), b...)})
			return nil
		}
	case tByteSlice:
		return decodeBytes
	case tTime:
		return s.decodeTime
	case tObjectID:
		return decodeObjectID
	}
	if dec := bsonTypeDecoder(t); dec != nil {
		return dec
	}
	return deprecatedTypeDecoder(t)
}

// simpleDecoder builds the decoder of a type read from one BSON type (want)
// by read; null and undefined give the zero value.
func simpleDecoder[T any](want Type, read func(d *decState, b []byte) (T, error)) decodeFunc {
	return func(d *decState, t Type, b []byte, v reflect.Value) error {
		var x T
		switch {
		case t == want:
			var err error
			if x, err = read(d, b); err != nil {
				return unmarshalErr(t, v.Type(), err)
			}
		case isNullish(t):
		default:
			return mismatch(t, v.Type())
		}
		setAs(v, x)
		return nil
	}
}

func bsonTypeDecoder(t reflect.Type) decodeFunc {
	switch t {
	case tDateTime:
		return simpleDecoder(TypeDateTime, func(_ *decState, b []byte) (DateTime, error) {
			return DateTime(le64(b, 0)), nil
		})
	case tBinary:
		return simpleDecoder(TypeBinary, func(_ *decState, b []byte) (Binary, error) {
			st, data := binaryData(b)
			return Binary{Subtype: st, Data: append(make([]byte, 0, len(data)), data...)}, nil
		})
	case tDecimal128:
		return simpleDecoder(TypeDecimal128, func(_ *decState, b []byte) (Decimal128, error) {
			return NewDecimal128(le64(b, 8), le64(b, 0)), nil
		})
	case tTimestamp:
		return simpleDecoder(TypeTimestamp, func(_ *decState, b []byte) (Timestamp, error) {
			return Timestamp{I: uint32(le32(b, 0)), T: uint32(le32(b, 4))}, nil
		})
	case tNull:
		return simpleDecoder(TypeNull, func(*decState, []byte) (Null, error) { return Null{}, nil })
	case tUndefined:
		return simpleDecoder(TypeUndefined, func(*decState, []byte) (Undefined, error) { return Undefined{}, nil })
	case tMinKey:
		return simpleDecoder(TypeMinKey, func(*decState, []byte) (MinKey, error) { return MinKey{}, nil })
	case tMaxKey:
		return simpleDecoder(TypeMaxKey, func(*decState, []byte) (MaxKey, error) { return MaxKey{}, nil })
	case tVector:
		return simpleDecoder(TypeBinary, func(_ *decState, b []byte) (Vector, error) {
			st, data := binaryData(b)
			return NewVectorFromBinary(Binary{Subtype: st, Data: data})
		})
	case tURL:
		return simpleDecoder(TypeString, func(_ *decState, b []byte) (url.URL, error) {
			u, err := url.Parse(string(b[4 : len(b)-1]))
			if err != nil {
				return url.URL{}, err
			}
			return *u, nil
		})
	case tJSONNumber:
		return decodeJSONNumber
	}
	return nil
}

func deprecatedTypeDecoder(t reflect.Type) decodeFunc {
	switch t {
	case tRegex:
		return simpleDecoder(TypeRegex, func(_ *decState, b []byte) (Regex, error) {
			e1 := keyEnd(b, 0)
			return Regex{Pattern: string(b[:e1]), Options: string(b[e1+1 : len(b)-1])}, nil
		})
	case tDBPointer:
		return simpleDecoder(TypeDBPointer, func(_ *decState, b []byte) (DBPointer, error) {
			n := le32(b, 0)
			return DBPointer{DB: string(b[4 : 3+n]), Pointer: ObjectID(b[4+n:])}, nil
		})
	case tJavaScript:
		return simpleDecoder(TypeJavaScript, func(_ *decState, b []byte) (JavaScript, error) {
			return JavaScript(b[4 : len(b)-1]), nil
		})
	case tSymbol:
		return decodeSymbol
	case tCodeWithScope:
		return simpleDecoder(TypeCodeWithScope, readCodeWithScope)
	}
	return nil
}

// readCodeWithScope decodes the scope as a D, as the official driver does.
func readCodeWithScope(d *decState, b []byte) (CodeWithScope, error) {
	sl := le32(b, 4)
	code := JavaScript(b[8 : 7+sl])
	var scope D
	if err := decodeD(d, TypeEmbeddedDoc, b[8+sl:], reflect.ValueOf(&scope).Elem()); err != nil {
		return CodeWithScope{}, err
	}
	return CodeWithScope{Code: code, Scope: scope}, nil
}

func decodeSymbol(d *decState, t Type, b []byte, v reflect.Value) error {
	switch t {
	case TypeString, TypeSymbol:
		v.SetString(d.newString(b[4 : len(b)-1]))
	case TypeBinary:
		data, ok := genericBinary(b)
		if !ok {
			return unmarshalErr(t, v.Type(), errBinarySubtype(b[4]))
		}
		v.SetString(string(data))
	case TypeNull, TypeUndefined:
		v.SetString("")
	default:
		return mismatch(t, v.Type())
	}
	return nil
}

// decodeObjectID also accepts a 24-digit hex string or a 12-byte string,
// as the official driver does.
func decodeObjectID(_ *decState, t Type, b []byte, v reflect.Value) error {
	var id ObjectID
	switch t {
	case TypeObjectID:
		id = ObjectID(b)
	case TypeString:
		s := string(b[4 : len(b)-1])
		var err error
		if id, err = ObjectIDFromHex(s); err != nil {
			if len(s) != 12 {
				return unmarshalErr(t, v.Type(), err)
			}
			id = ObjectID([]byte(s))
		}
	case TypeNull, TypeUndefined:
	default:
		return mismatch(t, v.Type())
	}
	setAs(v, id)
	return nil
}

// decodeRaw copies a document or an array.
func decodeRaw(_ *decState, t Type, b []byte, v reflect.Value) error {
	switch {
	case t == TypeEmbeddedDoc || t == TypeArray:
		setAs(v, append(Raw(nil), b...))
	case isNullish(t):
		v.SetZero()
	default:
		return mismatch(t, v.Type())
	}
	return nil
}

// decodeBytes copies generic binary data, or the bytes of a string.
func decodeBytes(_ *decState, t Type, b []byte, v reflect.Value) error {
	switch t {
	case TypeBinary:
		data, ok := genericBinary(b)
		if !ok {
			return unmarshalErr(t, v.Type(), errBinarySubtype(b[4]))
		}
		v.SetBytes(append(make([]byte, 0, len(data)), data...))
	case TypeString, TypeSymbol:
		v.SetBytes(append([]byte{}, b[4:len(b)-1]...))
	case TypeNull, TypeUndefined:
		v.SetZero()
	default:
		return mismatch(t, v.Type())
	}
	return nil
}
