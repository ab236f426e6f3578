package store

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// AppendFormat appends v the way mongod prints values in messages such as
// "dup key: { _id: ObjectId('…') }".
func AppendFormat(dst []byte, v bson.RawValue) []byte {
	switch v.Type {
	case bson.TypeString, bson.TypeSymbol:
		return strconv.AppendQuote(dst, v.StringValue())
	case bson.TypeInt32:
		return strconv.AppendInt(dst, int64(v.Int32()), 10)
	case bson.TypeInt64:
		return strconv.AppendInt(dst, v.Int64(), 10)
	case bson.TypeDouble:
		return appendDouble(dst, v.Double())
	case bson.TypeDecimal128:
		return append(append(append(dst, `NumberDecimal("`...), v.Decimal128().String()...), `")`...)
	case bson.TypeObjectID:
		return append(append(append(dst, "ObjectId('"...), v.ObjectID().Hex()...), "')"...)
	case bson.TypeBoolean:
		return strconv.AppendBool(dst, v.Boolean())
	case bson.TypeNull:
		return append(dst, "null"...)
	case bson.TypeUndefined:
		return append(dst, "undefined"...)
	case bson.TypeDateTime:
		return append(strconv.AppendInt(append(dst, "new Date("...), int64(v.DateTime()), 10), ')')
	case bson.TypeEmbeddedDoc:
		return AppendFormatDoc(dst, bson.Raw(v.Value))
	case bson.TypeArray:
		return appendFormatArray(dst, bson.Raw(v.Value))
	case bson.TypeBinary:
		b := v.Binary()
		dst = strconv.AppendInt(append(dst, "BinData("...), int64(b.Subtype), 10)
		return append(append(append(dst, ", "...), strings.ToUpper(hex.EncodeToString(b.Data))...), ')')
	case bson.TypeTimestamp:
		t := v.Timestamp()
		dst = strconv.AppendUint(append(dst, "Timestamp("...), uint64(t.T), 10)
		return append(strconv.AppendUint(append(dst, ", "...), uint64(t.I), 10), ')')
	case bson.TypeRegex:
		r := v.Regex()
		return append(append(append(append(dst, '/'), r.Pattern...), '/'), r.Options...)
	case bson.TypeMinKey:
		return append(dst, "MinKey"...)
	case bson.TypeMaxKey:
		return append(dst, "MaxKey"...)
	}
	return append(dst, v.String()...)
}

func appendDouble(dst []byte, f float64) []byte {
	if f == float64(int64(f)) && f < 1e15 && f > -1e15 {
		return strconv.AppendInt(dst, int64(f), 10)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

// AppendFormatDoc appends a document as mongod prints it: "{ a: 1, b: "x" }",
// and "{}" when empty.
func AppendFormatDoc(dst []byte, doc bson.Raw) []byte {
	it := doc.Iter()
	first := true
	for it.Next() {
		if first {
			dst = append(dst, "{ "...)
		} else {
			dst = append(dst, ", "...)
		}
		first = false
		dst = append(append(dst, it.KeyBytes()...), ": "...)
		dst = AppendFormat(dst, it.Value())
	}
	if first {
		return append(dst, "{}"...)
	}
	return append(dst, " }"...)
}

func appendFormatArray(dst []byte, arr bson.Raw) []byte {
	it := arr.Iter()
	first := true
	for it.Next() {
		if first {
			dst = append(dst, "[ "...)
		} else {
			dst = append(dst, ", "...)
		}
		first = false
		dst = AppendFormat(dst, it.Value())
	}
	if first {
		return append(dst, "[]"...)
	}
	return append(dst, " ]"...)
}
