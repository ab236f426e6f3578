package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// Object expression operators.

func init() {
	registerOps(map[string]opParser{
		"$mergeObjects":  fn(0, -1, exprMergeObjects),
		"$objectToArray": fn1(exprObjectToArray),
		"$arrayToObject": fn1(exprArrayToObject),
		"$getField":      parseGetField,
		"$setField":      parseSetField,
		"$unsetField":    parseSetField,
	})
}

func exprMergeObjects(_ *evalCtx, _ string, args []bson.RawValue) (bson.RawValue, error) {
	out := &fieldList{}
	for _, a := range args {
		if isNullish(a) {
			continue
		}
		d, ok := a.DocumentOK()
		if !ok {
			return bson.RawValue{}, errorf(40400, "$mergeObjects requires object inputs, but input %s is of type %s", formatValue(a), typeName(a.Type))
		}
		it := d.Iter()
		for it.Next() {
			out.set(it.Key(), it.Value())
		}
	}
	return out.value(), nil
}

func exprObjectToArray(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) {
	if isNullish(v) {
		return valNull, nil
	}
	d, ok := v.DocumentOK()
	if !ok {
		return bson.RawValue{}, errorf(40390, "$objectToArray requires a document input, found: %s", typeName(v.Type))
	}
	var out []bson.RawValue
	it := d.Iter()
	for it.Next() {
		kv := &fieldList{keys: []string{"k", "v"}, vals: []bson.RawValue{valString(it.Key()), it.Value()}}
		out = append(out, kv.value())
	}
	return valArray(out), nil
}

func exprArrayToObject(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) {
	if isNullish(v) {
		return valNull, nil
	}
	if v.Type != bson.TypeArray {
		return bson.RawValue{}, errorf(40386, "$arrayToObject requires an array input, found: %s", typeName(v.Type))
	}
	out := &fieldList{}
	for _, e := range arrayValues(v) {
		k, val, err := arrayToObjectPair(e)
		if err != nil {
			return bson.RawValue{}, err
		}
		out.set(k, val)
	}
	return out.value(), nil
}

func arrayToObjectPair(e bson.RawValue) (string, bson.RawValue, error) {
	switch e.Type {
	case bson.TypeArray:
		kv := arrayValues(e)
		if len(kv) != 2 {
			return "", bson.RawValue{}, errorf(40397, "$arrayToObject requires an array of size 2 arrays,found array of size: %d", len(kv))
		}
		k, ok := kv[0].StringValueOK()
		if !ok {
			return "", bson.RawValue{}, errorf(40395, "$arrayToObject requires an array of key-value pairs, where the key must be of type string. Found key type: %s", typeName(kv[0].Type))
		}
		return k, kv[1], nil
	case bson.TypeEmbeddedDoc:
		d := bson.Raw(e.Value)
		k, ok := d.Lookup("k").StringValueOK()
		if !ok || d.Len() != 2 || d.Lookup("v").Type == 0 {
			return "", bson.RawValue{}, errorf(40392, "$arrayToObject requires an object keys of 'k' and 'v'. Found incorrect number of keys:%d", d.Len())
		}
		return k, d.Lookup("v"), nil
	}
	return "", bson.RawValue{}, errorf(40398, "Unrecognised input type format for $arrayToObject: %s", typeName(e.Type))
}

// getFieldExpr is {$getField: {field, input}}; input defaults to $$CURRENT.
type getFieldExpr struct{ field, input expr }

func parseGetField(c *compiler, _ string, arg bson.RawValue) (expr, error) {
	if arg.Type != bson.TypeEmbeddedDoc || isOperatorDoc(bson.Raw(arg.Value)) {
		f, err := c.parse(arg)
		if err != nil {
			return nil, err
		}
		return getFieldExpr{field: f, input: varExpr{slot: 0}}, nil
	}
	args, err := c.namedArgs("$getField", arg, 3041701, []string{"field"}, "input")
	if err != nil {
		return nil, err
	}
	x := getFieldExpr{field: args["field"], input: args["input"]}
	if x.input == nil {
		x.input = varExpr{slot: 0}
	}
	return x, nil
}

