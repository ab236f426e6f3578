package engine

import (
	"bytes"

	"github.com/cwal-go/cwal/bson"
)

// canonicalRank is the server's cross-type sort order. Missing sorts with
// undefined, below null.
func canonicalRank(t bson.Type) int {
	switch t {
	case bson.TypeMinKey:
		return -1
	case 0, bson.TypeUndefined:
		return 0
	case bson.TypeNull:
		return 5
	case bson.TypeDouble, bson.TypeInt32, bson.TypeInt64, bson.TypeDecimal128:
		return 10
	case bson.TypeString, bson.TypeSymbol:
		return 15
	case bson.TypeEmbeddedDoc:
		return 20
	case bson.TypeArray:
		return 25
	case bson.TypeBinary:
		return 30
	case bson.TypeObjectID:
		return 35
	case bson.TypeBoolean:
		return 40
	case bson.TypeDateTime:
		return 45
	case bson.TypeTimestamp:
		return 47
	case bson.TypeRegex:
		return 50
	case bson.TypeDBPointer:
		return 55
	case bson.TypeJavaScript:
		return 60
	case bson.TypeCodeWithScope:
		return 65
	}
	return 127 // MaxKey
}

// Compare orders two values as the server does (sort, $lt, $max, index
// order): first by canonical type, then by value; numbers compare exactly
// across int32, int64, double and decimal128; strings compare with c, or
// bytewise when c is nil; documents and arrays compare element by element,
// field names included. It returns -1, 0 or +1.
func Compare(a, b bson.RawValue, c *Collation) int {
	ra, rb := canonicalRank(a.Type), canonicalRank(b.Type)
	if ra != rb {
		return cmpInt(int64(ra), int64(rb))
	}
	switch ra {
	case 10:
		return compareNumbers(a, b)
	case 15:
		sa, _ := a.StringBytes()
		sb, _ := b.StringBytes()
		return c.compare(sa, sb)
	case 20, 25:
		return compareDocs(bson.Raw(a.Value), bson.Raw(b.Value), c)
	case 30:
		return compareBinary(a, b)
	case 35:
		return bytes.Compare(a.Value, b.Value)
	case 40:
		return cmpInt(int64(a.Value[0]), int64(b.Value[0]))
	case 45:
		return cmpInt(int64(a.DateTime()), int64(b.DateTime()))
	case 47:
		return a.Timestamp().Compare(b.Timestamp())
	}
	return compareRare(ra, a, b)
}

func compareRare(rank int, a, b bson.RawValue) int {
	switch rank {
	case 50:
		ra, rb := a.Regex(), b.Regex()
		if x := cmpStr(ra.Pattern, rb.Pattern); x != 0 {
			return x
		}
		return cmpStr(ra.Options, rb.Options)
	case 55:
		if x := cmpInt(int64(len(a.Value)), int64(len(b.Value))); x != 0 {
			return x
		}
		return bytes.Compare(a.Value, b.Value)
	case 60:
		sa, _ := a.StringBytes()
		sb, _ := b.StringBytes()
		return bytes.Compare(sa, sb)
	case 65:
		ca, sa, _ := a.CodeWithScopeOK()
		cb, sb, _ := b.CodeWithScopeOK()
		if x := cmpStr(ca, cb); x != 0 {
			return x
		}
		return compareDocs(sa, sb, nil)
	}
	return 0 // null, undefined, missing, MinKey, MaxKey
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compareBinary(a, b bson.RawValue) int {
	ba, bb := a.Binary(), b.Binary()
	if x := cmpInt(int64(len(ba.Data)), int64(len(bb.Data))); x != 0 {
		return x
	}
	if x := cmpInt(int64(ba.Subtype), int64(bb.Subtype)); x != 0 {
		return x
	}
	return bytes.Compare(ba.Data, bb.Data)
}

// compareDocs compares element by element: canonical type, then field name,
// then value; a document that runs out first is smaller.
func compareDocs(a, b bson.Raw, c *Collation) int {
	ia, ib := a.Iter(), b.Iter()
	for {
		na, nb := ia.Next(), ib.Next()
		switch {
		case !na && !nb:
			return 0
		case !na:
			return -1
		case !nb:
			return 1
		}
		va, vb := ia.Value(), ib.Value()
		if x := cmpInt(int64(canonicalRank(va.Type)), int64(canonicalRank(vb.Type))); x != 0 {
			return x
		}
		if x := bytes.Compare(ia.KeyBytes(), ib.KeyBytes()); x != 0 {
			return x
		}
		if x := Compare(va, vb, c); x != 0 {
			return x
		}
	}
}

// Equal reports whether Compare(a, b, c) == 0.
func Equal(a, b bson.RawValue, c *Collation) bool {
	if a.Type == b.Type && c == nil && bytes.Equal(a.Value, b.Value) {
		return true
	}
	return Compare(a, b, c) == 0
}
