package engine

import (
	"math"
	"regexp"

	"github.com/cwal-go/cwal/bson"
)

// Leaf predicates of a filter.

type cmpKind int

const (
	cmpEQ cmpKind = iota
	cmpLT
	cmpLTE
	cmpGT
	cmpGTE
)

// cmpPred is $eq, $lt, $lte, $gt, $gte and implicit equality.
type cmpPred struct {
	op  cmpKind
	rhs bson.RawValue
}

func (p cmpPred) expand() bool { return true }

func (p cmpPred) matchValue(m *matchCtx, v bson.RawValue) (bool, int, error) {
	return compareMatches(p.op, v, p.rhs, m.coll), -1, nil
}

// compareMatches applies the server's rules: values of different canonical
// types never compare, except that null matches a missing field and MinKey
// and MaxKey bound everything; NaN equals NaN and is otherwise unordered.
func compareMatches(op cmpKind, v, rhs bson.RawValue, c *Collation) bool {
	if canonicalRank(v.Type) != canonicalRank(rhs.Type) {
		switch {
		case rhs.Type == bson.TypeNull && v.Type == 0:
			return op == cmpEQ || op == cmpLTE || op == cmpGTE
		case rhs.Type == bson.TypeMaxKey:
			return op == cmpLT || op == cmpLTE
		case rhs.Type == bson.TypeMinKey:
			return op == cmpGT || op == cmpGTE
		}
		return false
	}
	if op != cmpEQ && (numIsNaN(v) || numIsNaN(rhs)) {
		both := numIsNaN(v) && numIsNaN(rhs)
		return both && (op == cmpLTE || op == cmpGTE)
	}
	x := Compare(v, rhs, c)
	switch op {
	case cmpLT:
		return x < 0
	case cmpLTE:
		return x <= 0
	case cmpGT:
		return x > 0
	case cmpGTE:
		return x >= 0
	}
	return x == 0
}

// inPred is $in: equality with any listed value or a match of any listed
// regex; a null in the list also matches a missing field.
type inPred struct {
	vals    []bson.RawValue
	regexes []regexPred
	hasNull bool
}

func (p inPred) expand() bool { return true }

func (p inPred) matchValue(m *matchCtx, v bson.RawValue) (bool, int, error) {
	if p.hasNull && v.Type == 0 {
		return true, -1, nil
	}
	for _, x := range p.vals {
		if canonicalRank(v.Type) == canonicalRank(x.Type) && Compare(v, x, m.coll) == 0 {
			return true, -1, nil
		}
	}
	for _, r := range p.regexes {
		if ok, _, _ := r.matchValue(m, v); ok {
			return true, -1, nil
		}
	}
	return false, -1, nil
}

type existsPred struct{}

func (existsPred) expand() bool { return true }

func (existsPred) matchValue(_ *matchCtx, v bson.RawValue) (bool, int, error) {
	return v.Type != 0, -1, nil
}

// typePred is $type: any of a set of types, "number" for all four.
type typePred struct {
	types  []bson.Type
	number bool
}

func (p typePred) expand() bool { return true }

func (p typePred) matchValue(_ *matchCtx, v bson.RawValue) (bool, int, error) {
	if v.Type == 0 {
		return false, -1, nil
	}
	if p.number && isNumber(v) {
		return true, -1, nil
	}
	for _, t := range p.types {
		if v.Type == t {
			return true, -1, nil
		}
	}
	return false, -1, nil
}

// regexPred matches strings and symbols by pattern, and regex values that
// are the same pattern and options.
type regexPred struct {
	re      *regexp.Regexp
	pattern string
	options string
}

func (p regexPred) expand() bool { return true }

func (p regexPred) matchValue(_ *matchCtx, v bson.RawValue) (bool, int, error) {
	switch v.Type {
	case bson.TypeString, bson.TypeSymbol:
		s, _ := v.StringBytes()
		return p.re.Match(s), -1, nil
	case bson.TypeRegex:
		r := v.Regex()
		return r.Pattern == p.pattern && r.Options == p.options, -1, nil
	}
	return false, -1, nil
}

