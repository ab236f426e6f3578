package bson

import (
	"encoding/json"
	"net/url"
	"reflect"
	"time"
)

// builtinEncoder returns the encoder of the BSON types and the few standard
// library types with a BSON form, or nil for other types.
func builtinEncoder(t reflect.Type) encodeFunc {
	switch t {
	case tD:
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return e.appendD(dst, valueAs[D](v))
		}
	case tM:
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return e.appendMapAny(dst, valueAs[M](v))
		}
	case tA:
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return e.appendA(dst, valueAs[A](v))
		}
	case tRaw:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return appendRawDoc(dst, v.Bytes(), TypeEmbeddedDoc)
		}
	case tRawArray:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return appendRawDoc(dst, v.Bytes(), TypeArray)
		}
	case tRawValue:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return appendRawValue(dst, valueAs[RawValue](v))
		}
	case tByteSlice:
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return e.appendBytes(dst, v.Bytes())
		}
	case tTime:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			ms := NewDateTimeFromTime(valueAs[time.Time](v))
			return TypeDateTime, AppendDateTime(dst, int64(ms)), nil
		}
	}
	if enc := bsonTypeEncoder(t); enc != nil {
		return enc
	}
	return stdlibEncoder(t)
}

// bsonTypeEncoder covers the types of primitive.go, ObjectID, Decimal128
// and Vector.
func bsonTypeEncoder(t reflect.Type) encodeFunc {
	switch t {
	case tObjectID:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return TypeObjectID, AppendObjectID(dst, valueAs[ObjectID](v)), nil
		}
	case tDateTime:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return TypeDateTime, AppendDateTime(dst, v.Int()), nil
		}
	case tBinary:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			b := valueAs[Binary](v)
			return TypeBinary, AppendBinary(dst, b.Subtype, b.Data), nil
		}
	case tDecimal128:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return TypeDecimal128, AppendDecimal128(dst, valueAs[Decimal128](v)), nil
		}
	case tTimestamp:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			ts := valueAs[Timestamp](v)
			return TypeTimestamp, AppendTimestamp(dst, ts.T, ts.I), nil
		}
	case tNull:
		return constEncoder(TypeNull)
	case tUndefined:
		return constEncoder(TypeUndefined)
	case tMinKey:
		return constEncoder(TypeMinKey)
	case tMaxKey:
		return constEncoder(TypeMaxKey)
	case tVector:
		return encodeVector
	}
	return deprecatedTypeEncoder(t)
}

func deprecatedTypeEncoder(t reflect.Type) encodeFunc {
	switch t {
	case tRegex:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return appendRegexValue(dst, valueAs[Regex](v))
		}
	case tJavaScript:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return appendStringTyped(dst, TypeJavaScript, v.String())
		}
	case tSymbol:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return appendStringTyped(dst, TypeSymbol, v.String())
		}
	case tDBPointer:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return appendDBPointerValue(dst, valueAs[DBPointer](v))
		}
	case tCodeWithScope:
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			return e.appendCodeWithScope(dst, valueAs[CodeWithScope](v))
		}
	}
	return nil
}

func constEncoder(t Type) encodeFunc {
	return func(_ *encState, dst []byte, _ reflect.Value) (Type, []byte, error) {
		return t, dst, nil
	}
}

// encodeVector writes a subtype-9 binary without building the Binary first.
func encodeVector(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
	vec := valueAs[Vector](v)
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0, BinaryVector)
	dst = vec.AppendData(dst)
	putUint32(dst[start:], uint32(len(dst)-start-5))
	return TypeBinary, dst, nil
}

// stdlibEncoder covers json.Number (an integer when it parses as one, else
// a double) and url.URL (its string form), as the official driver does.
func stdlibEncoder(t reflect.Type) encodeFunc {
	switch t {
	case tJSONNumber:
		return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			n := json.Number(v.String())
			if i, err := n.Int64(); err == nil {
				return e.appendInt64(dst, i)
			}
			f, err := n.Float64()
			if err != nil {
				return 0, dst, marshalErr(t, err)
			}
			return TypeDouble, AppendDouble(dst, f), nil
		}
	case tURL:
		return func(_ *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
			u := valueAs[url.URL](v)
			return appendStringValue(dst, u.String())
		}
	}
	return nil
}
