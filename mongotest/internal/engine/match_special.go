package engine

import (
	"math"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// Filter operators with structure of their own: $type, $elemMatch, $all,
// $not and the bit tests.

func parseType(arg bson.RawValue) (predicate, error) {
	p := typePred{}
	add := func(v bson.RawValue) error {
		switch {
		case v.Type == bson.TypeString:
			s := v.StringValue()
			if s == "number" {
				p.number = true
				return nil
			}
			t, ok := typeAliases[s]
			if !ok {
				return badValue("Unknown type name alias: %s", s)
			}
			p.types = append(p.types, t)
		case isNumber(v):
			n, ok := numExactInt64(v)
			if !ok || !(bson.Type(n).Valid() || n == -1) || n < -1 || n > 127 {
				return badValue("Invalid numerical type code: %s", formatValue(v))
			}
			if n == -1 {
				n = int64(bson.TypeMinKey)
			}
			p.types = append(p.types, bson.Type(n))
		default:
			return errorf(CodeTypeMismatch, "type must be represented as a number or a string")
		}
		return nil
	}
	if arg.Type == bson.TypeArray {
		for _, v := range arrayValues(arg) {
			if err := add(v); err != nil {
				return nil, err
			}
		}
		return p, nil
	}
	return p, add(arg)
}

func (mc *matchCompiler) parseElemMatch(arg bson.RawValue) (predicate, error) {
	d, ok := arg.DocumentOK()
	if !ok {
		return nil, badValue("$elemMatch needs an Object")
	}
	it := d.Iter()
	if it.Next() {
		k := it.Key()
		if strings.HasPrefix(k, "$") && k != "$and" && k != "$or" && k != "$nor" && k != "$where" && k != "$expr" {
			preds, err := mc.parseValueOps(d)
			return elemMatchPred{preds: preds}, err
		}
	}
	sub, err := mc.parseDoc(d, false)
	if err != nil {
		return nil, err
	}
	return elemMatchPred{sub: sub}, nil
}

// parseValueOps compiles the operators of the value form of $elemMatch,
// which test an element itself without traversing it.
func (mc *matchCompiler) parseValueOps(ops bson.Raw) ([]predicate, error) {
	var out []predicate
	options := ops.Lookup("$options")
	it := ops.Iter()
	for it.Next() {
		name := it.Key()
		if name == "$options" {
			continue
		}
		p, err := mc.parseValueOp(name, it.Value(), options)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (mc *matchCompiler) parseValueOp(name string, arg, options bson.RawValue) (predicate, error) {
	switch name {
	case "$eq", "$lt", "$lte", "$gt", "$gte":
		return cmpPredFor(name, arg)
	case "$ne":
		p, err := cmpPredFor("$eq", arg)
		return notPred{p}, err
	case "$in":
		return parseIn(name, arg)
	case "$nin":
		p, err := parseIn(name, arg)
		return notPred{p}, err
	case "$exists":
		if truthy(arg) {
			return existsPred{}, nil
		}
		return notPred{existsPred{}}, nil
	case "$type":
		return parseType(arg)
	case "$regex":
		return parseRegexOp(arg, options)
	case "$mod":
		return parseMod(arg)
	case "$size":
		return parseSize(arg)
	case "$elemMatch":
		return mc.parseElemMatch(arg)
	case "$not":
		return mc.parseNotValue(arg)
	case "$bitsAllSet", "$bitsAllClear", "$bitsAnySet", "$bitsAnyClear":
		return parseBits(name, arg)
	}
	return nil, badValue("unknown operator: %s", name)
}

func (mc *matchCompiler) parseNotValue(arg bson.RawValue) (predicate, error) {
	switch arg.Type {
	case bson.TypeRegex:
		r := arg.Regex()
		p, err := newRegexPred(r.Pattern, r.Options)
		return notPred{p}, err
	case bson.TypeEmbeddedDoc:
		preds, err := mc.parseValueOps(bson.Raw(arg.Value))
		return notPred{andPred(preds)}, err
	}
	return nil, badValue("$not needs a regex or a document")
}

// notPred and andPred combine value predicates for $elemMatch.
type notPred struct{ p predicate }

func (n notPred) expand() bool { return false }

func (n notPred) matchValue(m *matchCtx, v bson.RawValue) (bool, int, error) {
	ok, _, err := n.p.matchValue(m, v)
	return !ok, -1, err
}

type andPred []predicate

func (a andPred) expand() bool { return false }

func (a andPred) matchValue(m *matchCtx, v bson.RawValue) (bool, int, error) {
	for _, p := range a {
		if ok, _, err := p.matchValue(m, v); !ok || err != nil {
			return false, -1, err
		}
	}
	return true, -1, nil
}

// parseAll compiles $all: every listed value must match (as equality or
// regex), or every listed $elemMatch.
func (mc *matchCompiler) parseAll(path []string, arg bson.RawValue) (matcher, error) {
	if arg.Type != bson.TypeArray {
		return nil, badValue("$all needs an array")
	}
	var n andNode
	elemMatch := -1
	for _, v := range arrayValues(arg) {
		isEM := false
		if d, ok := v.DocumentOK(); ok && isOperatorDoc(d) {
			it := d.Iter()
			it.Next()
			if it.Key() != "$elemMatch" {
				return nil, badValue("no $ expressions in $all")
			}
			isEM = true
		}
		if elemMatch >= 0 && (elemMatch == 1) != isEM {
			return nil, badValue("$all/$elemMatch has to be consistent")
		}
		elemMatch = map[bool]int{true: 1, false: 0}[isEM]
		m, err := mc.allEntry(path, v, isEM)
		if err != nil {
			return nil, err
		}
		n = append(n, m)
	}
	if len(n) == 0 {
		return constNode(false), nil
	}
	return n, nil
}

func (mc *matchCompiler) allEntry(path []string, v bson.RawValue, isEM bool) (matcher, error) {
	switch {
	case isEM:
		p, err := mc.parseElemMatch(bson.Raw(v.Value).Lookup("$elemMatch"))
		return fieldNode{path, p}, err
	case v.Type == bson.TypeRegex:
		r := v.Regex()
		p, err := newRegexPred(r.Pattern, r.Options)
		return fieldNode{path, p}, err
	}
	return fieldNode{path, cmpPred{cmpEQ, v}}, nil
}

// parseNot compiles {path: {$not: ...}}: the negation of a regex or of the
// conjunction of the operators in a document.
func (mc *matchCompiler) parseNot(key string, path []string, arg bson.RawValue) (matcher, error) {
	switch arg.Type {
	case bson.TypeRegex:
		r := arg.Regex()
		p, err := newRegexPred(r.Pattern, r.Options)
		if err != nil {
			return nil, err
		}
		return notNode{fieldNode{path, p}}, nil
	case bson.TypeEmbeddedDoc:
		d := bson.Raw(arg.Value)
		if d.Len() == 0 {
			return nil, badValue("$not cannot be empty")
		}
		if !isOperatorDoc(d) {
			return nil, badValue("$not needs a regex or a document")
		}
		m, err := mc.parseOps(key, path, d)
		return negate(m, err)
	}
	return nil, badValue("$not needs a regex or a document")
}

// parseBits reads the mask of a bit-test operator: a non-negative integer,
// an array of bit positions or BinData.
func parseBits(name string, arg bson.RawValue) (predicate, error) {
	p := bitsPred{set: name == "$bitsAllSet" || name == "$bitsAnySet", all: name == "$bitsAllSet" || name == "$bitsAllClear"}
	switch {
	case arg.Type == bson.TypeBinary:
		p.mask = arg.Binary().Data
	case isNumber(arg):
		f := numFloat(arg)
		if f != math.Trunc(f) {
			return nil, failedToParse("Expected an integer: %s: %s", name, formatValue(arg))
		}
		if f < 0 {
			return nil, failedToParse("Expected a non-negative number in: %s: %s", name, formatValue(arg))
		}
		n, _ := numExactInt64(arg)
		for i := 0; i < 8; i++ {
			p.mask = append(p.mask, byte(uint64(n)>>(8*i)))
		}
	case arg.Type == bson.TypeArray:
		for _, v := range arrayValues(arg) {
			pos, ok := numExactInt64(v)
			if !isNumber(v) || !ok || pos < 0 || pos > 1<<20 {
				return nil, badValue("Failed to parse bit position. Expected a non-negative number in: %s", formatValue(v))
			}
			for int64(len(p.mask)) <= pos/8 {
				p.mask = append(p.mask, 0)
			}
			p.mask[pos/8] |= 1 << (pos % 8)
		}
	default:
		return nil, badValue("%s takes an Array, a number, or a BinData but received: %s: %s", name, name, formatValue(arg))
	}
	return p, nil
}
