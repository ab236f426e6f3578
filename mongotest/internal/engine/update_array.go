package engine

import (
	"slices"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// $push, $addToSet, $pop, $pull and $pullAll.

type pushSpec struct {
	each     []bson.RawValue
	slice    *int64
	position *int64
	sort     *SortSpec // by fields
	sortDir  int       // by whole element: ±1
}

func parsePushSpec(name string, arg bson.RawValue, env *Env) (*pushSpec, error) {
	if name == "$addToSet" {
		return parseAddToSetSpec(arg)
	}
	d, ok := arg.DocumentOK()
	if !ok || d.Lookup("$each").Type == 0 {
		return &pushSpec{each: []bson.RawValue{arg}}, nil
	}
	s := &pushSpec{}
	it := d.Iter()
	for it.Next() {
		if err := s.clause(name, it.Key(), it.Value()); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// parseAddToSetSpec: only a document whose first field is $each lists
// values; any other value is added as a whole.
func parseAddToSetSpec(arg bson.RawValue) (*pushSpec, error) {
	d, ok := arg.DocumentOK()
	it := d.Iter()
	if !ok || !it.Next() || it.Key() != "$each" {
		return &pushSpec{each: []bson.RawValue{arg}}, nil
	}
	if it.Value().Type != bson.TypeArray {
		return nil, errorf(CodeTypeMismatch, "The argument to $each in $addToSet must be an array but it was of type %s", typeName(it.Value().Type))
	}
	if it.Next() {
		return nil, badValue("Found unexpected fields after $each in $addToSet: %s", formatDoc(d))
	}
	return &pushSpec{each: arrayValues(it.Value())}, nil
}

func (s *pushSpec) clause(op, k string, v bson.RawValue) error {
	switch k {
	case "$each":
		if v.Type != bson.TypeArray {
			return badValue("The argument to $each in %s must be an array but it was of type: %s", op, typeName(v.Type))
		}
		s.each = arrayValues(v)
	case "$slice", "$position":
		n, ok := numExactInt64(v)
		if !isNumber(v) || !ok {
			if k == "$slice" {
				return badValue("The value for $slice must be an integer value but was given type: %s", typeName(v.Type))
			}
			return badValue("The value for $position must be an integer value, not of type: %s", typeName(v.Type))
		}
		if k == "$slice" {
			s.slice = &n
		} else {
			s.position = &n
		}
	case "$sort":
		return s.parseSort(v)
	default:
		return badValue("Unrecognized clause in $push: %s", k)
	}
	return nil
}

func (s *pushSpec) parseSort(v bson.RawValue) error {
	if d, ok := v.DocumentOK(); ok {
		it := d.Iter()
		for it.Next() {
			f := numFloat(it.Value())
			if !isNumber(it.Value()) || (f != 1 && f != -1) {
				return badValue("The $sort element value must be either 1 or -1")
			}
			if strings.Contains("."+it.Key()+".", "..") {
				return badValue("The $sort field is a dotted field but has an empty part: %s", it.Key())
			}
		}
		spec, err := ParseSort(d)
		s.sort = spec
		return err
	}
	if isNumber(v) && (numFloat(v) == 1 || numFloat(v) == -1) {
		s.sortDir = int(numFloat(v))
		return nil
	}
	if isNumber(v) {
		return badValue("The $sort element value must be either 1 or -1")
	}
	return badValue("The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields")
}

func (a *applyCtx) push(op *updateOp, cur bson.RawValue, full []string) (bson.RawValue, error) {
	var vals []bson.RawValue
	switch {
	case cur.Type == bson.TypeArray:
		vals = arrayValues(cur)
	case cur.Type != 0 && op.name == "$push":
		return bson.RawValue{}, badValue("The field '%s' must be an array but is of type %s in document %s", strings.Join(full, "."), typeName(cur.Type), formatIDOrNone(a.orig))
	case cur.Type != 0:
		return bson.RawValue{}, badValue("Cannot apply $addToSet to non-array field. Field named '%s' has non-array type %s", full[len(full)-1], typeName(cur.Type))
	}
	if op.name == "$addToSet" {
		return a.addToSet(op, cur, vals), nil
	}
	vals = insertAt(vals, op.push.each, op.push.position)
	c := a.u.env.Collation
	switch {
	case op.push.sort != nil:
		slices.SortStableFunc(vals, func(x, y bson.RawValue) int { return op.push.sort.compareValues(x, y, c) })
	case op.push.sortDir != 0:
		slices.SortStableFunc(vals, func(x, y bson.RawValue) int { return Compare(x, y, c) * op.push.sortDir })
	}
	if s := op.push.slice; s != nil {
		vals = sliceVals(vals, 0, *s, true)
	}
	return valArray(vals), nil
}

func formatIDOrNone(doc bson.Raw) string {
	if id := doc.Lookup("_id"); id.Type != 0 {
		return formatElem("_id", id)
	}
	return "{no id}"
}

// insertAt inserts each at position (negative counts from the end; none
// appends).
func insertAt(vals, each []bson.RawValue, position *int64) []bson.RawValue {
	n := int64(len(vals))
	at := n
	if position != nil {
		p := *position
		switch {
		case p >= 0:
			at = min(p, n)
		case -p < n:
			at = n + p
		default:
			at = 0
		}
	}
	out := make([]bson.RawValue, 0, len(vals)+len(each))
	out = append(out, vals[:at]...)
	out = append(out, each...)
	return append(out, vals[at:]...)
}

func (a *applyCtx) addToSet(op *updateOp, cur bson.RawValue, vals []bson.RawValue) bson.RawValue {
	c := a.u.env.Collation
	changed := cur.Type == 0
	for _, v := range op.push.each {
		dup := false
		for _, x := range vals {
			if Equal(x, v, c) {
				dup = true
				break
			}
		}
		if !dup {
			vals = append(vals, v)
			changed = true
		}
	}
	if !changed {
		return bson.RawValue{}
	}
	return valArray(vals)
}

// pullSpec decides which elements $pull removes, as the server's three
// matchers do: a query document matches document elements; an operator
// document or a regex is matched against each element wrapped as {"": e}
// (so operators traverse element arrays); anything else is equality.
type pullSpec struct {
	object  matcher
	wrapped matcher
	eq      bson.RawValue
}

func parsePullSpec(arg bson.RawValue, env *Env) (*pullSpec, error) {
	mc := &matchCompiler{env: env}
	if d, ok := arg.DocumentOK(); ok && !startsWithPathKeyword(d) {
		sub, err := mc.parseDoc(d, false)
		return &pullSpec{object: sub}, err
	}
	if arg.Type == bson.TypeEmbeddedDoc || arg.Type == bson.TypeRegex {
		m, err := mc.parseField("", arg)
		return &pullSpec{wrapped: m}, err
	}
	return &pullSpec{eq: arg}, nil
}

// pathKeywords are the operators that apply to a field (as opposed to
// $and, $or, $expr and other top-level operators).
var pathKeywords = map[string]bool{
	"$eq": true, "$ne": true, "$gt": true, "$gte": true, "$lt": true, "$lte": true, "$in": true,
	"$nin": true, "$exists": true, "$type": true, "$regex": true, "$options": true, "$mod": true,
	"$size": true, "$elemMatch": true, "$all": true, "$not": true, "$bitsAllSet": true,
	"$bitsAllClear": true, "$bitsAnySet": true, "$bitsAnyClear": true,
}

func startsWithPathKeyword(d bson.Raw) bool {
	it := d.Iter()
	return it.Next() && pathKeywords[it.Key()]
}

func (s *pullSpec) matches(e bson.RawValue, c *Collation) (bool, error) {
	m := &matchCtx{coll: c, pos: -1}
	switch {
	case s.object != nil:
		if e.Type != bson.TypeEmbeddedDoc {
			return false, nil
		}
		return s.object.matches(m, bson.Raw(e.Value))
	case s.wrapped != nil:
		d, start := bson.AppendDocumentStart(nil)
		d = bson.AppendValueElement(d, "", e)
		return s.wrapped.matches(m, bson.AppendDocumentEnd(d, start))
	}
	return Compare(e, s.eq, c) == 0, nil
}

// cull implements $pop, $pull and $pullAll.
func (a *applyCtx) cull(op *updateOp, cur bson.RawValue, full []string) (bson.RawValue, error) {
	if cur.Type == 0 {
		return bson.RawValue{}, nil
	}
	if cur.Type != bson.TypeArray {
		if op.name == "$pop" {
			return bson.RawValue{}, errorf(CodeTypeMismatch, "Path '%s' contains an element of non-array type '%s'", strings.Join(full, "."), typeName(cur.Type))
		}
		return bson.RawValue{}, badValue("Cannot apply %s to a non-array value", op.name)
	}
	vals := arrayValues(cur)
	if op.name == "$pop" {
		if len(vals) == 0 {
			return bson.RawValue{}, nil
		}
		if numFloat(op.arg) > 0 {
			return valArray(vals[:len(vals)-1]), nil
		}
		return valArray(vals[1:]), nil
	}
	var out []bson.RawValue
	for _, e := range vals {
		drop, err := a.pullMatches(op, e)
		if err != nil {
			return bson.RawValue{}, err
		}
		if !drop {
			out = append(out, e)
		}
	}
	if len(out) == len(vals) {
		return bson.RawValue{}, nil
	}
	return valArray(out), nil
}

func (a *applyCtx) pullMatches(op *updateOp, e bson.RawValue) (bool, error) {
	c := a.u.env.Collation
	if op.name == "$pull" {
		return op.pull.matches(e, c)
	}
	for _, x := range arrayValues(op.arg) {
		if Compare(e, x, c) == 0 {
			return true, nil
		}
	}
	return false, nil
}
