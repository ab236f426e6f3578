package bson

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
)

// extWriter turns validated BSON into extended JSON. The callers validate
// first, so the accessors below only fail on bugs; they still return an
// error rather than panic.
type extWriter struct {
	canonical  bool
	escapeHTML bool
}

// appendDocument writes doc as a JSON object, or as a JSON array when
// array is set (the keys of an array are not written, so degenerate array
// keys do not matter).
func (w extWriter) appendDocument(dst []byte, doc Raw, array bool) ([]byte, error) {
	open, close := byte('{'), byte('}')
	if array {
		open, close = '[', ']'
	}
	dst = append(dst, open)
	it := doc.Iter()
	for n := 0; it.Next(); n++ {
		if n > 0 {
			dst = append(dst, ',')
		}
		if !array {
			dst = appendJSONString(dst, it.KeyBytes(), w.escapeHTML)
			dst = append(dst, ':')
		}
		var err error
		if dst, err = w.appendValue(dst, it.Value()); err != nil {
			return dst, err
		}
	}
	if err := it.Err(); err != nil {
		return dst, err
	}
	return append(dst, close), nil
}

// appendValue writes one value in the form the conversion table of the
// specification gives for w's mode.
func (w extWriter) appendValue(dst []byte, v RawValue) ([]byte, error) {
	switch v.Type {
	case TypeDouble:
		return w.appendDouble(dst, v.Double()), nil
	case TypeString:
		s, _ := v.StringBytes()
		return appendJSONString(dst, s, w.escapeHTML), nil
	case TypeEmbeddedDoc:
		return w.appendDocument(dst, Raw(v.Value), false)
	case TypeArray:
		return w.appendDocument(dst, Raw(v.Value), true)
	case TypeBinary:
		return w.appendBinary(dst, v)
	case TypeUndefined:
		return append(dst, `{"$undefined":true}`...), nil
	case TypeObjectID:
		return appendOIDWrapper(dst, v.ObjectID()), nil
	case TypeBoolean:
		return strconv.AppendBool(dst, v.Boolean()), nil
	case TypeDateTime:
		return w.appendDateTime(dst, int64(v.DateTime())), nil
	case TypeNull:
		return append(dst, "null"...), nil
	case TypeRegex:
		return w.appendRegex(dst, v)
	case TypeDBPointer:
		return w.appendDBPointer(dst, v)
	case TypeJavaScript, TypeSymbol:
		return w.appendStringWrapper(dst, v)
	case TypeCodeWithScope:
		return w.appendCodeWithScope(dst, v)
	case TypeInt32:
		return w.appendInt(dst, `{"$numberInt":"`, int64(v.Int32())), nil
	case TypeTimestamp:
		ts := v.Timestamp()
		dst = append(dst, `{"$timestamp":{"t":`...)
		dst = strconv.AppendUint(dst, uint64(ts.T), 10)
		dst = append(dst, `,"i":`...)
		dst = strconv.AppendUint(dst, uint64(ts.I), 10)
		return append(dst, "}}"...), nil
	case TypeInt64:
		return w.appendInt(dst, `{"$numberLong":"`, v.Int64()), nil
	case TypeDecimal128:
		dst = append(dst, `{"$numberDecimal":"`...)
		dst, _ = v.Decimal128().AppendText(dst)
		return append(dst, `"}`...), nil
	case TypeMinKey:
		return append(dst, `{"$minKey":1}`...), nil
	case TypeMaxKey:
		return append(dst, `{"$maxKey":1}`...), nil
	}
	return dst, decodeErr(0, "cannot write "+v.Type.String()+" as extended JSON")
}

// appendInt writes an int32 or int64: a bare number in relaxed mode, else
// the wrapper that open starts.
func (w extWriter) appendInt(dst []byte, open string, n int64) []byte {
	if !w.canonical {
		return strconv.AppendInt(dst, n, 10)
	}
	dst = append(dst, open...)
	dst = strconv.AppendInt(dst, n, 10)
	return append(dst, `"}`...)
}

func appendOIDWrapper(dst []byte, id ObjectID) []byte {
	dst = append(dst, `{"$oid":"`...)
	dst = hex.AppendEncode(dst, id[:])
	return append(dst, `"}`...)
}

