package engine

import (
	"strings"
	"unicode/utf8"

	"github.com/cwal-go/cwal/bson"
)

// Field paths and variables.

// varExpr reads a variable slot and follows a path into it; "$a.b" is
// $$CURRENT (slot 0) with path [a b].
type varExpr struct {
	slot int
	path []string
}

func (x varExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	return evalPath(ec.vars[x.slot], x.path), nil
}

type rootExpr struct{ path []string }

func (x rootExpr) eval(ec *evalCtx) (bson.RawValue, error) { return evalPath(ec.root, x.path), nil }

// sysVarExpr is $$NOW, $$CLUSTER_TIME, $$REMOVE and the like.
type sysVarExpr struct {
	name string
	path []string
}

func (x sysVarExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	var v bson.RawValue
	switch x.name {
	case "NOW":
		v = valDate(ec.env.Now.UnixMilli())
	case "CLUSTER_TIME":
		v = valTimestamp(ec.env.ClusterTime)
	case "USER_ROLES":
		v = valEmptyA
	case "DESCEND", "PRUNE", "KEEP":
		v = valString(strings.ToLower(x.name))
	}
	return evalPath(v, x.path), nil
}

// parsePathString compiles "$a.b" or "$$name.a.b".
func (c *compiler) parsePathString(s string) (expr, error) {
	if strings.HasPrefix(s, "$$") {
		name, rest, dotted := strings.Cut(s[2:], ".")
		if dotted && rest == "" {
			return nil, errorf(40353, "FieldPath must not end with a '.'.")
		}
		path, err := parseFieldPath(rest, dotted)
		if err != nil {
			return nil, err
		}
		return c.variable(name, path)
	}
	if s == "$" {
		return nil, errorf(16872, "'$' by itself is not a valid FieldPath")
	}
	path, err := parseFieldPath(s[1:], true)
	if err != nil {
		return nil, err
	}
	return c.variable("CURRENT", path)
}

// parseFieldPath splits and checks a dotted path as the server's FieldPath does.
func parseFieldPath(p string, required bool) ([]string, error) {
	if !required {
		return nil, nil
	}
	if p == "" {
		return nil, errorf(40352, "FieldPath cannot be constructed with empty string")
	}
	if p[len(p)-1] == '.' {
		return nil, errorf(40353, "FieldPath must not end with a '.'.")
	}
	parts := strings.Split(p, ".")
	for _, part := range parts {
		switch {
		case part == "":
			return nil, errorf(15998, "FieldPath field names may not be empty strings.")
		case part[0] == '$' && part != "$id" && part != "$ref" && part != "$db":
			return nil, errorf(16410, "FieldPath field names may not start with '$'. Consider using $getField or $setField.")
		case strings.IndexByte(part, 0) >= 0:
			return nil, errorf(16411, "FieldPath field names may not contain '\\0'.")
		}
	}
	return parts, nil
}

// variable resolves a variable name in the current scope.
func (c *compiler) variable(name string, path []string) (expr, error) {
	for i := len(c.scope) - 1; i >= 0; i-- {
		if c.scope[i].name == name {
			return varExpr{c.scope[i].slot, path}, nil
		}
	}
	switch name {
	case "ROOT":
		return rootExpr{path}, nil
	case "REMOVE":
		return constExpr{}, nil
	case "NOW", "CLUSTER_TIME", "USER_ROLES", "DESCEND", "PRUNE", "KEEP":
		return sysVarExpr{name, path}, nil
	}
	if err := validateVarRef(name); err != nil {
		return nil, err
	}
	return nil, errorf(CodeUndefinedVariable, "Use of undefined variable: %s", name)
}

// validateVarRef checks the name in a "$$name" reference; upper-case names
// are reserved for system variables.
func validateVarRef(name string) error {
	if name == "" {
		return failedToParse("empty variable names are not allowed")
	}
	r, _ := utf8.DecodeRuneInString(name)
	if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= utf8.RuneSelf) {
		return failedToParse("'%s' starts with an invalid character for a user variable name", name)
	}
	return checkVarChars(name)
}

