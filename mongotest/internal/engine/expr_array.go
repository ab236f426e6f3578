package engine

import (
	"math"

	"github.com/cwal-go/cwal/bson"
)

// Array expression operators.

func init() {
	registerOps(map[string]opParser{
		"$size":        fn1(exprSize),
		"$arrayElemAt": fn(2, 2, exprArrayElemAt),
		"$first":       fn1(firstLast(true)),
		"$last":        fn1(firstLast(false)),
		"$in":          fn(2, 2, exprIn),
		"$isArray": fn1(func(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) {
			return valBool(v.Type == bson.TypeArray), nil
		}),
		"$concatArrays":    fn(0, -1, exprConcatArrays),
		"$slice":           fn(2, 3, exprSlice),
		"$reverseArray":    fn1(exprReverse),
		"$indexOfArray":    fn(2, 4, exprIndexOfArray),
		"$range":           fn(2, 3, exprRange),
		"$allElementsTrue": fn1(allAny(true)),
		"$anyElementTrue":  fn1(allAny(false)),
		"$filter":          parseFilter,
		"$map":             parseMap,
		"$reduce":          parseReduce,
	})
}

func exprSize(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) {
	if v.Type != bson.TypeArray {
		return bson.RawValue{}, errorf(17124, "The argument to $size must be an array. Type of argument is %s", typeName(v.Type))
	}
	return valInt(int64(bson.RawArray(v.Value).Len())), nil
}

func exprArrayElemAt(_ *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	arr, idx := a[0], a[1]
	if isNullish(arr) || isNullish(idx) {
		return valNull, nil
	}
	if arr.Type != bson.TypeArray {
		return bson.RawValue{}, errorf(28689, "$arrayElemAt's first argument must be an array, but is %s", typeName(arr.Type))
	}
	if !isNumber(idx) {
		return bson.RawValue{}, errorf(28690, "$arrayElemAt's second argument must be a numeric value, but is %s", typeName(idx.Type))
	}
	i, ok := numExactInt64(idx)
	if !ok || i < math.MinInt32 || i > math.MaxInt32 {
		return bson.RawValue{}, errorf(28691, "$arrayElemAt's second argument must be representable as a 32-bit integer: %s", formatValue(idx))
	}
	return elemAt(arrayValues(arr), i), nil
}

// elemAt indexes vals, negative i counting from the end; out of range is missing.
func elemAt(vals []bson.RawValue, i int64) bson.RawValue {
	if i < 0 {
		i += int64(len(vals))
	}
	if i < 0 || i >= int64(len(vals)) {
		return bson.RawValue{}
	}
	return vals[i]
}

func firstLast(first bool) func(*evalCtx, string, bson.RawValue) (bson.RawValue, error) {
	return func(_ *evalCtx, name string, v bson.RawValue) (bson.RawValue, error) {
		if isNullish(v) {
			return valNull, nil
		}
		if v.Type != bson.TypeArray {
			return bson.RawValue{}, errorf(28689, "%s's argument must be an array, but is %s", name, typeName(v.Type))
		}
		vals := arrayValues(v)
		if first {
			return elemAt(vals, 0), nil
		}
		return elemAt(vals, -1), nil
	}
}

func exprIn(ec *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	if a[1].Type != bson.TypeArray {
		return bson.RawValue{}, errorf(40081, "$in requires an array as a second argument, found: %s", typeName(a[1].Type))
	}
	for _, v := range arrayValues(a[1]) {
		if Equal(a[0], v, ec.env.Collation) {
			return valTrue, nil
		}
	}
	return valFalse, nil
}

func exprConcatArrays(_ *evalCtx, _ string, args []bson.RawValue) (bson.RawValue, error) {
	var out []bson.RawValue
	for _, a := range args {
		if isNullish(a) {
			return valNull, nil
		}
		if a.Type != bson.TypeArray {
			return bson.RawValue{}, errorf(28664, "$concatArrays only supports arrays, not %s", typeName(a.Type))
		}
		out = append(out, arrayValues(a)...)
	}
	return valArray(out), nil
}