// appendBinary writes {"$binary":{"base64":…,"subType":"hh"}}. For the old
// subtype 2 the payload is the data after its inner length, as on input.
func (w extWriter) appendBinary(dst []byte, v RawValue) ([]byte, error) {
	b, ok := v.BinaryOK()
	if !ok {
		return dst, decodeErr(0, "malformed binary value")
	}
	dst = append(dst, `{"$binary":{"base64":"`...)
	dst = base64.StdEncoding.AppendEncode(dst, b.Data)
	dst = append(dst, `","subType":"`...)
	dst = append(dst, hexDigits[b.Subtype>>4], hexDigits[b.Subtype&15])
	return append(dst, `"}}`...), nil
}

// appendStringWrapper writes JavaScript code as {"$code":…} and a symbol as
// {"$symbol":…}.
func (w extWriter) appendStringWrapper(dst []byte, v RawValue) ([]byte, error) {
	s, ok := v.StringBytes()
	if !ok {
		return dst, decodeErr(0, "malformed "+v.Type.String()+" value")
	}
	if v.Type == TypeSymbol {
		dst = append(dst, `{"$symbol":`...)
	} else {
		dst = append(dst, `{"$code":`...)
	}
	dst = appendJSONString(dst, s, w.escapeHTML)
	return append(dst, '}'), nil
}

// appendCodeWithScope writes {"$code":…,"$scope":{…}}.
func (w extWriter) appendCodeWithScope(dst []byte, v RawValue) ([]byte, error) {
	if len(v.Value) < 4 {
		return dst, decodeErr(0, "malformed code with scope value")
	}
	code, ok := stringBytes(v.Value[4:])
	if !ok {
		return dst, decodeErr(0, "malformed code with scope value")
	}
	dst = append(dst, `{"$code":`...)
	dst = appendJSONString(dst, code, w.escapeHTML)
	dst = append(dst, `,"$scope":`...)
	dst, err := w.appendDocument(dst, Raw(v.Value[4+4+len(code)+1:]), false)
	if err != nil {
		return dst, err
	}
	return append(dst, '}'), nil
}

// appendDBPointer writes {"$dbPointer":{"$ref":…,"$id":{"$oid":…}}}.
func (w extWriter) appendDBPointer(dst []byte, v RawValue) ([]byte, error) {
	ns, ok := stringBytes(v.Value)
	off := 4 + len(ns) + 1
	if !ok || len(v.Value) < off+12 {
		return dst, decodeErr(0, "malformed dbPointer value")
	}
	dst = append(dst, `{"$dbPointer":{"$ref":`...)
	dst = appendJSONString(dst, ns, w.escapeHTML)
	dst = append(dst, `,"$id":`...)
	dst = appendOIDWrapper(dst, ObjectID(v.Value[off:off+12]))
	return append(dst, "}}"...), nil
}

// appendRegex writes {"$regularExpression":{"pattern":…,"options":…}} with
// the options sorted, as the specification requires of generators.
func (w extWriter) appendRegex(dst []byte, v RawValue) ([]byte, error) {
	e1 := indexNUL(v.Value, 0)
	e2 := indexNUL(v.Value, e1+1)
	if e1 < 0 || e2 < 0 {
		return dst, decodeErr(0, "malformed regex value")
	}
	dst = append(dst, `{"$regularExpression":{"pattern":`...)
	dst = appendJSONString(dst, v.Value[:e1], w.escapeHTML)
	dst = append(dst, `,"options":`...)
	var buf [16]byte
	opts := append(buf[:0], v.Value[e1+1:e2]...)
	sortBytes(opts)
	dst = appendJSONString(dst, opts, w.escapeHTML)
	return append(dst, "}}"...), nil
}

// sortBytes sorts b in place; regex options are a handful of letters, so
// insertion sort is the simplest that does not allocate.
func sortBytes(b []byte) {
	for i := 1; i < len(b); i++ {
		for j := i; j > 0 && b[j] < b[j-1]; j-- {
			b[j], b[j-1] = b[j-1], b[j]
		}
	}
}
