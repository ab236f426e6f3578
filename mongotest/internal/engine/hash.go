package engine

import (
	"encoding/binary"

	"github.com/cwal-go/cwal/bson"
)

// hashKey returns a string that two values share exactly when they compare
// equal under c: numbers of different types with the same value agree,
// strings are folded by the collation, documents and arrays recurse. It is
// how $group, $addToSet, distinct and the set operators find duplicates
// without pairwise comparison.
func hashKey(v bson.RawValue, c *Collation) string {
	return string(appendHashKey(nil, v, c))
}

func appendHashKey(dst []byte, v bson.RawValue, c *Collation) []byte {
	dst = append(dst, byte(canonicalRank(v.Type)+1))
	switch canonicalRank(v.Type) {
	case 10:
		return appendNumberKey(dst, v)
	case 15:
		s, _ := v.StringBytes()
		return appendLenPrefixed(dst, c.key(s))
	case 20, 25:
		it := bson.Raw(v.Value).Iter()
		for it.Next() {
			if v.Type == bson.TypeEmbeddedDoc {
				dst = appendLenPrefixed(dst, string(it.KeyBytes()))
			}
			dst = appendHashKey(dst, it.Value(), c)
		}
		return append(dst, 0xff)
	case 0, 5, -1, 127:
		return dst
	case 40:
		return append(dst, v.Value[0])
	}
	return appendLenPrefixed(dst, string(v.Value))
}

func appendLenPrefixed(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// appendNumberKey writes one canonical form per numeric value: integral
// values in int64 range as integers, infinities and NaN by name, anything
// else as its exact rational value, so 0.5 and NumberDecimal("0.50") agree.
func appendNumberKey(dst []byte, v bson.RawValue) []byte {
	if n, ok := numExactInt64(v); ok {
		dst = append(dst, 'i')
		return binary.LittleEndian.AppendUint64(dst, uint64(n))
	}
	switch numClass(v) {
	case 0:
		return append(dst, 'n')
	case 1:
		return append(dst, 'm')
	case 3:
		return append(dst, 'p')
	}
	return appendLenPrefixed(append(dst, 'r'), numRat(v).String())
}
