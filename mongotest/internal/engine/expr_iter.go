package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// $map, $filter and $reduce: operators that bind a variable per element.

type mapExpr struct {
	input, in expr
	slot      int
}

func parseMap(c *compiler, name string, arg bson.RawValue) (expr, error) {
	spec, ok := arg.DocumentOK()
	if !ok {
		return nil, errorf(16878, "$map only supports an object as its argument")
	}
	if err := checkKeys(spec, 16879, "$map", "input", "as", "in"); err != nil {
		return nil, err
	}
	input, err := requiredArg(c, spec, "input", 16880, "Missing 'input' parameter to $map")
	if err != nil {
		return nil, err
	}
	as, err := asName(spec, "this")
	if err != nil {
		return nil, err
	}
	if spec.Lookup("in").Type == 0 {
		return nil, errorf(16882, "Missing 'in' parameter to $map")
	}
	slot := c.bind(as)
	in, err := c.parse(spec.Lookup("in"))
	c.unbind(1)
	if err != nil {
		return nil, err
	}
	return mapExpr{input: input, in: in, slot: slot}, nil
}

func requiredArg(c *compiler, spec bson.Raw, key string, code int32, msg string) (expr, error) {
	v := spec.Lookup(key)
	if v.Type == 0 {
		return nil, errorf(code, "%s", msg)
	}
	return c.parse(v)
}

// asName reads the optional variable name of $map and $filter.
func asName(spec bson.Raw, def string) (string, error) {
	v := spec.Lookup("as")
	if v.Type == 0 {
		return def, nil
	}
	s, ok := v.StringValueOK()
	if !ok {
		return "", failedToParse("'as' must be a string")
	}
	return s, validateVarName(s)
}

func (x mapExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	in, err := x.input.eval(ec)
	if err != nil || isNullish(in) {
		return valNull, err
	}
	if in.Type != bson.TypeArray {
		return bson.RawValue{}, errorf(16883, "input to $map must be an array not %s", typeName(in.Type))
	}
	vals := arrayValues(in)
	out := make([]bson.RawValue, len(vals))
	for i, v := range vals {
		ec.vars[x.slot] = v
		r, err := x.in.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		if r.Type == 0 {
			r = valNull
		}
		out[i] = r
	}
	return valArray(out), nil
}

type filterExpr struct {
	input, cond, limit expr
	slot               int
}

func parseFilter(c *compiler, name string, arg bson.RawValue) (expr, error) {
	spec, ok := arg.DocumentOK()
	if !ok {
		return nil, errorf(28646, "$filter only supports an object as its argument")
	}
	if err := checkKeys(spec, 28647, "$filter", "input", "as", "cond", "limit"); err != nil {
		return nil, err
	}
	x := filterExpr{}
	var err error
	if x.input, err = requiredArg(c, spec, "input", 28648, "Missing 'input' parameter to $filter"); err != nil {
		return nil, err
	}
	if lv := spec.Lookup("limit"); lv.Type != 0 {
		if x.limit, err = c.parse(lv); err != nil {
			return nil, err
		}
	}
	as, err := asName(spec, "this")
	if err != nil {
		return nil, err
	}
	if spec.Lookup("cond").Type == 0 {
		return nil, errorf(28650, "Missing 'cond' parameter to $filter")
	}
	x.slot = c.bind(as)
	x.cond, err = c.parse(spec.Lookup("cond"))
	c.unbind(1)
	return x, err
}

func (x filterExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	in, err := x.input.eval(ec)
	if err != nil || isNullish(in) {
		return valNull, err
	}
	if in.Type != bson.TypeArray {
		return bson.RawValue{}, errorf(28651, "input to $filter must be an array not %s", typeName(in.Type))
	}
	limit := int64(-1)
	if x.limit != nil {
		lv, err := x.limit.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		if !isNullish(lv) {
			n, ok := numExactInt64(lv)
			if !ok || n <= 0 {
				return bson.RawValue{}, errorf(327391, "$filter: limit must be greater than 0: %s", formatValue(lv))
			}
			limit = n
		}
	}
	var out []bson.RawValue
	for _, v := range arrayValues(in) {
		if limit >= 0 && int64(len(out)) >= limit {
			break
		}
		ec.vars[x.slot] = v
		r, err := x.cond.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		if truthy(r) {
			out = append(out, v)
		}
	}
	return valArray(out), nil
}

type reduceExpr struct {
	input, init, in expr
	this, value     int
}

func parseReduce(c *compiler, name string, arg bson.RawValue) (expr, error) {
	spec, ok := arg.DocumentOK()
	if !ok {
		return nil, errorf(40075, "$reduce requires an object as an argument, found: %s", typeName(arg.Type))
	}
	if err := checkKeys(spec, 40076, "$reduce", "input", "initialValue", "in"); err != nil {
		return nil, err
	}
	x := reduceExpr{}
	var err error
	if x.input, err = requiredArg(c, spec, "input", 40077, "$reduce requires 'input' to be specified"); err != nil {
		return nil, err
	}
	if x.init, err = requiredArg(c, spec, "initialValue", 40078, "$reduce requires 'initialValue' to be specified"); err != nil {
		return nil, err
	}
	if spec.Lookup("in").Type == 0 {
		return nil, errorf(40079, "$reduce requires 'in' to be specified")
	}
	x.this, x.value = c.bind("this"), c.bind("value")
	x.in, err = c.parse(spec.Lookup("in"))
	c.unbind(2)
	return x, err
}

func (x reduceExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	in, err := x.input.eval(ec)
	if err != nil || isNullish(in) {
		return valNull, err
	}
	if in.Type != bson.TypeArray {
		return bson.RawValue{}, errorf(40080, "$reduce requires 'input' to be an array, found: %s", typeName(in.Type))
	}
	acc, err := x.init.eval(ec)
	if err != nil {
		return bson.RawValue{}, err
	}
	for _, v := range arrayValues(in) {
		ec.vars[x.this], ec.vars[x.value] = v, acc
		if acc, err = x.in.eval(ec); err != nil {
			return bson.RawValue{}, err
		}
	}
	return acc, nil
}
