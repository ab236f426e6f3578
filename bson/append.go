package bson

import (
	"encoding/binary"
	"math"
)

// The Append functions write BSON into a caller's buffer and return the
// extended buffer, in the style of strconv.AppendInt. They do not validate:
// keys must not contain NUL bytes and strings should be valid UTF-8
// (Marshal checks both). Build a document with
//
//	b, start := bson.AppendDocumentStart(buf[:0])
//	b = bson.AppendStringElement(b, "hello", "world")
//	b = bson.AppendDocumentEnd(b, start)

// AppendDocumentStart appends a length placeholder and returns the offset
// the document starts at, for AppendDocumentEnd.
func AppendDocumentStart(dst []byte) ([]byte, int) {
	return append(dst, 0, 0, 0, 0), len(dst)
}

// AppendDocumentEnd appends the terminating NUL and patches the length of
// the document (or array) that starts at start.
func AppendDocumentEnd(dst []byte, start int) []byte {
	dst = append(dst, 0)
	binary.LittleEndian.PutUint32(dst[start:], uint32(len(dst)-start))
	return dst
}

// AppendHeader appends an element's type byte and key.
func AppendHeader(dst []byte, t Type, key string) []byte {
	dst = append(dst, byte(t))
	dst = append(dst, key...)
	return append(dst, 0)
}

// AppendDocumentElementStart appends the header of an embedded document and
// starts it; finish it with AppendDocumentEnd.
func AppendDocumentElementStart(dst []byte, key string) ([]byte, int) {
	return AppendDocumentStart(AppendHeader(dst, TypeEmbeddedDoc, key))
}

// AppendArrayElementStart appends the header of an array and starts it; add
// values with keys "0", "1", … (AppendArrayKey helps) and finish with
// AppendDocumentEnd.
func AppendArrayElementStart(dst []byte, key string) ([]byte, int) {
	return AppendDocumentStart(AppendHeader(dst, TypeArray, key))
}

// AppendArrayHeader appends the header of the i-th array value without
// allocating the decimal key.
func AppendArrayHeader(dst []byte, t Type, i int) []byte {
	dst = append(dst, byte(t))
	dst = appendUint(dst, uint64(i))
	return append(dst, 0)
}

func appendUint(dst []byte, u uint64) []byte {
	if u < 10 {
		return append(dst, byte('0'+u))
	}
	var buf [20]byte
	i := len(buf)
	for u > 0 {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
	}
	return append(dst, buf[i:]...)
}

// Value appenders: the value bytes only, after a header.

// AppendDouble appends a double value.
func AppendDouble(dst []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(f))
}

// AppendString appends a string value (also used for JavaScript and symbol).
func AppendString(dst []byte, s string) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(s)+1))
	dst = append(dst, s...)
	return append(dst, 0)
}

// AppendBinary appends a binary value. For the old subtype 0x02 the inner
// length is written too.
func AppendBinary(dst []byte, subtype byte, data []byte) []byte {
	if subtype == BinaryBinaryOld {
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(data)+4))
		dst = append(dst, subtype)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(data)))
		return append(dst, data...)
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(data)))
	dst = append(dst, subtype)
	return append(dst, data...)
}

// AppendObjectID appends an ObjectID value.
func AppendObjectID(dst []byte, id ObjectID) []byte { return append(dst, id[:]...) }

// AppendBoolean appends a boolean value.
func AppendBoolean(dst []byte, b bool) []byte {
	if b {
		return append(dst, 1)
	}
	return append(dst, 0)
}

// AppendDateTime appends a datetime value (milliseconds since the epoch).
func AppendDateTime(dst []byte, ms int64) []byte {
	return binary.LittleEndian.AppendUint64(dst, uint64(ms))
}

// AppendRegex appends a regular expression value.
func AppendRegex(dst []byte, pattern, options string) []byte {
	dst = append(dst, pattern...)
	dst = append(dst, 0)
	dst = append(dst, options...)
	return append(dst, 0)
}

// AppendDBPointer appends a DBPointer value.
func AppendDBPointer(dst []byte, db string, id ObjectID) []byte {
	return append(AppendString(dst, db), id[:]...)
}

// AppendCodeWithScope appends a code-with-scope value; scope must be an
// encoded document.
func AppendCodeWithScope(dst []byte, code string, scope []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(4+4+len(code)+1+len(scope)))
	dst = AppendString(dst, code)
	return append(dst, scope...)
}

// AppendInt32 appends an int32 value.
func AppendInt32(dst []byte, n int32) []byte {
	return binary.LittleEndian.AppendUint32(dst, uint32(n))
}

// AppendInt64 appends an int64 value.
func AppendInt64(dst []byte, n int64) []byte {
	return binary.LittleEndian.AppendUint64(dst, uint64(n))
}

