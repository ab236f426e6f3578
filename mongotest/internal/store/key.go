package store

import (
	"encoding/binary"
	"math"
	"math/big"
	"strconv"

	"github.com/cwal-go/cwal/bson"
)

// Canonical key encoding for index entries: two values get the same bytes
// exactly when MongoDB's binary comparison finds them equal, so 1, 1.0 and
// NumberLong(1) collide in a unique index while "a" and "A" do not.
const (
	kNull   = 0x05 // null, undefined and missing share a key, as in mongod
	kNumber = 0x10
	kString = 0x20
	kDoc    = 0x30
	kArray  = 0x40
	kEnd    = 0x00
)

// AppendKey appends the canonical key of v.
func AppendKey(dst []byte, v bson.RawValue) []byte {
	switch v.Type {
	case 0, bson.TypeNull, bson.TypeUndefined:
		return append(dst, kNull)
	case bson.TypeInt32, bson.TypeInt64, bson.TypeDouble, bson.TypeDecimal128:
		return appendNumberKey(append(dst, kNumber), v)
	case bson.TypeString, bson.TypeSymbol:
		s, _ := v.StringBytes()
		dst = append(dst, kString)
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		return append(dst, s...)
	case bson.TypeEmbeddedDoc, bson.TypeArray:
		return appendNestedKey(dst, v)
	}
	dst = append(dst, 0x80, byte(v.Type))
	dst = binary.AppendUvarint(dst, uint64(len(v.Value)))
	return append(dst, v.Value...)
}

func appendNestedKey(dst []byte, v bson.RawValue) []byte {
	doc := v.Type == bson.TypeEmbeddedDoc
	if doc {
		dst = append(dst, kDoc)
	} else {
		dst = append(dst, kArray)
	}
	it := bson.Raw(v.Value).Iter()
	for it.Next() {
		dst = append(dst, 1)
		if doc {
			k := it.KeyBytes()
			dst = binary.AppendUvarint(dst, uint64(len(k)))
			dst = append(dst, k...)
		}
		dst = AppendKey(dst, it.Value())
	}
	return append(dst, kEnd)
}

// appendNumberKey writes integral values in int64 range as integers, other
// doubles by their bits and other decimals by their reduced digits, so
// equal values of different numeric types share a key except a fractional
// decimal and the double nearest to it, which MongoDB also treats as
// different values.
func appendNumberKey(dst []byte, v bson.RawValue) []byte {
	switch v.Type {
	case bson.TypeInt32:
		return appendIntKey(dst, int64(v.Int32()))
	case bson.TypeInt64:
		return appendIntKey(dst, v.Int64())
	case bson.TypeDouble:
		return appendFloatKey(dst, v.Double())
	}
	d := v.Decimal128()
	switch {
	case d.IsNaN():
		return append(dst, 'N')
	case d.IsInf() != 0:
		return appendFloatKey(dst, math.Inf(d.IsInf()))
	}
	bi, exp, err := d.BigInt()
	if err != nil {
		return append(append(dst, 'D'), d.String()...)
	}
	ten := big.NewInt(10)
	var q, r big.Int
	for exp < 0 && bi.Sign() != 0 {
		q.QuoRem(bi, ten, &r)
		if r.Sign() != 0 {
			break
		}
		bi.Set(&q)
		exp++
	}
	if bi.Sign() == 0 {
		return appendIntKey(dst, 0)
	}
	if exp >= 0 && exp < 40 {
		bi.Mul(bi, new(big.Int).Exp(ten, big.NewInt(int64(exp)), nil))
		if bi.IsInt64() {
			return appendIntKey(dst, bi.Int64())
		}
		exp = 0
	}
	dst = append(dst, 'D')
	dst = append(dst, bi.String()...)
	return strconv.AppendInt(append(dst, 'e'), int64(exp), 10)
}

func appendIntKey(dst []byte, n int64) []byte {
	return binary.BigEndian.AppendUint64(append(dst, 'i'), uint64(n))
}

func appendFloatKey(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, 'N')
	case f == math.Trunc(f) && f >= -(1<<63) && f < 1<<63:
		return appendIntKey(dst, int64(f)) // also folds -0 into 0
	}
	return binary.BigEndian.AppendUint64(append(dst, 'f'), math.Float64bits(f))
}
