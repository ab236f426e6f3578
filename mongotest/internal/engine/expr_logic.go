package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// Comparison, boolean and conditional expression operators.

func init() {
	registerOps(map[string]opParser{
		"$eq": cmpOp(func(x int) bool { return x == 0 }), "$ne": cmpOp(func(x int) bool { return x != 0 }),
		"$gt": cmpOp(func(x int) bool { return x > 0 }), "$gte": cmpOp(func(x int) bool { return x >= 0 }),
		"$lt": cmpOp(func(x int) bool { return x < 0 }), "$lte": cmpOp(func(x int) bool { return x <= 0 }),
		"$cmp": fn(2, 2, func(ec *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
			return valInt32(int32(Compare(a[0], a[1], ec.env.Collation))), nil
		}),
		"$and":     parseAndOr(true),
		"$or":      parseAndOr(false),
		"$not":     fn1(func(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) { return valBool(!truthy(v)), nil }),
		"$literal": func(_ *compiler, _ string, arg bson.RawValue) (expr, error) { return constExpr{arg}, nil },
		"$cond":    parseCond,
		"$ifNull":  parseIfNull,
		"$switch":  parseSwitch,
		"$let":     parseLet,
	})
}

func cmpOp(ok func(int) bool) opParser {
	return fn(2, 2, func(ec *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
		return valBool(ok(Compare(a[0], a[1], ec.env.Collation))), nil
	})
}

// andOrExpr short-circuits: $and stops at the first falsy argument, $or at
// the first truthy one.
type andOrExpr struct {
	and  bool
	args []expr
}

func (x andOrExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	for _, a := range x.args {
		v, err := a.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		if truthy(v) != x.and {
			return valBool(!x.and), nil
		}
	}
	return valBool(x.and), nil
}

func parseAndOr(and bool) opParser {
	return func(c *compiler, _ string, arg bson.RawValue) (expr, error) {
		args, err := c.parseArgs(arg)
		if err != nil {
			return nil, err
		}
		return andOrExpr{and, args}, nil
	}
}

type condExpr struct{ cond, then, els expr }

func (x condExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	v, err := x.cond.eval(ec)
	if err != nil {
		return bson.RawValue{}, err
	}
	if truthy(v) {
		return x.then.eval(ec)
	}
	return x.els.eval(ec)
}

func parseCond(c *compiler, name string, arg bson.RawValue) (expr, error) {
	if arg.Type != bson.TypeEmbeddedDoc {
		args, err := c.parseArgs(arg)
		if err != nil {
			return nil, err
		}
		if err := arity(name, len(args), 3, 3); err != nil {
			return nil, err
		}
		return condExpr{args[0], args[1], args[2]}, nil
	}
	spec := bson.Raw(arg.Value)
	if err := checkKeys(spec, 17083, "$cond", "if", "then", "else"); err != nil {
		return nil, err
	}
	var parts [3]expr
	for i, k := range []string{"if", "then", "else"} {
		v := spec.Lookup(k)
		if v.Type == 0 {
			return nil, errorf(int32(17080+i), "Missing '%s' parameter to $cond", k)
		}
		x, err := c.parse(v)
		if err != nil {
			return nil, err
		}
		parts[i] = x
	}
	return condExpr{parts[0], parts[1], parts[2]}, nil
}

// ifNullExpr returns the first argument that is not null, undefined or
// missing, or the last argument's value.
type ifNullExpr struct{ args []expr }

func (x ifNullExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	var v bson.RawValue
	for _, a := range x.args {
		var err error
		if v, err = a.eval(ec); err != nil {
			return bson.RawValue{}, err
		}
		if !isNullish(v) {
			return v, nil
		}
	}
	return v, nil
}

func parseIfNull(c *compiler, name string, arg bson.RawValue) (expr, error) {
	args, err := c.parseArgs(arg)
	if err != nil {
		return nil, err
	}
	if len(args) < 2 {
		return nil, errorf(1257300, "$ifNull needs at least two arguments, had: %d", len(args))
	}
	return ifNullExpr{args}, nil
}

type switchExpr struct {
	cases, thens []expr
	def          expr
}

func (x switchExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	for i, c := range x.cases {
		v, err := c.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		if truthy(v) {
			return x.thens[i].eval(ec)
		}
	}
	if x.def == nil {
		return bson.RawValue{}, errorf(40066, "$switch could not find a matching branch for an input, and no default was specified.")
	}
	return x.def.eval(ec)
}

func parseSwitch(c *compiler, _ string, arg bson.RawValue) (expr, error) {
	spec, ok := arg.DocumentOK()
	if !ok {
		return nil, errorf(40060, "$switch requires an object as an argument, found: %s", typeName(arg.Type))
	}
	x := switchExpr{}
	it := spec.Iter()
	for it.Next() {
		switch it.Key() {
		case "branches":
			if err := x.parseBranches(c, it.Value()); err != nil {
				return nil, err
			}
		case "default":
			d, err := c.parse(it.Value())
			if err != nil {
				return nil, err
			}
			x.def = d
		default:
			return nil, errorf(40067, "$switch found an unknown argument: %s", it.Key())
		}
	}
	if len(x.cases) == 0 {
		return nil, errorf(40068, "$switch requires at least one branch.")
	}
	return x, nil
}

func (x *switchExpr) parseBranches(c *compiler, v bson.RawValue) error {
	if v.Type != bson.TypeArray {
		return errorf(40061, "$switch expected an array for 'branches', found: %s", typeName(v.Type))
	}
	for _, b := range arrayValues(v) {
		d, ok := b.DocumentOK()
		if !ok {
			return errorf(40062, "$switch expected each branch to be an object, found: %s", typeName(b.Type))
		}
		if err := checkKeys(d, 40063, "$switch", "case", "then"); err != nil {
			return err
		}
		cv, tv := d.Lookup("case"), d.Lookup("then")
		if cv.Type == 0 {
			return errorf(40064, "$switch requires each branch have a 'case' expression")
		}
		if tv.Type == 0 {
			return errorf(40065, "$switch requires each branch have a 'then' expression.")
		}
		ce, err := c.parse(cv)
		if err != nil {
			return err
		}
		te, err := c.parse(tv)
		if err != nil {
			return err
		}
		x.cases, x.thens = append(x.cases, ce), append(x.thens, te)
	}
	return nil
}
