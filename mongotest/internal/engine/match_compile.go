package engine

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// matchCompiler parses filter documents into matchers.
type matchCompiler struct {
	env  *Env
	expr *compiler // created on the first $expr
}

// parseDoc compiles a filter document: an implicit $and of its elements.
func (mc *matchCompiler) parseDoc(d bson.Raw, top bool) (matcher, error) {
	var n andNode
	it := d.Iter()
	for it.Next() {
		m, err := mc.parseElem(it.Key(), it.Value(), top)
		if err != nil {
			return nil, err
		}
		if m != nil {
			n = append(n, m)
		}
	}
	if it.Err() != nil {
		return nil, malformed(it.Err())
	}
	if len(n) == 1 {
		return n[0], nil
	}
	return n, nil
}

func (mc *matchCompiler) parseElem(key string, v bson.RawValue, top bool) (matcher, error) {
	if !strings.HasPrefix(key, "$") {
		return mc.parseField(key, v)
	}
	switch key {
	case "$and", "$or", "$nor":
		return mc.parseLogical(key, v, top)
	case "$expr":
		return mc.parseExpr(v, top)
	case "$comment":
		return nil, nil
	case "$alwaysTrue":
		return constNode(true), nil
	case "$alwaysFalse":
		return constNode(false), nil
	case "$where":
		return nil, badValue("$where is not allowed in this context")
	case "$text":
		return nil, errorf(27, "text index required for $text query")
	case "$jsonSchema", "$sampleRate":
		return nil, badValue("%s is not supported by this server", key)
	}
	return nil, badValue("unknown top level operator: %s. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.", key)
}

func (mc *matchCompiler) parseLogical(op string, v bson.RawValue, top bool) (matcher, error) {
	if v.Type != bson.TypeArray {
		return nil, badValue("%s must be an array", op)
	}
	var kids []matcher
	it := bson.Raw(v.Value).Iter()
	for it.Next() {
		d, ok := it.Value().DocumentOK()
		if !ok {
			return nil, badValue("$or/$and/$nor entries need to be full objects")
		}
		m, err := mc.parseDoc(d, top)
		if err != nil {
			return nil, err
		}
		kids = append(kids, m)
	}
	if len(kids) == 0 {
		return nil, badValue("$and/$or/$nor must be a nonempty array")
	}
	switch op {
	case "$and":
		return andNode(kids), nil
	case "$or":
		return orNode(kids), nil
	}
	return notNode{orNode(kids)}, nil
}

func (mc *matchCompiler) parseExpr(v bson.RawValue, top bool) (matcher, error) {
	if !top {
		return nil, badValue("$expr can only be applied to the top-level document")
	}
	if mc.expr == nil {
		mc.expr = newCompiler(mc.env)
	}
	x, err := mc.expr.parse(v)
	if err != nil {
		return nil, err
	}
	return exprNode{x}, nil
}

// parseField compiles {path: value}: an operator document, a regex or
// implicit equality.
func (mc *matchCompiler) parseField(key string, v bson.RawValue) (matcher, error) {
	path := splitPath(key)
	switch v.Type {
	case bson.TypeRegex:
		r := v.Regex()
		p, err := newRegexPred(r.Pattern, r.Options)
		if err != nil {
			return nil, err
		}
		return fieldNode{path, p}, nil
	case bson.TypeEmbeddedDoc:
		if isOperatorDoc(bson.Raw(v.Value)) {
			return mc.parseOps(key, path, bson.Raw(v.Value))
		}
	case bson.TypeUndefined:
		return nil, badValue("cannot compare to undefined")
	}
	return fieldNode{path, cmpPred{cmpEQ, v}}, nil
}

func newRegexPred(pattern, options string) (regexPred, error) {
	re, err := compileRegex(pattern, options)
	if err != nil {
		return regexPred{}, err
	}
	return regexPred{re: re, pattern: pattern, options: options}, nil
}

// parseOps compiles the operators of {path: {$op: arg, ...}}, all of which
// must hold.
func (mc *matchCompiler) parseOps(key string, path []string, ops bson.Raw) (matcher, error) {
	var n andNode
	regex, options := ops.Lookup("$regex"), ops.Lookup("$options")
	it := ops.Iter()
	for it.Next() {
		name := it.Key()
		if name == "$options" {
			if regex.Type == 0 {
				return nil, badValue("$options needs a $regex")
			}
			continue
		}
		m, err := mc.parseOp(key, path, name, it.Value(), options)
		if err != nil {
			return nil, err
		}
		n = append(n, m)
	}
	if len(n) == 1 {
		return n[0], nil
	}
	return n, nil
}

