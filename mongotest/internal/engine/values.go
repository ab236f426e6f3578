package engine

import (
	"math"

	"github.com/cwal-go/cwal/bson"
)

// Values are bson.RawValue throughout: leaves of stored documents are views,
// computed ones own fresh bytes. The zero RawValue (Type 0) means "missing",
// which aggregation distinguishes from null.

var (
	valNull   = bson.RawValue{Type: bson.TypeNull, Value: []byte{}}
	valTrue   = bson.RawValue{Type: bson.TypeBoolean, Value: []byte{1}}
	valFalse  = bson.RawValue{Type: bson.TypeBoolean, Value: []byte{0}}
	emptyDoc  = bson.Raw{5, 0, 0, 0, 0}
	valEmptyA = bson.RawValue{Type: bson.TypeArray, Value: emptyDoc}
)

func valBool(b bool) bson.RawValue {
	if b {
		return valTrue
	}
	return valFalse
}

func valInt32(n int32) bson.RawValue {
	return bson.RawValue{Type: bson.TypeInt32, Value: bson.AppendInt32(nil, n)}
}

func valInt64(n int64) bson.RawValue {
	return bson.RawValue{Type: bson.TypeInt64, Value: bson.AppendInt64(nil, n)}
}

// valInt returns n as an int32 when it fits, else an int64, as the server
// narrows computed integers.
func valInt(n int64) bson.RawValue {
	if n >= math.MinInt32 && n <= math.MaxInt32 {
		return valInt32(int32(n))
	}
	return valInt64(n)
}

func valDouble(f float64) bson.RawValue {
	return bson.RawValue{Type: bson.TypeDouble, Value: bson.AppendDouble(nil, f)}
}

func valDecimal(d bson.Decimal128) bson.RawValue {
	return bson.RawValue{Type: bson.TypeDecimal128, Value: bson.AppendDecimal128(nil, d)}
}

func valString(s string) bson.RawValue {
	return bson.RawValue{Type: bson.TypeString, Value: bson.AppendString(nil, s)}
}

func valDate(ms int64) bson.RawValue {
	return bson.RawValue{Type: bson.TypeDateTime, Value: bson.AppendDateTime(nil, ms)}
}

func valTimestamp(ts bson.Timestamp) bson.RawValue {
	return bson.RawValue{Type: bson.TypeTimestamp, Value: bson.AppendTimestamp(nil, ts.T, ts.I)}
}

func valDoc(d bson.Raw) bson.RawValue { return bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: d} }

// valArray encodes vals as an array; missing values are skipped, as the
// server drops them when it builds arrays.
func valArray(vals []bson.RawValue) bson.RawValue {
	return bson.RawValue{Type: bson.TypeArray, Value: appendArray(nil, vals)}
}

func appendArray(dst []byte, vals []bson.RawValue) []byte {
	dst, start := bson.AppendDocumentStart(dst)
	i := 0
	for _, v := range vals {
		if v.Type == 0 {
			continue
		}
		dst = bson.AppendArrayHeader(dst, v.Type, i)
		dst = append(dst, v.Value...)
		i++
	}
	return bson.AppendDocumentEnd(dst, start)
}

// arrayValues returns the elements of an array value as views.
func arrayValues(v bson.RawValue) []bson.RawValue {
	out, _ := bson.RawArray(v.Value).Values()
	return out
}

func isNullish(v bson.RawValue) bool {
	return v.Type == 0 || v.Type == bson.TypeNull || v.Type == bson.TypeUndefined
}

func isDocOrArray(t bson.Type) bool { return t == bson.TypeEmbeddedDoc || t == bson.TypeArray }

// truthy is the aggregation notion of true: everything except false, null,
// undefined, missing and numeric zero.
func truthy(v bson.RawValue) bool {
	switch v.Type {
	case 0, bson.TypeNull, bson.TypeUndefined:
		return false
	case bson.TypeBoolean:
		return v.Boolean()
	case bson.TypeInt32, bson.TypeInt64, bson.TypeDouble, bson.TypeDecimal128:
		return !numIsZero(v)
	}
	return true
}

// typeAliases are the names $type and the server's messages use.
var typeAliases = map[string]bson.Type{
	"double": bson.TypeDouble, "string": bson.TypeString, "object": bson.TypeEmbeddedDoc,
	"array": bson.TypeArray, "binData": bson.TypeBinary, "undefined": bson.TypeUndefined,
	"objectId": bson.TypeObjectID, "bool": bson.TypeBoolean, "date": bson.TypeDateTime,
	"null": bson.TypeNull, "regex": bson.TypeRegex, "dbPointer": bson.TypeDBPointer,
	"javascript": bson.TypeJavaScript, "symbol": bson.TypeSymbol,
	"javascriptWithScope": bson.TypeCodeWithScope, "int": bson.TypeInt32,
	"timestamp": bson.TypeTimestamp, "long": bson.TypeInt64, "decimal": bson.TypeDecimal128,
	"minKey": bson.TypeMinKey, "maxKey": bson.TypeMaxKey,
}

var typeAliasByType = func() map[bson.Type]string {
	m := make(map[bson.Type]string, len(typeAliases))
	for k, v := range typeAliases {
		m[v] = k
	}
	return m
}()

// typeName returns the server's alias for t ("int", "objectId", ...), or
// "missing" for the missing value.
func typeName(t bson.Type) string {
	if t == 0 {
		return "missing"
	}
	if n, ok := typeAliasByType[t]; ok {
		return n
	}
	return t.String()
}
