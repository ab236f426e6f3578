package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// Apply projects doc. pos is the array position from Filter.MatchPos,
// used by a positional "a.$" projection (pass -1 otherwise).
func (p *Projection) Apply(doc bson.Raw, pos int) (bson.Raw, error) {
	ec := p.c.newCtx(valDoc(doc))
	return p.apply(ec, doc, pos)
}

func (p *Projection) apply(ec *evalCtx, doc bson.Raw, pos int) (bson.Raw, error) {
	pa := &projApply{p: p, ec: ec, pos: pos}
	var out *fieldList
	var err error
	if p.inclusion {
		out, err = pa.include(p.root, doc, nil)
	} else {
		out, err = pa.exclude(p.root, doc, nil)
	}
	if err != nil {
		return nil, err
	}
	return out.doc(), nil
}

type projApply struct {
	p   *Projection
	ec  *evalCtx
	pos int
}

// include builds the inclusion projection of document d at node n.
func (pa *projApply) include(n *projNode, d bson.Raw, path []string) (*fieldList, error) {
	out := &fieldList{}
	if len(path) == 0 && !pa.p.excludeID && n.kids["_id"] == nil {
		if id := d.Lookup("_id"); id.Type != 0 {
			out.set("_id", id)
		}
	}
	it := d.Iter()
	for it.Next() {
		k := it.Key()
		kid := n.kids[k]
		if kid == nil || kid.leaf.kind == leafExpr || kid.leaf.kind == leafExclude {
			continue
		}
		v, err := pa.includeValue(kid, it.Value(), append(path[:len(path):len(path)], k))
		if err != nil {
			return nil, err
		}
		out.set(k, v)
	}
	return out, pa.computed(n, d, out, path)
}

// includeValue projects one included field value.
func (pa *projApply) includeValue(kid *projNode, v bson.RawValue, path []string) (bson.RawValue, error) {
	switch kid.leaf.kind {
	case leafInclude:
		if pa.isPositional(path) {
			return pa.positional(v)
		}
		return v, nil
	case leafSlice:
		return sliceProjection(kid.leaf, v), nil
	case leafElemMatch:
		return elemMatchProjection(kid.leaf.elemMatch, v, pa.ec.env.Collation)
	}
	switch v.Type {
	case bson.TypeEmbeddedDoc:
		sub, err := pa.include(kid, bson.Raw(v.Value), path)
		if err != nil {
			return bson.RawValue{}, err
		}
		return sub.value(), nil
	case bson.TypeArray:
		return pa.includeArray(kid, v, path)
	}
	if kid.hasComputed() {
		sub, err := pa.include(kid, emptyDoc, path)
		if err != nil {
			return bson.RawValue{}, err
		}
		return sub.value(), nil
	}
	return bson.RawValue{}, nil
}

// includeArray applies a sub-projection to each element: documents are
// projected, nested arrays recursed into, other values dropped (or turned
// into documents of computed fields).
func (pa *projApply) includeArray(kid *projNode, v bson.RawValue, path []string) (bson.RawValue, error) {
	var out []bson.RawValue
	for _, e := range arrayValues(v) {
		switch {
		case e.Type == bson.TypeEmbeddedDoc || e.Type == bson.TypeArray:
			r, err := pa.includeValue(kid, e, path)
			if err != nil {
				return bson.RawValue{}, err
			}
			out = append(out, r)
		case kid.hasComputed():
			sub, err := pa.include(kid, emptyDoc, path)
			if err != nil {
				return bson.RawValue{}, err
			}
			out = append(out, sub.value())
		}
	}
	return valArray(out), nil
}

// computed adds the computed fields of n, and sub-documents holding
// computed fields that d lacks, after the included ones.
func (pa *projApply) computed(n *projNode, d bson.Raw, out *fieldList, path []string) error {
	for _, k := range n.order {
		kid := n.kids[k]
		switch {
		case kid.leaf.kind == leafExpr:
			v, err := kid.leaf.x.eval(pa.ec)
			if err != nil {
				return err
			}
			out.set(k, v)
		case kid.leaf.kind == leafNone && kid.hasComputed() && d.Lookup(k).Type == 0:
			sub, err := pa.include(kid, emptyDoc, append(path[:len(path):len(path)], k))
			if err != nil {
				return err
			}
			out.set(k, sub.value())
		}
	}
	return nil
}