type modPred struct{ div, rem int64 }

func (p modPred) expand() bool { return true }

func (p modPred) matchValue(_ *matchCtx, v bson.RawValue) (bool, int, error) {
	if !isNumber(v) {
		return false, -1, nil
	}
	var n int64
	switch v.Type {
	case bson.TypeInt32, bson.TypeInt64:
		n = numInt64(v)
	default:
		f := numFloat(v)
		if math.IsNaN(f) || math.IsInf(f, 0) || f >= 9.223372036854775807e18 || f < -9.223372036854775808e18 {
			return false, -1, nil
		}
		n = int64(math.Trunc(f))
	}
	return safeMod(n, p.div) == p.rem, -1, nil
}

// sizePred is $size; a negative size (from a non-integral argument)
// matches nothing.
type sizePred struct{ n int64 }

func (p sizePred) expand() bool { return false }

func (p sizePred) matchValue(_ *matchCtx, v bson.RawValue) (bool, int, error) {
	return v.Type == bson.TypeArray && int64(bson.RawArray(v.Value).Len()) == p.n, -1, nil
}

// elemMatchPred is $elemMatch over the elements of an array: with a
// sub-filter (documents and arrays are matched as documents) or with value
// predicates that all must hold for one element.
type elemMatchPred struct {
	sub   matcher     // object form
	preds []predicate // value form
}

func (p elemMatchPred) expand() bool { return false }

func (p elemMatchPred) matchValue(m *matchCtx, v bson.RawValue) (bool, int, error) {
	if v.Type != bson.TypeArray {
		return false, -1, nil
	}
	saved := m.pos
	defer func() { m.pos = saved }()
	it := bson.Raw(v.Value).Iter()
	for i := 0; it.Next(); i++ {
		ok, err := p.element(m, it.Value())
		if err != nil || ok {
			return ok, i, err
		}
	}
	return false, -1, nil
}

func (p elemMatchPred) element(m *matchCtx, e bson.RawValue) (bool, error) {
	if p.sub != nil {
		if !isDocOrArray(e.Type) {
			return false, nil
		}
		return p.sub.matches(m, bson.Raw(e.Value))
	}
	for _, q := range p.preds {
		ok, _, err := q.matchValue(m, e)
		if !ok || err != nil {
			return false, err
		}
	}
	return true, nil
}

// bitsPred is $bitsAllSet, $bitsAllClear, $bitsAnySet and $bitsAnyClear.
type bitsPred struct {
	mask     []byte // little-endian bit mask
	set, all bool
}

func (p bitsPred) expand() bool { return true }

func (p bitsPred) matchValue(_ *matchCtx, v bson.RawValue) (bool, int, error) {
	var data []byte
	switch {
	case v.Type == bson.TypeBinary:
		data = v.Binary().Data
	case isNumber(v):
		n, ok := numExactInt64(v)
		if !ok {
			return false, -1, nil
		}
		for i := 0; i < 8; i++ {
			data = append(data, byte(uint64(n)>>(8*i)))
		}
	default:
		return false, -1, nil
	}
	return p.test(data, isNumber(v) && numFloat(v) < 0), -1, nil
}

// test compares the mask with data; bits beyond data are 0, or 1 for a
// negative number (sign extension).
func (p bitsPred) test(data []byte, negative bool) bool {
	for i, mb := range p.mask {
		var db byte
		if i < len(data) {
			db = data[i]
		} else if negative {
			db = 0xff
		}
		for bit := 0; bit < 8; bit++ {
			if mb&(1<<bit) == 0 {
				continue
			}
			isSet := db&(1<<bit) != 0
			if isSet == p.set && !p.all {
				return true
			}
			if isSet != p.set && p.all {
				return false
			}
		}
	}
	return p.all
}
