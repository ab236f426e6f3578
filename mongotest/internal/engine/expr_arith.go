package engine

import (
	"math"

	"github.com/cwal-go/cwal/bson"
)

// Arithmetic expression operators. A null or missing operand makes the
// result null.

func init() {
	registerOps(map[string]opParser{
		"$add":      fn(0, -1, exprAdd),
		"$subtract": fn(2, 2, exprSubtract),
		"$multiply": fn(0, -1, exprMultiply),
		"$divide":   fn(2, 2, exprDivide),
		"$mod":      fn(2, 2, exprMod),
		"$abs":      fn1(exprAbs),
		"$ceil":     fn1(roundingOp(math.Ceil)),
		"$floor":    fn1(roundingOp(math.Floor)),
		"$sqrt":     fn1(floatOp(math.Sqrt)),
		"$exp":      fn1(floatOp(math.Exp)),
		"$ln":       fn1(floatOp(math.Log)),
		"$log10":    fn1(floatOp(math.Log10)),
		"$pow":      fn(2, 2, exprPow),
		"$trunc":    fn(1, 2, placeOp(math.Trunc)),
		"$round":    fn(1, 2, placeOp(roundHalfEven)),
	})
}

func anyNullish(args []bson.RawValue) bool {
	for _, a := range args {
		if isNullish(a) {
			return true
		}
	}
	return false
}

func exprAdd(_ *evalCtx, _ string, args []bson.RawValue) (bson.RawValue, error) {
	sum := valInt32(0)
	var date *int64
	for _, a := range args {
		switch {
		case isNullish(a):
			return valNull, nil
		case a.Type == bson.TypeDateTime:
			if date != nil {
				return bson.RawValue{}, errorf(16612, "only one date allowed in an $add expression")
			}
			ms := int64(a.DateTime())
			date = &ms
		case isNumber(a):
			sum, _ = numArith(opAdd, sum, a, false)
		default:
			return bson.RawValue{}, errorf(16554, "$add only supports numeric or date types, not %s", typeName(a.Type))
		}
	}
	if date != nil {
		return valDate(*date + int64(math.Round(numFloat(sum)))), nil
	}
	return sum, nil
}

func exprSubtract(_ *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	l, r := a[0], a[1]
	switch {
	case isNullish(l) || isNullish(r):
		return valNull, nil
	case isNumber(l) && isNumber(r):
		v, _ := numArith(opSub, l, r, false)
		return v, nil
	case l.Type == bson.TypeDateTime && r.Type == bson.TypeDateTime:
		return valInt64(int64(l.DateTime()) - int64(r.DateTime())), nil
	case l.Type == bson.TypeDateTime && isNumber(r):
		return valDate(int64(l.DateTime()) - int64(math.Round(numFloat(r)))), nil
	}
	return bson.RawValue{}, errorf(16556, "cant $subtract %s from %s", aType(r.Type), aType(l.Type))
}

// aType words a type name with its article, as "$subtract" errors do.
func aType(t bson.Type) string { return "a " + typeName(t) }

func exprMultiply(_ *evalCtx, _ string, args []bson.RawValue) (bson.RawValue, error) {
	prod := valInt32(1)
	for _, a := range args {
		switch {
		case isNullish(a):
			return valNull, nil
		case isNumber(a):
			prod, _ = numArith(opMul, prod, a, false)
		default:
			return bson.RawValue{}, errorf(16555, "$multiply only supports numeric types, not %s", typeName(a.Type))
		}
	}
	return prod, nil
}

func exprDivide(_ *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	l, r := a[0], a[1]
	if isNullish(l) || isNullish(r) {
		return valNull, nil
	}
	if !isNumber(l) || !isNumber(r) {
		return bson.RawValue{}, errorf(16609, "$divide only supports numeric types, not %s and %s", typeName(l.Type), typeName(r.Type))
	}
	if numIsZero(r) {
		return bson.RawValue{}, errorf(16608, "can't $divide by zero")
	}
	if l.Type == bson.TypeDecimal128 || r.Type == bson.TypeDecimal128 {
		return valDecimal(decQuo(numDecimal(l), numDecimal(r))), nil
	}
	return valDouble(numFloat(l) / numFloat(r)), nil
}

func exprMod(_ *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	l, r := a[0], a[1]
	if isNullish(l) || isNullish(r) {
		return valNull, nil
	}
	if !isNumber(l) || !isNumber(r) {
		return bson.RawValue{}, errorf(16611, "$mod only supports numeric types, not %s and %s", typeName(l.Type), typeName(r.Type))
	}
	if numIsZero(r) {
		return bson.RawValue{}, errorf(16610, "can't $mod by zero")
	}
	switch max(kindOf(l.Type), kindOf(r.Type)) {
	case kDecimal:
		return valDecimal(decMod(numDecimal(l), numDecimal(r))), nil
	case kDouble:
		return valDouble(math.Mod(numFloat(l), numFloat(r))), nil
	case kInt64:
		return valInt64(safeMod(numInt64(l), numInt64(r))), nil
	}
	return valInt32(int32(safeMod(numInt64(l), numInt64(r)))), nil
}

// safeMod avoids the overflow of MinInt64 % -1.
func safeMod(a, b int64) int64 {
	if b == -1 {
		return 0
	}
	return a % b
}