func exprSlice(_ *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	if anyNullish(a) {
		return valNull, nil
	}
	if a[0].Type != bson.TypeArray {
		return bson.RawValue{}, errorf(28724, "First argument to $slice must be an array, but is of type: %s", typeName(a[0].Type))
	}
	vals := arrayValues(a[0])
	n, ok := numExactInt64(a[len(a)-1])
	if !ok {
		return bson.RawValue{}, errorf(28725, "Second argument to $slice must be a numeric value, but is of type: %s", typeName(a[1].Type))
	}
	if len(a) == 2 {
		return valArray(sliceVals(vals, 0, n, true)), nil
	}
	pos, ok := numExactInt64(a[1])
	if !ok {
		return bson.RawValue{}, errorf(28725, "Second argument to $slice must be a numeric value, but is of type: %s", typeName(a[1].Type))
	}
	if n <= 0 {
		return bson.RawValue{}, errorf(28729, "Third argument to $slice must be positive: %s", formatValue(a[2]))
	}
	if pos < 0 {
		pos = max(int64(len(vals))+pos, 0)
	}
	return valArray(sliceVals(vals, pos, n, false)), nil
}

// sliceVals takes n values from pos; with fromEnd a negative n takes the
// last -n values.
func sliceVals(vals []bson.RawValue, pos, n int64, fromEnd bool) []bson.RawValue {
	l := int64(len(vals))
	if fromEnd && n < 0 {
		return vals[max(l+n, 0):]
	}
	if pos >= l {
		return nil
	}
	return vals[pos:min(pos+n, l)]
}

func exprReverse(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) {
	if isNullish(v) {
		return valNull, nil
	}
	if v.Type != bson.TypeArray {
		return bson.RawValue{}, errorf(34435, "The argument to $reverseArray must be an array, but was of type: %s", typeName(v.Type))
	}
	vals := arrayValues(v)
	for i, j := 0, len(vals)-1; i < j; i, j = i+1, j-1 {
		vals[i], vals[j] = vals[j], vals[i]
	}
	return valArray(vals), nil
}

func exprIndexOfArray(ec *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	if isNullish(a[0]) {
		return valNull, nil
	}
	if a[0].Type != bson.TypeArray {
		return bson.RawValue{}, errorf(40090, "$indexOfArray requires an array as a first argument, found: %s", typeName(a[0].Type))
	}
	vals := arrayValues(a[0])
	start, end := int64(0), int64(len(vals))
	for i, p := range []*int64{&start, &end} {
		if len(a) > i+2 {
			n, ok := numExactInt64(a[i+2])
			if !ok || n < 0 {
				return bson.RawValue{}, errorf(40097, "$indexOfArray requires an integral index, found a value of type: %s", typeName(a[i+2].Type))
			}
			*p = min(n, int64(len(vals)))
		}
	}
	for i := start; i < end; i++ {
		if Equal(vals[i], a[1], ec.env.Collation) {
			return valInt(i), nil
		}
	}
	return valInt32(-1), nil
}

func exprRange(_ *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	start, ok1 := numExactInt64(a[0])
	end, ok2 := numExactInt64(a[1])
	step := int64(1)
	ok3 := true
	if len(a) == 3 {
		step, ok3 = numExactInt64(a[2])
	}
	if !ok1 || !ok2 || !ok3 {
		return bson.RawValue{}, errorf(34443, "$range requires numeric arguments representable as 32-bit integers")
	}
	if step == 0 {
		return bson.RawValue{}, errorf(34449, "$range requires a non-zero step value")
	}
	var out []bson.RawValue
	for i := start; (step > 0 && i < end) || (step < 0 && i > end); i += step {
		out = append(out, valInt(i))
		if len(out) > 1<<20 {
			return bson.RawValue{}, errorf(5745400, "$range would use too much memory")
		}
	}
	return valArray(out), nil
}

func allAny(all bool) func(*evalCtx, string, bson.RawValue) (bson.RawValue, error) {
	return func(_ *evalCtx, name string, v bson.RawValue) (bson.RawValue, error) {
		if v.Type != bson.TypeArray {
			return bson.RawValue{}, errorf(17040, "%s's argument must be an array, but is %s", name, typeName(v.Type))
		}
		for _, e := range arrayValues(v) {
			if truthy(e) != all {
				return valBool(!all), nil
			}
		}
		return valBool(all), nil
	}
}