// validateVarName checks a name being defined by let, $let or "as".
func validateVarName(name string) error {
	if name == "" {
		return failedToParse("empty variable names are not allowed")
	}
	r, _ := utf8.DecodeRuneInString(name)
	if !(r >= 'a' && r <= 'z' || r >= utf8.RuneSelf) {
		return failedToParse("'%s' starts with an invalid character for a user variable name", name)
	}
	return checkVarChars(name)
}

func checkVarChars(name string) error {
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r >= utf8.RuneSelf) {
			return failedToParse("'%s' contains an invalid character for a variable name: '%c'", name, r)
		}
	}
	return nil
}

// bind adds a variable to the scope for the compilation of a sub-expression;
// the caller pops it with unbind.
func (c *compiler) bind(name string) int {
	slot := c.nslots
	c.nslots++
	c.scope = append(c.scope, scopeVar{name, slot})
	return slot
}

func (c *compiler) unbind(n int) { c.scope = c.scope[:len(c.scope)-n] }

// evalPath follows an aggregation field path: through documents by name,
// and across arrays by mapping the rest of the path over their elements
// (numeric parts are field names here, not indexes).
func evalPath(v bson.RawValue, path []string) bson.RawValue {
	for i, p := range path {
		switch v.Type {
		case bson.TypeEmbeddedDoc:
			v = bson.Raw(v.Value).Lookup(p)
		case bson.TypeArray:
			return evalArrayPath(v, path[i:])
		default:
			return bson.RawValue{}
		}
	}
	return v
}

func evalArrayPath(arr bson.RawValue, path []string) bson.RawValue {
	var out []bson.RawValue
	it := bson.Raw(arr.Value).Iter()
	for it.Next() {
		e := it.Value()
		if !isDocOrArray(e.Type) {
			continue
		}
		if r := evalPath(e, path); r.Type != 0 {
			out = append(out, r)
		}
	}
	return valArray(out)
}

// letExpr is {$let: {vars: {...}, in: expr}}.
type letExpr struct {
	slots []int
	vals  []expr
	in    expr
}

func (x letExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	for i, v := range x.vals {
		r, err := v.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		ec.vars[x.slots[i]] = r
	}
	return x.in.eval(ec)
}

func parseLet(c *compiler, name string, arg bson.RawValue) (expr, error) {
	spec, ok := arg.DocumentOK()
	if !ok {
		return nil, errorf(16874, "$let only supports an object as its argument")
	}
	varsV, inV := spec.Lookup("vars"), spec.Lookup("in")
	if err := checkKeys(spec, 16875, "$let", "vars", "in"); err != nil {
		return nil, err
	}
	if varsV.Type != bson.TypeEmbeddedDoc {
		return nil, errorf(10065, "invalid parameter: expected an object (vars)")
	}
	if inV.Type == 0 {
		return nil, errorf(16877, "Missing 'in' parameter to $let")
	}
	x := letExpr{}
	var names []string
	it := bson.Raw(varsV.Value).Iter()
	for it.Next() {
		if err := validateVarName(it.Key()); err != nil && it.Key() != "CURRENT" {
			return nil, err
		}
		v, err := c.parse(it.Value()) // values see the outer scope
		if err != nil {
			return nil, err
		}
		names = append(names, it.Key())
		x.vals = append(x.vals, v)
	}
	for _, n := range names {
		x.slots = append(x.slots, c.bind(n))
	}
	in, err := c.parse(inV)
	c.unbind(len(names))
	if err != nil {
		return nil, err
	}
	x.in = in
	return x, nil
}

// checkKeys rejects fields of an operator's argument document other than
// the allowed ones.
func checkKeys(spec bson.Raw, code int32, op string, allowed ...string) error {
	it := spec.Iter()
	for it.Next() {
		k := it.Key()
		ok := false
		for _, a := range allowed {
			ok = ok || a == k
		}
		if !ok {
			return errorf(code, "Unrecognized parameter to %s: %s", op, k)
		}
	}
	return nil
}
