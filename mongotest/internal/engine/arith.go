package engine

import (
	"math"
	"math/bits"

	"github.com/cwal-go/cwal/bson"
)

// Arithmetic with the server's type widening: the result has the widest
// operand type; int32 results that overflow become int64; int64 results
// that overflow become double in aggregation (strict=false) and fail in
// update operators (strict=true, ok=false).

type arithOp int

const (
	opAdd arithOp = iota
	opSub
	opMul
)

func numArith(op arithOp, a, b bson.RawValue, strict bool) (bson.RawValue, bool) {
	k := max(kindOf(a.Type), kindOf(b.Type))
	switch k {
	case kDecimal:
		return valDecimal(decArith(op, numDecimal(a), numDecimal(b))), true
	case kDouble:
		return valDouble(floatArith(op, numFloat(a), numFloat(b))), true
	}
	r, overflow := intArith(op, numInt64(a), numInt64(b))
	if overflow {
		if strict {
			return bson.RawValue{}, false
		}
		return valDouble(floatArith(op, numFloat(a), numFloat(b))), true
	}
	if k == kInt32 {
		return valInt(r), true
	}
	return valInt64(r), true
}

func floatArith(op arithOp, a, b float64) float64 {
	switch op {
	case opAdd:
		return a + b
	case opSub:
		return a - b
	}
	return a * b
}

func decArith(op arithOp, a, b bson.Decimal128) bson.Decimal128 {
	switch op {
	case opAdd:
		return decAdd(a, b)
	case opSub:
		return decAdd(a, decNeg(b))
	}
	return decMul(a, b)
}

// intArith reports overflow of int64 arithmetic.
func intArith(op arithOp, a, b int64) (int64, bool) {
	switch op {
	case opAdd:
		r := a + b
		return r, (a > 0 && b > 0 && r < 0) || (a < 0 && b < 0 && r >= 0)
	case opSub:
		r := a - b
		return r, (a >= 0 && b < 0 && r < 0) || (a < 0 && b > 0 && r >= 0)
	}
	if a == 0 || b == 0 {
		return 0, false
	}
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(absU(a), absU(b))
	if hi != 0 {
		return 0, true
	}
	if neg {
		if lo > 1<<63 {
			return 0, true
		}
		return int64(-lo), false //nolint:gosec // range checked above
	}
	if lo > math.MaxInt64 {
		return 0, true
	}
	return int64(lo), false
}

func absU(n int64) uint64 {
	if n < 0 {
		return uint64(-n)
	}
	return uint64(n)
}