func decMod(a, b bson.Decimal128) bson.Decimal128 {
	ra, oka := decRat(a)
	rb, okb := decRat(b)
	if !oka || !okb {
		return decNaN
	}
	q := new(bigRat).Quo(ra, rb)
	t := new(bigInt).Quo(q.Num(), q.Denom()) // truncates toward zero
	rem := new(bigRat).Sub(ra, new(bigRat).Mul(rb, new(bigRat).SetInt(t)))
	_, ea, _ := decParts(a)
	_, eb, _ := decParts(b)
	return decFromRat(rem, min(ea, eb))
}

func exprAbs(_ *evalCtx, name string, v bson.RawValue) (bson.RawValue, error) {
	switch {
	case isNullish(v):
		return valNull, nil
	case v.Type == bson.TypeInt32 || v.Type == bson.TypeInt64:
		n := numInt64(v)
		if n == math.MinInt64 {
			return bson.RawValue{}, errorf(28680, "can't take %s of long long min", name)
		}
		if n < 0 {
			n = -n
		}
		if v.Type == bson.TypeInt32 {
			return valInt(n), nil
		}
		return valInt64(n), nil
	case v.Type == bson.TypeDouble:
		return valDouble(math.Abs(v.Double())), nil
	case v.Type == bson.TypeDecimal128:
		d := v.Decimal128()
		if decSign(d) < 0 {
			d = decNeg(d)
		}
		return valDecimal(d), nil
	}
	return bson.RawValue{}, errorf(28765, "%s only supports numeric types, not %s", name, typeName(v.Type))
}

// roundingOp implements $ceil and $floor: integers pass through.
func roundingOp(f func(float64) float64) func(*evalCtx, string, bson.RawValue) (bson.RawValue, error) {
	return func(_ *evalCtx, name string, v bson.RawValue) (bson.RawValue, error) {
		switch {
		case isNullish(v):
			return valNull, nil
		case v.Type == bson.TypeInt32 || v.Type == bson.TypeInt64:
			return v, nil
		case v.Type == bson.TypeDouble:
			return valDouble(f(v.Double())), nil
		case v.Type == bson.TypeDecimal128:
			return valDecimal(decFromFloat(f(numFloat(v)))), nil
		}
		return bson.RawValue{}, errorf(28765, "%s only supports numeric types, not %s", name, typeName(v.Type))
	}
}

// floatOp implements the operators whose result is always a double.
func floatOp(f func(float64) float64) func(*evalCtx, string, bson.RawValue) (bson.RawValue, error) {
	return func(_ *evalCtx, name string, v bson.RawValue) (bson.RawValue, error) {
		switch {
		case isNullish(v):
			return valNull, nil
		case isNumber(v):
			r := f(numFloat(v))
			if v.Type == bson.TypeDecimal128 {
				return valDecimal(decFromFloat(r)), nil
			}
			return valDouble(r), nil
		}
		return bson.RawValue{}, errorf(28765, "%s only supports numeric types, not %s", name, typeName(v.Type))
	}
}

func exprPow(_ *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	b, e := a[0], a[1]
	if isNullish(b) || isNullish(e) {
		return valNull, nil
	}
	if !isNumber(b) || !isNumber(e) {
		return bson.RawValue{}, errorf(28762, "$pow's base must be numeric, not %s", typeName(b.Type))
	}
	if numIsZero(b) && compareNumbers(e, valInt32(0)) < 0 {
		return bson.RawValue{}, errorf(28764, "$pow cannot take a base of 0 and a negative exponent")
	}
	r := math.Pow(numFloat(b), numFloat(e))
	k := max(kindOf(b.Type), kindOf(e.Type))
	switch {
	case k == kDecimal:
		return valDecimal(decFromFloat(r)), nil
	case k <= kInt64 && compareNumbers(e, valInt32(0)) >= 0 && math.Abs(r) < 9e15:
		if k == kInt32 {
			return valInt(int64(r)), nil
		}
		return valInt64(int64(r)), nil
	}
	return valDouble(r), nil
}

// placeOp implements $trunc and $round with an optional number of places.
func placeOp(f func(float64) float64) func(*evalCtx, string, []bson.RawValue) (bson.RawValue, error) {
	return func(_ *evalCtx, name string, a []bson.RawValue) (bson.RawValue, error) {
		v := a[0]
		places := int64(0)
		if len(a) == 2 {
			if isNullish(a[1]) {
				return valNull, nil
			}
			p, ok := numExactInt64(a[1])
			if !ok || p < -20 || p > 100 {
				return bson.RawValue{}, errorf(51155, "%s requires \"place\" argument to be an integer between -20 and 100, but got %s", name, formatValue(a[1]))
			}
			places = p
		}
		switch {
		case isNullish(v):
			return valNull, nil
		case !isNumber(v):
			return bson.RawValue{}, errorf(51081, "%s only supports numeric types, not %s", name, typeName(v.Type))
		case (v.Type == bson.TypeInt32 || v.Type == bson.TypeInt64) && places >= 0:
			return v, nil
		}
		scale := math.Pow(10, float64(places))
		r := f(numFloat(v)*scale) / scale
		switch v.Type {
		case bson.TypeDecimal128:
			return valDecimal(decFromFloat(r)), nil
		case bson.TypeInt32:
			return valInt(int64(r)), nil
		case bson.TypeInt64:
			return valInt64(int64(r)), nil
		}
		return valDouble(r), nil
	}
}

func roundHalfEven(f float64) float64 { return math.RoundToEven(f) }
