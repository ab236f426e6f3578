package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// opParser compiles the argument of one expression operator.
type opParser func(c *compiler, name string, arg bson.RawValue) (expr, error)

// exprOps is the table of expression operators; it is filled by init
// functions in the files that implement each family.
var exprOps = map[string]opParser{}

func registerOps(ops map[string]opParser) {
	for k, v := range ops {
		exprOps[k] = v
	}
}

// parseArgs compiles an operator's arguments: an array is a list of
// arguments, anything else a single argument.
func (c *compiler) parseArgs(arg bson.RawValue) ([]expr, error) {
	if arg.Type != bson.TypeArray {
		x, err := c.parse(arg)
		if err != nil {
			return nil, err
		}
		return []expr{x}, nil
	}
	var out []expr
	it := bson.Raw(arg.Value).Iter()
	for it.Next() {
		x, err := c.parse(it.Value())
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// arity checks the number of arguments, with the server's wording.
func arity(name string, n, lo, hi int) error {
	switch {
	case lo == hi && n != lo:
		return errorf(16020, "Expression %s takes exactly %d arguments. %d were passed in.", name, lo, n)
	case n < lo:
		return errorf(16020, "Expression %s takes at least %d arguments, and %d were passed in.", name, lo, n)
	case hi >= 0 && n > hi:
		return errorf(16021, "Expression %s takes at most %d arguments, and %d were passed in.", name, hi, n)
	}
	return nil
}

// fn builds the parser of an operator that evaluates all of its lo..hi
// arguments (hi < 0: no limit) and applies f.
func fn(lo, hi int, f func(ec *evalCtx, name string, args []bson.RawValue) (bson.RawValue, error)) opParser {
	return func(c *compiler, name string, arg bson.RawValue) (expr, error) {
		args, err := c.parseArgs(arg)
		if err != nil {
			return nil, err
		}
		if err := arity(name, len(args), lo, hi); err != nil {
			return nil, err
		}
		return callExpr{args: args, fn: func(ec *evalCtx, v []bson.RawValue) (bson.RawValue, error) {
			return f(ec, name, v)
		}}, nil
	}
}

// fn1 is fn for a single argument; a one-element array is also accepted.
func fn1(f func(ec *evalCtx, name string, v bson.RawValue) (bson.RawValue, error)) opParser {
	return fn(1, 1, func(ec *evalCtx, name string, args []bson.RawValue) (bson.RawValue, error) {
		return f(ec, name, args[0])
	})
}

// namedArgs compiles an operator whose argument is a document of named
// parameters; required names must be present, others may be.
func (c *compiler) namedArgs(op string, arg bson.RawValue, code int32, required []string, optional ...string) (map[string]expr, error) {
	spec, ok := arg.DocumentOK()
	if !ok {
		return nil, errorf(code, "%s only supports an object as its argument", op)
	}
	out := map[string]expr{}
	it := spec.Iter()
	for it.Next() {
		k := it.Key()
		if !contains(required, k) && !contains(optional, k) {
			return nil, errorf(code, "%s found an unknown argument: %s", op, k)
		}
		x, err := c.parse(it.Value())
		if err != nil {
			return nil, err
		}
		out[k] = x
	}
	for _, r := range required {
		if _, ok := out[r]; !ok {
			return nil, errorf(code, "%s requires '%s' to be specified", op, r)
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// evalOpt evaluates an optional named argument; absent ones are missing.
func evalOpt(ec *evalCtx, x expr) (bson.RawValue, error) {
	if x == nil {
		return bson.RawValue{}, nil
	}
	return x.eval(ec)
}
