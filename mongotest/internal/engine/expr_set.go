package engine

import (
	"sort"

	"github.com/cwal-go/cwal/bson"
)

// Set expression operators and $sortArray.

func init() {
	registerOps(map[string]opParser{
		"$setUnion":        fn(0, -1, exprSetUnion),
		"$setIntersection": fn(0, -1, exprSetIntersection),
		"$setDifference":   fn(2, 2, exprSetDifference),
		"$setEquals":       fn(2, -1, exprSetEquals),
		"$setIsSubset":     fn(2, 2, exprSetIsSubset),
		"$sortArray":       parseSortArray,
	})
}

// setOf dedups vals under the collation, keeping first occurrences.
func setOf(vals []bson.RawValue, c *Collation) []bson.RawValue {
	seen := map[string]bool{}
	var out []bson.RawValue
	for _, v := range vals {
		k := hashKey(v, c)
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

func setArgs(name string, args []bson.RawValue) ([][]bson.RawValue, bool, error) {
	out := make([][]bson.RawValue, len(args))
	for i, a := range args {
		if isNullish(a) {
			return nil, true, nil
		}
		if a.Type != bson.TypeArray {
			return nil, false, errorf(17044, "All operands of %s must be arrays. One argument is of type: %s", name, typeName(a.Type))
		}
		out[i] = arrayValues(a)
	}
	return out, false, nil
}

func exprSetUnion(ec *evalCtx, name string, args []bson.RawValue) (bson.RawValue, error) {
	sets, null, err := setArgs(name, args)
	if err != nil || null {
		return valNull, err
	}
	var all []bson.RawValue
	for _, s := range sets {
		all = append(all, s...)
	}
	return valArray(setOf(all, ec.env.Collation)), nil
}

func exprSetIntersection(ec *evalCtx, name string, args []bson.RawValue) (bson.RawValue, error) {
	sets, null, err := setArgs(name, args)
	if err != nil || null {
		return valNull, err
	}
	if len(sets) == 0 {
		return valEmptyA, nil
	}
	cur := setOf(sets[0], ec.env.Collation)
	for _, s := range sets[1:] {
		keys := keySet(s, ec.env.Collation)
		var next []bson.RawValue
		for _, v := range cur {
			if keys[hashKey(v, ec.env.Collation)] {
				next = append(next, v)
			}
		}
		cur = next
	}
	return valArray(cur), nil
}

func keySet(vals []bson.RawValue, c *Collation) map[string]bool {
	m := make(map[string]bool, len(vals))
	for _, v := range vals {
		m[hashKey(v, c)] = true
	}
	return m
}

func exprSetDifference(ec *evalCtx, name string, args []bson.RawValue) (bson.RawValue, error) {
	sets, null, err := setArgs(name, args)
	if err != nil || null {
		return valNull, err
	}
	drop := keySet(sets[1], ec.env.Collation)
	var out []bson.RawValue
	for _, v := range setOf(sets[0], ec.env.Collation) {
		if !drop[hashKey(v, ec.env.Collation)] {
			out = append(out, v)
		}
	}
	return valArray(out), nil
}

func exprSetEquals(ec *evalCtx, name string, args []bson.RawValue) (bson.RawValue, error) {
	sets, _, err := setArgs(name, args)
	if err != nil {
		return bson.RawValue{}, err
	}
	if sets == nil {
		return bson.RawValue{}, errorf(17044, "All operands of %s must be arrays. One argument is of type: null", name)
	}
	first := keySet(sets[0], ec.env.Collation)
	for _, s := range sets[1:] {
		k := keySet(s, ec.env.Collation)
		if len(k) != len(first) {
			return valFalse, nil
		}
		for key := range k {
			if !first[key] {
				return valFalse, nil
			}
		}
	}
	return valTrue, nil
}

func exprSetIsSubset(ec *evalCtx, name string, args []bson.RawValue) (bson.RawValue, error) {
	sets, _, err := setArgs(name, args)
	if err != nil {
		return bson.RawValue{}, err
	}
	if sets == nil {
		return bson.RawValue{}, errorf(17310, "both operands of $setIsSubset must be arrays")
	}
	super := keySet(sets[1], ec.env.Collation)
	for _, v := range sets[0] {
		if !super[hashKey(v, ec.env.Collation)] {
			return valFalse, nil
		}
	}
	return valTrue, nil
}

type sortArrayExpr struct {
	input expr
	spec  *SortSpec
	dir   int // for a numeric sortBy
}

func parseSortArray(c *compiler, name string, arg bson.RawValue) (expr, error) {
	spec, ok := arg.DocumentOK()
	if !ok {
		return nil, errorf(2942500, "$sortArray requires an object as an argument, found: %s", typeName(arg.Type))
	}
	in, by := spec.Lookup("input"), spec.Lookup("sortBy")
	if in.Type == 0 || by.Type == 0 {
		return nil, errorf(2942501, "$sortArray requires 'input' and 'sortBy' to be specified")
	}
	x := sortArrayExpr{}
	var err error
	if x.input, err = c.parse(in); err != nil {
		return nil, err
	}
	if by.Type == bson.TypeEmbeddedDoc {
		x.spec, err = ParseSort(bson.Raw(by.Value))
		return x, err
	}
	n, ok := numExactInt64(by)
	if !ok || (n != 1 && n != -1) {
		return nil, errorf(2942505, "$sortArray requires sortBy to be 1, -1 or an object")
	}
	x.dir = int(n)
	return x, nil
}

func (x sortArrayExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	v, err := x.input.eval(ec)
	if err != nil || isNullish(v) {
		return valNull, err
	}
	if v.Type != bson.TypeArray {
		return bson.RawValue{}, errorf(2942504, "The input argument to $sortArray must be an array, but was of type: %s", typeName(v.Type))
	}
	vals := arrayValues(v)
	coll := ec.env.Collation
	sort.SliceStable(vals, func(i, j int) bool {
		if x.spec != nil {
			return x.spec.compareValues(vals[i], vals[j], coll) < 0
		}
		return Compare(vals[i], vals[j], coll)*x.dir < 0
	})
	return valArray(vals), nil
}
