package engine

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// expr is one compiled aggregation expression.
type expr interface {
	eval(ec *evalCtx) (bson.RawValue, error)
}

// evalCtx is the state of evaluating expressions against one document.
// vars holds variable slots: slot 0 is $$CURRENT, then the command's let
// variables, then variables bound by $let, $map, $filter and $reduce.
type evalCtx struct {
	env  *Env
	root bson.RawValue
	vars []bson.RawValue
}

// compiler turns expression specifications into exprs, resolving variable
// names to slots as it goes.
type compiler struct {
	env    *Env
	scope  []scopeVar
	nslots int
}

type scopeVar struct {
	name string
	slot int
}

func newCompiler(env *Env) *compiler {
	env = envOrDefault(env)
	c := &compiler{env: env, scope: []scopeVar{{"CURRENT", 0}}, nslots: 1}
	for _, n := range env.letNames {
		c.scope = append(c.scope, scopeVar{n, c.nslots})
		c.nslots++
	}
	return c
}

// newCtx prepares evaluation against root (a document value, or missing).
func (c *compiler) newCtx(root bson.RawValue) *evalCtx {
	ec := &evalCtx{env: c.env, root: root, vars: make([]bson.RawValue, c.nslots)}
	ec.vars[0] = root
	copy(ec.vars[1:], c.env.letVals)
	return ec
}

// reset reuses ec for another document.
func (ec *evalCtx) reset(root bson.RawValue) {
	ec.root = root
	ec.vars[0] = root
}

// parse compiles one expression: "$path", "$$var.path", an operator
// document {$op: args}, an object of expressions, an array of expressions or
// a literal.
func (c *compiler) parse(v bson.RawValue) (expr, error) {
	switch v.Type {
	case bson.TypeString:
		s := v.StringValue()
		if strings.HasPrefix(s, "$") {
			return c.parsePathString(s)
		}
	case bson.TypeEmbeddedDoc:
		return c.parseDoc(bson.Raw(v.Value))
	case bson.TypeArray:
		return c.parseArray(v)
	}
	return constExpr{v}, nil
}

func (c *compiler) parseArray(v bson.RawValue) (expr, error) {
	var elems []expr
	allConst := true
	it := bson.Raw(v.Value).Iter()
	for it.Next() {
		x, err := c.parse(it.Value())
		if err != nil {
			return nil, err
		}
		if _, ok := x.(constExpr); !ok {
			allConst = false
		}
		elems = append(elems, x)
	}
	if allConst {
		return constExpr{v}, nil
	}
	return arrayExpr{elems}, nil
}

// parseDoc compiles an operator expression or an object of expressions.
func (c *compiler) parseDoc(d bson.Raw) (expr, error) {
	it := d.Iter()
	if !it.Next() {
		return constExpr{valDoc(d)}, nil
	}
	first := it.Key()
	if strings.HasPrefix(first, "$") {
		if it.Next() {
			return nil, errorf(15983, "An object representing an expression must have exactly one field: %s", formatDoc(d))
		}
		return c.parseOperator(first, d.Lookup(first))
	}
	return c.parseObject(d)
}

func (c *compiler) parseOperator(name string, arg bson.RawValue) (expr, error) {
	p, ok := exprOps[name]
	if !ok {
		return nil, errorf(CodeInvalidPipelineOperator, "Unrecognized expression '%s'", name)
	}
	return p(c, name, arg)
}

// objectExpr builds a document; fields whose value is missing are left out.
type objectExpr struct {
	keys []string
	vals []expr
}

func (c *compiler) parseObject(d bson.Raw) (expr, error) {
	o := objectExpr{}
	it := d.Iter()
	for it.Next() {
		k := it.Key()
		if err := validateFieldName(k); err != nil {
			return nil, err
		}
		for _, seen := range o.keys {
			if seen == k {
				return nil, errorf(16406, "duplicate field name specified in object literal: %s", formatDoc(d))
			}
		}
		x, err := c.parse(it.Value())
		if err != nil {
			return nil, err
		}
		o.keys = append(o.keys, k)
		o.vals = append(o.vals, x)
	}
	if it.Err() != nil {
		return nil, malformed(it.Err())
	}
	return o, nil
}

// validateFieldName checks a field name of an object expression or a
// computed projection field.
func validateFieldName(k string) error {
	switch {
	case k == "":
		return errorf(15998, "FieldPath field names may not be empty strings.")
	case k[0] == '$':
		return errorf(16410, "FieldPath field names may not start with '$'. Consider using $getField or $setField.")
	case strings.IndexByte(k, '.') >= 0:
		return errorf(16412, "FieldPath field names may not contain '.'. Consider using $getField or $setField.")
	}
	return nil
}

func (o objectExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	dst, start := bson.AppendDocumentStart(nil)
	for i, x := range o.vals {
		v, err := x.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		if v.Type != 0 {
			dst = bson.AppendValueElement(dst, o.keys[i], v)
		}
	}
	return valDoc(bson.AppendDocumentEnd(dst, start)), nil
}

type constExpr struct{ v bson.RawValue }

func (x constExpr) eval(*evalCtx) (bson.RawValue, error) { return x.v, nil }

// arrayExpr builds an array; missing elements become null.
type arrayExpr struct{ elems []expr }

func (a arrayExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	vals := make([]bson.RawValue, len(a.elems))
	for i, x := range a.elems {
		v, err := x.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		if v.Type == 0 {
			v = valNull
		}
		vals[i] = v
	}
	return valArray(vals), nil
}

// callExpr evaluates its arguments and applies fn: the shape of most operators.
type callExpr struct {
	args []expr
	fn   func(ec *evalCtx, args []bson.RawValue) (bson.RawValue, error)
}

func (x callExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	vals := make([]bson.RawValue, len(x.args))
	for i, a := range x.args {
		v, err := a.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		vals[i] = v
	}
	return x.fn(ec, vals)
}