// isOperatorDoc reports whether d is {$op: ...}.
func isOperatorDoc(d bson.Raw) bool {
	it := d.Iter()
	return it.Next() && len(it.KeyBytes()) > 0 && it.KeyBytes()[0] == '$'
}

func (x getFieldExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	f, err := x.field.eval(ec)
	if err != nil {
		return bson.RawValue{}, err
	}
	name, ok := f.StringValueOK()
	if !ok {
		return bson.RawValue{}, errorf(3041704, "$getField requires 'field' to evaluate to type String, but got %s", typeName(f.Type))
	}
	in, err := x.input.eval(ec)
	if err != nil {
		return bson.RawValue{}, err
	}
	if isNullish(in) {
		if in.Type == 0 {
			return bson.RawValue{}, nil
		}
		return valNull, nil
	}
	d, ok := in.DocumentOK()
	if !ok {
		return bson.RawValue{}, errorf(3041705, "$getField requires 'input' to evaluate to type Object, but got %s", typeName(in.Type))
	}
	return d.Lookup(name), nil
}

// setFieldExpr is $setField, or $unsetField when value is nil. A missing
// value (such as $$REMOVE) removes the field.
type setFieldExpr struct {
	name  string
	input expr
	value expr
}

func parseSetField(c *compiler, op string, arg bson.RawValue) (expr, error) {
	spec, ok := arg.DocumentOK()
	if !ok {
		return nil, errorf(4161100, "%s only supports an object as its argument", op)
	}
	if err := checkSetFieldKeys(spec, op); err != nil {
		return nil, err
	}
	fv := spec.Lookup("field")
	f, err := c.parse(fv)
	if err != nil {
		return nil, err
	}
	cf, isConst := f.(constExpr)
	if !isConst {
		return nil, errorf(4161106, "%s requires 'field' to evaluate to a constant, but got a non-constant argument", op)
	}
	name, ok := cf.v.StringValueOK()
	if !ok {
		return nil, errorf(4161107, "%s requires 'field' to evaluate to type String, but got %s", op, typeName(cf.v.Type))
	}
	x := setFieldExpr{name: name}
	if x.input, err = c.parse(spec.Lookup("input")); err != nil {
		return nil, err
	}
	if op == "$setField" {
		if x.value, err = c.parse(spec.Lookup("value")); err != nil {
			return nil, err
		}
	}
	return x, nil
}

func checkSetFieldKeys(spec bson.Raw, op string) error {
	allowed := []string{"field", "input", "value"}
	if op == "$unsetField" {
		allowed = allowed[:2]
	}
	it := spec.Iter()
	for it.Next() {
		if !contains(allowed, it.Key()) {
			return errorf(4161101, "%s found an unknown argument: %s", op, it.Key())
		}
	}
	switch {
	case spec.Lookup("field").Type == 0:
		return errorf(4161102, "%s requires 'field' to be specified", op)
	case op == "$setField" && spec.Lookup("value").Type == 0:
		return errorf(4161103, "%s requires 'value' to be specified", op)
	case spec.Lookup("input").Type == 0:
		return errorf(4161109, "%s requires 'input' to be specified", op)
	}
	return nil
}

func (x setFieldExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	in, err := x.input.eval(ec)
	if err != nil {
		return bson.RawValue{}, err
	}
	if isNullish(in) {
		return valNull, nil
	}
	d, ok := in.DocumentOK()
	if !ok {
		return bson.RawValue{}, errorf(4161105, "$setField requires 'input' to evaluate to type Object")
	}
	var v bson.RawValue
	if x.value != nil {
		if v, err = x.value.eval(ec); err != nil {
			return bson.RawValue{}, err
		}
	}
	f := fieldsOf(d)
	f.set(x.name, v)
	return f.value(), nil
}