// parseOp compiles one field operator.
func (mc *matchCompiler) parseOp(key string, path []string, name string, arg, options bson.RawValue) (matcher, error) {
	leaf := func(p predicate, err error) (matcher, error) {
		if err != nil {
			return nil, err
		}
		return fieldNode{path, p}, nil
	}
	switch name {
	case "$eq", "$lt", "$lte", "$gt", "$gte":
		return leaf(cmpPredFor(name, arg))
	case "$ne":
		m, err := leaf(cmpPredFor("$eq", arg))
		return negate(m, err)
	case "$in":
		return leaf(parseIn("$in", arg))
	case "$nin":
		m, err := leaf(parseIn("$nin", arg))
		return negate(m, err)
	case "$exists":
		if truthy(arg) {
			return fieldNode{path, existsPred{}}, nil
		}
		return notNode{fieldNode{path, existsPred{}}}, nil
	case "$type":
		return leaf(parseType(arg))
	case "$regex":
		return leaf(parseRegexOp(arg, options))
	case "$mod":
		return leaf(parseMod(arg))
	case "$size":
		return leaf(parseSize(arg))
	case "$elemMatch":
		return leaf(mc.parseElemMatch(arg))
	case "$all":
		return mc.parseAll(path, arg)
	case "$not":
		return mc.parseNot(key, path, arg)
	case "$bitsAllSet", "$bitsAllClear", "$bitsAnySet", "$bitsAnyClear":
		return leaf(parseBits(name, arg))
	}
	return nil, badValue("unknown operator: %s", name)
}

func negate(m matcher, err error) (matcher, error) {
	if err != nil {
		return nil, err
	}
	return notNode{m}, nil
}

func cmpPredFor(name string, arg bson.RawValue) (predicate, error) {
	if arg.Type == bson.TypeUndefined {
		return nil, badValue("cannot compare to undefined")
	}
	op := map[string]cmpKind{"$eq": cmpEQ, "$lt": cmpLT, "$lte": cmpLTE, "$gt": cmpGT, "$gte": cmpGTE}[name]
	if arg.Type == bson.TypeRegex && op != cmpEQ {
		return nil, badValue("Can't have RegEx as arg to predicate over field")
	}
	return cmpPred{op, arg}, nil
}

func parseIn(name string, arg bson.RawValue) (predicate, error) {
	if arg.Type != bson.TypeArray {
		return nil, badValue("%s needs an array", name)
	}
	p := inPred{}
	it := bson.Raw(arg.Value).Iter()
	for it.Next() {
		v := it.Value()
		switch {
		case v.Type == bson.TypeRegex:
			r := v.Regex()
			rp, err := newRegexPred(r.Pattern, r.Options)
			if err != nil {
				return nil, err
			}
			p.regexes = append(p.regexes, rp)
		case v.Type == bson.TypeEmbeddedDoc && isOperatorDoc(bson.Raw(v.Value)):
			return nil, badValue("cannot nest $ under %s", name)
		case v.Type == bson.TypeUndefined:
			return nil, badValue("InMatchExpression equality cannot be undefined")
		default:
			p.hasNull = p.hasNull || v.Type == bson.TypeNull
			p.vals = append(p.vals, v)
		}
	}
	return p, nil
}

func parseRegexOp(arg, options bson.RawValue) (predicate, error) {
	opts := ""
	if options.Type != 0 {
		s, ok := options.StringValueOK()
		if !ok {
			return nil, badValue("$options has to be a string")
		}
		opts = s
	}
	switch arg.Type {
	case bson.TypeString:
		return newRegexPred(arg.StringValue(), opts)
	case bson.TypeRegex:
		r := arg.Regex()
		if opts != "" && r.Options != "" {
			return nil, badValue("options set in both $regex and $options")
		}
		return newRegexPred(r.Pattern, r.Options+opts)
	}
	return nil, badValue("$regex has to be a string")
}

func parseMod(arg bson.RawValue) (predicate, error) {
	if arg.Type != bson.TypeArray {
		return nil, badValue("malformed mod, needs to be an array")
	}
	vals := arrayValues(arg)
	switch {
	case len(vals) < 2:
		return nil, badValue("malformed mod, not enough elements")
	case len(vals) > 2:
		return nil, badValue("malformed mod, too many elements")
	case !isNumber(vals[0]):
		return nil, badValue("malformed mod, divisor not a number")
	case !isNumber(vals[1]):
		return nil, badValue("malformed mod, remainder not a number")
	}
	d, ok1 := truncInt64(vals[0])
	r, ok2 := truncInt64(vals[1])
	switch {
	case !ok1:
		return nil, badValue("malformed mod, divisor value is invalid :: caused by :: Unable to coerce NaN/Inf to integral type")
	case !ok2:
		return nil, badValue("malformed mod, remainder value is invalid :: caused by :: Unable to coerce NaN/Inf to integral type")
	case d == 0:
		return nil, badValue("divisor cannot be 0")
	}
	return modPred{d, r}, nil
}

// truncInt64 truncates a finite number toward zero.
func truncInt64(v bson.RawValue) (int64, bool) {
	if v.Type == bson.TypeInt32 || v.Type == bson.TypeInt64 {
		return numInt64(v), true
	}
	f := numFloat(v)
	if f != f || f > 9.2e18 || f < -9.2e18 {
		return 0, false
	}
	return int64(f), true
}

func parseSize(arg bson.RawValue) (predicate, error) {
	if !isNumber(arg) {
		return nil, badValue("$size needs a number")
	}
	n, ok := numExactInt64(arg)
	if !ok {
		if numFloat(arg) < 0 {
			return nil, badValue("$size may not be negative")
		}
		return sizePred{-1}, nil
	}
	if n < 0 {
		return nil, badValue("$size may not be negative")
	}
	return sizePred{n}, nil
}
