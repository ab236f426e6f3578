package engine

import (
	"math"
	"math/big"

	"github.com/cwal-go/cwal/bson"
)

// numKind orders the numeric types by how arithmetic widens them.
type numKind int

const (
	kNone numKind = iota
	kInt32
	kInt64
	kDouble
	kDecimal
)

func kindOf(t bson.Type) numKind {
	switch t {
	case bson.TypeInt32:
		return kInt32
	case bson.TypeInt64:
		return kInt64
	case bson.TypeDouble:
		return kDouble
	case bson.TypeDecimal128:
		return kDecimal
	}
	return kNone
}

func isNumber(v bson.RawValue) bool { return kindOf(v.Type) != kNone }

// numInt64 returns an int32 or int64 value.
func numInt64(v bson.RawValue) int64 {
	if v.Type == bson.TypeInt32 {
		return int64(v.Int32())
	}
	return v.Int64()
}

// numFloat converts any number to float64.
func numFloat(v bson.RawValue) float64 {
	switch v.Type {
	case bson.TypeInt32:
		return float64(v.Int32())
	case bson.TypeInt64:
		return float64(v.Int64())
	case bson.TypeDouble:
		return v.Double()
	case bson.TypeDecimal128:
		return decToFloat(v.Decimal128())
	}
	return math.NaN()
}

// numDecimal converts any number to Decimal128.
func numDecimal(v bson.RawValue) bson.Decimal128 {
	switch v.Type {
	case bson.TypeInt32, bson.TypeInt64:
		return decFromInt(numInt64(v))
	case bson.TypeDouble:
		return decFromFloat(v.Double())
	}
	return v.Decimal128()
}

// numExactInt64 returns a number's value when it is integral and fits in an
// int64 exactly.
func numExactInt64(v bson.RawValue) (int64, bool) {
	switch v.Type {
	case bson.TypeInt32, bson.TypeInt64:
		return numInt64(v), true
	case bson.TypeDouble:
		f := v.Double()
		if f != math.Trunc(f) || f < -9.223372036854775808e18 || f >= 9.223372036854775808e18 {
			return 0, false
		}
		return int64(f), true
	case bson.TypeDecimal128:
		return decInt64(v.Decimal128())
	}
	return 0, false
}

func numIsZero(v bson.RawValue) bool {
	switch v.Type {
	case bson.TypeInt32, bson.TypeInt64:
		return numInt64(v) == 0
	case bson.TypeDouble:
		return v.Double() == 0
	case bson.TypeDecimal128:
		d := v.Decimal128()
		return !d.IsNaN() && d.IsInf() == 0 && decSign(d) == 0
	}
	return false
}

func numIsNaN(v bson.RawValue) bool {
	switch v.Type {
	case bson.TypeDouble:
		return math.IsNaN(v.Double())
	case bson.TypeDecimal128:
		return v.Decimal128().IsNaN()
	}
	return false
}

// compareNumbers orders two numbers of any numeric types exactly; NaN is
// equal to NaN and below every other number.
func compareNumbers(a, b bson.RawValue) int {
	ka, kb := kindOf(a.Type), kindOf(b.Type)
	switch {
	case ka <= kInt64 && kb <= kInt64:
		return cmpInt(numInt64(a), numInt64(b))
	case ka == kDecimal || kb == kDecimal:
		return compareViaRat(a, b)
	case ka == kDouble && kb == kDouble:
		return cmpFloat(a.Double(), b.Double())
	case ka == kDouble:
		return -cmpIntFloat(numInt64(b), a.Double())
	}
	return cmpIntFloat(numInt64(a), b.Double())
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return -1
	}
	return 1
}

// cmpIntFloat compares an integer with a double without losing precision.
func cmpIntFloat(i int64, f float64) int {
	switch {
	case math.IsNaN(f):
		return 1
	case f >= 9.223372036854775808e18:
		return -1
	case f < -9.223372036854775808e18:
		return 1
	}
	t := math.Trunc(f)
	if c := cmpInt(i, int64(t)); c != 0 {
		return c
	}
	return cmpFloat(0, f-t)
}

// numClass places NaN, -Inf, finite and +Inf in order for compareViaRat.
func numClass(v bson.RawValue) int {
	switch v.Type {
	case bson.TypeDouble:
		f := v.Double()
		switch {
		case math.IsNaN(f):
			return 0
		case math.IsInf(f, -1):
			return 1
		case math.IsInf(f, 1):
			return 3
		}
	case bson.TypeDecimal128:
		d := v.Decimal128()
		switch {
		case d.IsNaN():
			return 0
		case d.IsInf() < 0:
			return 1
		case d.IsInf() > 0:
			return 3
		}
	}
	return 2
}

func compareViaRat(a, b bson.RawValue) int {
	ca, cb := numClass(a), numClass(b)
	if ca != 2 || cb != 2 {
		return cmpInt(int64(ca), int64(cb))
	}
	return numRat(a).Cmp(numRat(b))
}

// numRat returns a finite number as an exact rational.
func numRat(v bson.RawValue) *big.Rat {
	switch v.Type {
	case bson.TypeDouble:
		if r := new(big.Rat).SetFloat64(v.Double()); r != nil {
			return r
		}
		return new(big.Rat)
	case bson.TypeDecimal128:
		r, ok := decRat(v.Decimal128())
		if ok {
			return r
		}
		return new(big.Rat)
	}
	return new(big.Rat).SetInt64(numInt64(v))
}