// AppendTimestamp appends a timestamp value (increment first on the wire).
func AppendTimestamp(dst []byte, t, i uint32) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, i)
	return binary.LittleEndian.AppendUint32(dst, t)
}

// Element appenders: header and value.

// AppendDoubleElement appends a double element.
func AppendDoubleElement(dst []byte, key string, f float64) []byte {
	return AppendDouble(AppendHeader(dst, TypeDouble, key), f)
}

// AppendStringElement appends a string element.
func AppendStringElement(dst []byte, key, s string) []byte {
	return AppendString(AppendHeader(dst, TypeString, key), s)
}

// AppendDocumentElement appends an encoded document as an embedded document.
func AppendDocumentElement(dst []byte, key string, doc []byte) []byte {
	return append(AppendHeader(dst, TypeEmbeddedDoc, key), doc...)
}

// AppendArrayElement appends an encoded array.
func AppendArrayElement(dst []byte, key string, arr []byte) []byte {
	return append(AppendHeader(dst, TypeArray, key), arr...)
}

// AppendBinaryElement appends a binary element.
func AppendBinaryElement(dst []byte, key string, subtype byte, data []byte) []byte {
	return AppendBinary(AppendHeader(dst, TypeBinary, key), subtype, data)
}

// AppendUndefinedElement appends an undefined element.
func AppendUndefinedElement(dst []byte, key string) []byte {
	return AppendHeader(dst, TypeUndefined, key)
}

// AppendObjectIDElement appends an ObjectID element.
func AppendObjectIDElement(dst []byte, key string, id ObjectID) []byte {
	return AppendObjectID(AppendHeader(dst, TypeObjectID, key), id)
}

// AppendBooleanElement appends a boolean element.
func AppendBooleanElement(dst []byte, key string, b bool) []byte {
	return AppendBoolean(AppendHeader(dst, TypeBoolean, key), b)
}

// AppendDateTimeElement appends a datetime element.
func AppendDateTimeElement(dst []byte, key string, ms int64) []byte {
	return AppendDateTime(AppendHeader(dst, TypeDateTime, key), ms)
}

// AppendNullElement appends a null element.
func AppendNullElement(dst []byte, key string) []byte {
	return AppendHeader(dst, TypeNull, key)
}

// AppendRegexElement appends a regular expression element.
func AppendRegexElement(dst []byte, key, pattern, options string) []byte {
	return AppendRegex(AppendHeader(dst, TypeRegex, key), pattern, options)
}

// AppendDBPointerElement appends a DBPointer element.
func AppendDBPointerElement(dst []byte, key, db string, id ObjectID) []byte {
	return AppendDBPointer(AppendHeader(dst, TypeDBPointer, key), db, id)
}

// AppendJavaScriptElement appends a JavaScript element.
func AppendJavaScriptElement(dst []byte, key, code string) []byte {
	return AppendString(AppendHeader(dst, TypeJavaScript, key), code)
}

// AppendSymbolElement appends a symbol element.
func AppendSymbolElement(dst []byte, key, s string) []byte {
	return AppendString(AppendHeader(dst, TypeSymbol, key), s)
}

// AppendCodeWithScopeElement appends a code-with-scope element.
func AppendCodeWithScopeElement(dst []byte, key, code string, scope []byte) []byte {
	return AppendCodeWithScope(AppendHeader(dst, TypeCodeWithScope, key), code, scope)
}

// AppendInt32Element appends an int32 element.
func AppendInt32Element(dst []byte, key string, n int32) []byte {
	return AppendInt32(AppendHeader(dst, TypeInt32, key), n)
}

// AppendTimestampElement appends a timestamp element.
func AppendTimestampElement(dst []byte, key string, t, i uint32) []byte {
	return AppendTimestamp(AppendHeader(dst, TypeTimestamp, key), t, i)
}

// AppendInt64Element appends an int64 element.
func AppendInt64Element(dst []byte, key string, n int64) []byte {
	return AppendInt64(AppendHeader(dst, TypeInt64, key), n)
}

// AppendDecimal128Element appends a Decimal128 element.
func AppendDecimal128Element(dst []byte, key string, d Decimal128) []byte {
	return AppendDecimal128(AppendHeader(dst, TypeDecimal128, key), d)
}

// AppendMinKeyElement appends a min key element.
func AppendMinKeyElement(dst []byte, key string) []byte {
	return AppendHeader(dst, TypeMinKey, key)
}

// AppendMaxKeyElement appends a max key element.
func AppendMaxKeyElement(dst []byte, key string) []byte {
	return AppendHeader(dst, TypeMaxKey, key)
}

// AppendValueElement appends an already encoded value under key.
func AppendValueElement(dst []byte, key string, v RawValue) []byte {
	return append(AppendHeader(dst, v.Type, key), v.Value...)
}
