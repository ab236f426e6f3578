package bson

import (
	"reflect"
	"time"
)

// fastTypes are the types appendAny and the interface decoders handle
// without a codec lookup. A registration that overrides one of them turns
// the fast paths off for that registry (see regState.computeFast).
var fastTypes = []reflect.Type{
	reflect.TypeFor[string](), reflect.TypeFor[bool](), reflect.TypeFor[int](),
	reflect.TypeFor[int8](), reflect.TypeFor[int16](), reflect.TypeFor[int32](),
	reflect.TypeFor[int64](), reflect.TypeFor[uint8](), reflect.TypeFor[uint16](),
	reflect.TypeFor[uint32](), reflect.TypeFor[uint64](), reflect.TypeFor[uint](),
	reflect.TypeFor[float32](), reflect.TypeFor[float64](), reflect.TypeFor[[]byte](),
	reflect.TypeFor[any](), reflect.TypeFor[[]any](), reflect.TypeFor[map[string]any](),
	tD, tM, tA, tE, tRaw, tRawValue, tObjectID, tDateTime, tTime, tBinary,
	tDecimal128, tTimestamp, tNull, tUndefined, tMinKey, tMaxKey, tRegex,
	tJavaScript, tSymbol, tDBPointer, tCodeWithScope,
}

// appendAny appends the value bytes of x. The common types are handled by
// a type switch; the rest go through the compiled codec of their type.
func (e *encState) appendAny(dst []byte, x any) (Type, []byte, error) {
	if !e.s.fast {
		return e.appendReflect(dst, x)
	}
	switch v := x.(type) {
	case nil:
		return TypeNull, dst, nil
	case string:
		return appendStringValue(dst, v)
	case int32:
		return TypeInt32, AppendInt32(dst, v), nil
	case int64:
		return e.appendInt64(dst, v)
	case int:
		return appendInt(dst, int64(v))
	case float64:
		return TypeDouble, AppendDouble(dst, v), nil
	case bool:
		return TypeBoolean, AppendBoolean(dst, v), nil
	case D:
		return e.appendD(dst, v)
	case A:
		return e.appendA(dst, v)
	case M:
		return e.appendMapAny(dst, v)
	case map[string]any:
		return e.appendMapAny(dst, v)
	case []any:
		return e.appendA(dst, v)
	case ObjectID:
		return TypeObjectID, AppendObjectID(dst, v), nil
	case DateTime:
		return TypeDateTime, AppendDateTime(dst, int64(v)), nil
	case time.Time:
		return TypeDateTime, AppendDateTime(dst, int64(NewDateTimeFromTime(v))), nil
	case Null:
		return TypeNull, dst, nil
	}
	return e.appendOther(dst, x)
}

// appendOther is the second half of the fast type switch, split off to keep
// functions small; the less common types are here.
func (e *encState) appendOther(dst []byte, x any) (Type, []byte, error) {
	switch v := x.(type) {
	case Binary:
		return TypeBinary, AppendBinary(dst, v.Subtype, v.Data), nil
	case []byte:
		return e.appendBytes(dst, v)
	case Decimal128:
		return TypeDecimal128, AppendDecimal128(dst, v), nil
	case Timestamp:
		return TypeTimestamp, AppendTimestamp(dst, v.T, v.I), nil
	case Raw:
		return appendRawDoc(dst, v, TypeEmbeddedDoc)
	case RawValue:
		return appendRawValue(dst, v)
	case float32:
		return TypeDouble, AppendDouble(dst, float64(v)), nil
	case int8:
		return TypeInt32, AppendInt32(dst, int32(v)), nil
	case int16:
		return TypeInt32, AppendInt32(dst, int32(v)), nil
	case uint8:
		return TypeInt32, AppendInt32(dst, int32(v)), nil
	case uint16:
		return TypeInt32, AppendInt32(dst, int32(v)), nil
	case uint32:
		return e.appendUint(dst, uint64(v))
	case uint64:
		return e.appendUint(dst, v)
	case uint:
		return e.appendUint(dst, uint64(v))
	case MinKey:
		return TypeMinKey, dst, nil
	case MaxKey:
		return TypeMaxKey, dst, nil
	case Undefined:
		return TypeUndefined, dst, nil
	}
	return e.appendRare(dst, x)
}

// appendRare handles the deprecated and seldom used BSON types, then falls
// back to reflection.
func (e *encState) appendRare(dst []byte, x any) (Type, []byte, error) {
	switch v := x.(type) {
	case Regex:
		return appendRegexValue(dst, v)
	case JavaScript:
		return appendStringTyped(dst, TypeJavaScript, string(v))
	case Symbol:
		return appendStringTyped(dst, TypeSymbol, string(v))
	case DBPointer:
		return appendDBPointerValue(dst, v)
	case CodeWithScope:
		return e.appendCodeWithScope(dst, v)
	}
	return e.appendReflect(dst, x)
}

// appendReflect encodes x with the compiled codec of its dynamic type.
func (e *encState) appendReflect(dst []byte, x any) (Type, []byte, error) {
	if x == nil {
		return TypeNull, dst, nil
	}
	v := reflect.ValueOf(x)
	return e.s.codecFor(v.Type()).enc(e, dst, v)
}

// enter counts one more level of nesting and fails past MaxNestingDepth,
// which is how a cyclic value ends in an error rather than a stack overflow.
func (e *encState) enter() error {
	e.depth++
	if e.depth > MaxNestingDepth {
		return ErrTooDeep
	}
	return nil
}

// appendD encodes a document in the order of its elements.
func (e *encState) appendD(dst []byte, d D) (Type, []byte, error) {
	if d == nil && !e.s.opts.NilSliceAsEmpty {
		return TypeNull, dst, nil
	}
	if err := e.enter(); err != nil {
		return 0, dst, err
	}
	dst, start := AppendDocumentStart(dst)
	for i := range d {
		el := &d[i]
		var pos int
		var ok bool
		if dst, pos, ok = appendKey(dst, el.Key); !ok {
			return 0, dst, &MarshalError{Path: el.Key, Err: ErrInvalidKey}
		}
		t, out, err := e.appendAny(dst, el.Value)
		if err != nil {
			return 0, dst, withPath(err, el.Key, true)
		}
		dst = out
		dst[pos] = byte(t)
	}
	e.depth--
	return TypeEmbeddedDoc, AppendDocumentEnd(dst, start), nil
}

// appendA encodes an array of interface values.
func (e *encState) appendA(dst []byte, a []any) (Type, []byte, error) {
	if a == nil && !e.s.opts.NilSliceAsEmpty {
		return TypeNull, dst, nil
	}
	if err := e.enter(); err != nil {
		return 0, dst, err
	}
	dst, start := AppendDocumentStart(dst)
	for i := range a {
		pos := len(dst)
		dst = appendIndexKey(dst, i)
		t, out, err := e.appendAny(dst, a[i])
		if err != nil {
			return 0, dst, withPath(err, itoa(i), true)
		}
		dst = out
		dst[pos] = byte(t)
	}
	e.depth--
	return TypeArray, AppendDocumentEnd(dst, start), nil
}

// appendIndexKey appends a placeholder type byte and the decimal key i.
func appendIndexKey(dst []byte, i int) []byte {
	if i < 10 {
		return append(dst, 0, byte('0'+i), 0)
	}
	dst = append(dst, 0)
	dst = appendUint(dst, uint64(i))
	return append(dst, 0)
}
