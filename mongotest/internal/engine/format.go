package engine

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// The server quotes values in error messages in its shell-like notation:
// { a: 1, b: "x" }, [ 1, 2 ], ObjectId('...'). These helpers reproduce it.

// formatValue renders one value.
func formatValue(v bson.RawValue) string {
	var sb strings.Builder
	writeValue(&sb, v, 0)
	return sb.String()
}

// formatDoc renders a document with spaces inside the braces: { a: 1 }.
func formatDoc(d bson.Raw) string {
	return formatValue(valDoc(d))
}

// formatElem renders key and value wrapped in tight braces, the form the
// update system uses: {a: 1}.
func formatElem(key string, v bson.RawValue) string {
	return "{" + key + ": " + formatValue(v) + "}"
}

// formatIDOf renders the _id of doc in tight braces, or {} without one.
func formatIDOf(doc bson.Raw) string {
	id := doc.Lookup("_id")
	if id.Type == 0 {
		return "{}"
	}
	return formatElem("_id", id)
}

func writeValue(sb *strings.Builder, v bson.RawValue, depth int) {
	if depth > 100 {
		sb.WriteString("...")
		return
	}
	switch v.Type {
	case bson.TypeEmbeddedDoc, bson.TypeArray:
		writeContainer(sb, v, depth)
	case bson.TypeString, bson.TypeSymbol:
		s, _ := v.StringBytes()
		sb.WriteString(strconv.Quote(string(s)))
	case bson.TypeInt32:
		sb.WriteString(strconv.Itoa(int(v.Int32())))
	case bson.TypeInt64:
		sb.WriteString(strconv.FormatInt(v.Int64(), 10))
	case bson.TypeDouble:
		sb.WriteString(formatDouble(v.Double()))
	case bson.TypeDecimal128:
		sb.WriteString(`NumberDecimal("` + v.Decimal128().String() + `")`)
	default:
		writeScalar(sb, v)
	}
}

func writeScalar(sb *strings.Builder, v bson.RawValue) {
	switch v.Type {
	case 0:
		sb.WriteString("MISSING")
	case bson.TypeNull:
		sb.WriteString("null")
	case bson.TypeUndefined:
		sb.WriteString("undefined")
	case bson.TypeBoolean:
		sb.WriteString(strconv.FormatBool(v.Boolean()))
	case bson.TypeObjectID:
		sb.WriteString("ObjectId('" + v.ObjectID().Hex() + "')")
	case bson.TypeDateTime:
		sb.WriteString("new Date(" + strconv.FormatInt(int64(v.DateTime()), 10) + ")")
	case bson.TypeTimestamp:
		ts := v.Timestamp()
		sb.WriteString("Timestamp(" + strconv.FormatUint(uint64(ts.T), 10) + ", " + strconv.FormatUint(uint64(ts.I), 10) + ")")
	case bson.TypeRegex:
		sb.WriteString(v.Regex().String())
	case bson.TypeBinary:
		b := v.Binary()
		sb.WriteString("BinData(" + strconv.Itoa(int(b.Subtype)) + ", " + strings.ToUpper(hex.EncodeToString(b.Data)) + ")")
	case bson.TypeMinKey:
		sb.WriteString("MinKey")
	case bson.TypeMaxKey:
		sb.WriteString("MaxKey")
	case bson.TypeJavaScript:
		s, _ := v.JavaScriptOK()
		sb.WriteString(s)
	default:
		sb.WriteString(v.Type.String())
	}
}

func writeContainer(sb *strings.Builder, v bson.RawValue, depth int) {
	open, closing := "{", "}"
	if v.Type == bson.TypeArray {
		open, closing = "[", "]"
	}
	it := bson.Raw(v.Value).Iter()
	n := 0
	for it.Next() {
		if n == 0 {
			sb.WriteString(open + " ")
		} else {
			sb.WriteString(", ")
		}
		if v.Type == bson.TypeEmbeddedDoc {
			sb.Write(it.KeyBytes())
			sb.WriteString(": ")
		}
		writeValue(sb, it.Value(), depth+1)
		n++
	}
	if n == 0 {
		sb.WriteString(open + closing)
		return
	}
	sb.WriteString(" " + closing)
}

// formatDouble prints integral doubles with ".0", as the server does.
func formatDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan.0"
	case math.IsInf(f, 1):
		return "inf.0"
	case math.IsInf(f, -1):
		return "-inf.0"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}