func (n *projNode) hasComputed() bool {
	if n.leaf.kind == leafExpr {
		return true
	}
	for _, k := range n.kids {
		if k.hasComputed() {
			return true
		}
	}
	return false
}

// exclude copies d without the excluded paths.
func (pa *projApply) exclude(n *projNode, d bson.Raw, path []string) (*fieldList, error) {
	out := &fieldList{}
	it := d.Iter()
	for it.Next() {
		k, v := it.Key(), it.Value()
		kid := n.kids[k]
		if kid == nil {
			out.set(k, v)
			continue
		}
		r, err := pa.excludeValue(kid, v, append(path[:len(path):len(path)], k))
		if err != nil {
			return nil, err
		}
		out.set(k, r)
	}
	return out, nil
}

func (pa *projApply) excludeValue(kid *projNode, v bson.RawValue, path []string) (bson.RawValue, error) {
	switch kid.leaf.kind {
	case leafExclude:
		return bson.RawValue{}, nil
	case leafSlice:
		return sliceProjection(kid.leaf, v), nil
	case leafInclude:
		return v, nil
	}
	switch v.Type {
	case bson.TypeEmbeddedDoc:
		sub, err := pa.exclude(kid, bson.Raw(v.Value), path)
		if err != nil {
			return bson.RawValue{}, err
		}
		return sub.value(), nil
	case bson.TypeArray:
		vals := arrayValues(v)
		for i, e := range vals {
			if isDocOrArray(e.Type) {
				r, err := pa.excludeValue(kid, e, path)
				if err != nil {
					return bson.RawValue{}, err
				}
				vals[i] = r
			}
		}
		return valArray(vals), nil
	}
	return v, nil
}

func (pa *projApply) isPositional(path []string) bool {
	pp := pa.p.positional
	if len(pp) != len(path) {
		return false
	}
	for i := range pp {
		if pp[i] != path[i] {
			return false
		}
	}
	return true
}

// positional keeps only the element the query matched.
func (pa *projApply) positional(v bson.RawValue) (bson.RawValue, error) {
	if pa.pos < 0 {
		return bson.RawValue{}, errorf(51246, "positional operator '.$' couldn't find a matching element in the array")
	}
	if v.Type != bson.TypeArray {
		return bson.RawValue{}, errorf(51247, "positional operator '.$' element mismatch")
	}
	vals := arrayValues(v)
	if pa.pos >= len(vals) {
		return bson.RawValue{}, errorf(51247, "positional operator '.$' element mismatch")
	}
	return valArray(vals[pa.pos : pa.pos+1]), nil
}

// sliceProjection applies find's $slice to an array; other values pass.
func sliceProjection(l projLeaf, v bson.RawValue) bson.RawValue {
	if v.Type != bson.TypeArray {
		return v
	}
	vals := arrayValues(v)
	n := int64(len(vals))
	if !l.hasSkip {
		return valArray(sliceVals(vals, 0, l.limit, true))
	}
	skip := l.skip
	if skip < 0 {
		skip = max(n+skip, 0)
	}
	return valArray(sliceVals(vals, skip, l.limit, false))
}

// elemMatchProjection keeps the first element matching the $elemMatch,
// or drops the field when none does.
func elemMatchProjection(p *elemMatchPred, v bson.RawValue, c *Collation) (bson.RawValue, error) {
	if v.Type != bson.TypeArray {
		return bson.RawValue{}, nil
	}
	m := &matchCtx{coll: c, pos: -1}
	for _, e := range arrayValues(v) {
		ok, err := p.element(m, e)
		if err != nil {
			return bson.RawValue{}, err
		}
		if ok {
			return valArray([]bson.RawValue{e}), nil
		}
	}
	return bson.RawValue{}, nil
}
