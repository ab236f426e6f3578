package engine

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// Projection is a compiled projection: find's projection option, or the
// body of $project, $unset and the projection part of $addFields. Safe for
// concurrent use.
type Projection struct {
	root       *projNode
	inclusion  bool // inclusion mode; false means exclusion mode
	excludeID  bool
	positional []string // the path before ".$", find only
	c          *compiler
	agg        bool
}

// projNode is one path part of a projection.
type projNode struct {
	kids  map[string]*projNode
	order []string // children in specification order
	leaf  projLeaf
}

type projLeafKind int

const (
	leafNone projLeafKind = iota
	leafInclude
	leafExclude
	leafExpr
	leafSlice
	leafElemMatch
)

type projLeaf struct {
	kind      projLeafKind
	x         expr
	skip      int64 // $slice
	limit     int64
	hasSkip   bool
	elemMatch *elemMatchPred
}

// CompileProjection compiles find's projection option: inclusion or
// exclusion of fields (_id is included unless excluded), nested paths,
// computed fields ({a: {$add: [...]}}, {a: "$b"}, literals), and the find
// operators $slice, $elemMatch and the positional "a.$". Errors are the
// server's: 31253/31254 for mixing inclusion and exclusion, 31249/31250 for
// path collisions. A nil spec returns documents unchanged.
func CompileProjection(spec bson.Raw, env *Env) (*Projection, error) {
	if len(spec) == 0 {
		spec = emptyDoc
	}
	return compileProjection(spec, env, false)
}

func compileProjection(spec bson.Raw, env *Env, agg bool) (*Projection, error) {
	p := &Projection{root: &projNode{}, c: newCompiler(env), agg: agg}
	pp := &projParser{p: p}
	if err := pp.parseObject(spec, nil, true); err != nil {
		return nil, err
	}
	if agg && pp.fields == 0 {
		return nil, errorf(51272, "projection specification must have at least one field")
	}
	// {_id: 1} alone is an inclusion projection of _id; {} and {_id: 0}
	// keep everything else.
	p.inclusion = pp.mode == modeInclude || pp.mode == modeNone && pp.idSeen && !p.excludeID && !pp.hasSliceOnly
	if len(p.positional) > 0 && !p.inclusion && pp.mode == modeExclude {
		return nil, errorf(31395, "positional projection cannot be used with exclusion")
	}
	return p, nil
}

type projMode int

const (
	modeNone projMode = iota
	modeInclude
	modeExclude
)

type projParser struct {
	p            *Projection
	mode         projMode
	fields       int
	idSeen       bool
	hasSliceOnly bool
}

func (pp *projParser) parseObject(d bson.Raw, prefix []string, top bool) error {
	it := d.Iter()
	for it.Next() {
		k, v := it.Key(), it.Value()
		pp.fields++
		if strings.HasPrefix(k, "$") && !(k == "$" && !pp.p.agg) {
			return errorf(16410, "FieldPath field names may not start with '$'. Consider using $getField or $setField.")
		}
		if err := pp.parseField(prefix, k, v, top); err != nil {
			return err
		}
	}
	if it.Err() != nil {
		return malformed(it.Err())
	}
	return nil
}

func (pp *projParser) parseField(prefix []string, k string, v bson.RawValue, top bool) error {
	if strings.HasSuffix(k, ".$") || strings.Contains(k, ".$.") || k == "$" {
		return pp.parsePositional(prefix, k, v)
	}
	parts, err := parseFieldPath(k, true)
	if err != nil {
		return err
	}
	path := append(append([]string{}, prefix...), parts...)
	isID := len(path) == 1 && path[0] == "_id"
	switch {
	case v.Type == bson.TypeBoolean || isNumber(v):
		return pp.parseFlag(path, truthy(v), isID)
	case v.Type == bson.TypeEmbeddedDoc:
		return pp.parseDocValue(path, bson.Raw(v.Value))
	}
	return pp.parseComputed(path, v)
}

func (pp *projParser) parseFlag(path []string, include, isID bool) error {
	if isID {
		pp.idSeen = true
		pp.p.excludeID = !include
		if include {
			return pp.add(path, projLeaf{kind: leafInclude})
		}
		return pp.add(path, projLeaf{kind: leafExclude})
	}
	want := modeExclude
	if include {
		want = modeInclude
	}
	if err := pp.setMode(want, strings.Join(path, ".")); err != nil {
		return err
	}
	kind := leafExclude
	if include {
		kind = leafInclude
	}
	return pp.add(path, projLeaf{kind: kind})
}

// setMode fixes inclusion or exclusion mode, failing on a mix.
func (pp *projParser) setMode(m projMode, field string) error {
	switch {
	case pp.mode == modeNone:
		pp.mode = m
	case pp.mode == modeInclude && m == modeExclude:
		return errorf(31254, "Cannot do exclusion on field %s in inclusion projection", field)
	case pp.mode == modeExclude && m == modeInclude:
		return errorf(31253, "Cannot do inclusion on field %s in exclusion projection", field)
	}
	return nil
}

// parseDocValue handles {a: {...}}: a find operator, an expression or a
// nested projection.
func (pp *projParser) parseDocValue(path []string, d bson.Raw) error {
	if d.Len() == 0 {
		return errorf(51270, "An empty sub-projection is not a valid value. Found empty object at path")
	}
	if !isOperatorDoc(d) {
		return pp.parseObject(d, path, false)
	}
	it := d.Iter()
	it.Next()
	switch op := it.Key(); {
	case op == "$slice" && !pp.p.agg && d.Len() == 1 && !isExprSlice(it.Value()):
		return pp.parseSlice(path, it.Value())
	case op == "$elemMatch" && !pp.p.agg:
		return pp.parseElemMatch(path, it.Value())
	case op == "$meta":
		return pp.add(path, projLeaf{kind: leafInclude})
	}
	return pp.parseComputed(path, valDoc(d))
}

// isExprSlice tells the $slice expression ([array, n]) from find's
// {$slice: n} and {$slice: [skip, limit]}.
func isExprSlice(v bson.RawValue) bool {
	if v.Type != bson.TypeArray {
		return false
	}
	vals := arrayValues(v)
	return len(vals) == 2 && !isNumber(vals[0]) || len(vals) == 3
}

func (pp *projParser) parseComputed(path []string, v bson.RawValue) error {
	x, err := pp.p.c.parse(v)
	if err != nil {
		return err
	}
	if err := pp.setMode(modeInclude, strings.Join(path, ".")); err != nil {
		return err
	}
	return pp.add(path, projLeaf{kind: leafExpr, x: x})
}

func (pp *projParser) parseSlice(path []string, v bson.RawValue) error {
	l := projLeaf{kind: leafSlice}
	switch {
	case isNumber(v):
		n, _ := truncInt64(v)
		l.limit = n
	case v.Type == bson.TypeArray:
		vals := arrayValues(v)
		if len(vals) != 2 || !isNumber(vals[0]) || !isNumber(vals[1]) {
			return badValue("$slice only supports numbers and [skip, limit] arrays")
		}
		l.skip, _ = truncInt64(vals[0])
		l.limit, _ = truncInt64(vals[1])
		l.hasSkip = true
		if l.limit <= 0 {
			return badValue("$slice limit must be positive")
		}
	default:
		return badValue("$slice only supports numbers and [skip, limit] arrays")
	}
	if pp.mode == modeNone {
		pp.hasSliceOnly = true
	}
	return pp.add(path, l)
}

func (pp *projParser) parseElemMatch(path []string, v bson.RawValue) error {
	if len(path) > 1 {
		return badValue("Cannot use $elemMatch projection on a nested field.")
	}
	if v.Type != bson.TypeEmbeddedDoc {
		return badValue("elemMatch: Invalid argument, object required.")
	}
	mc := &matchCompiler{env: pp.p.c.env}
	pred, err := mc.parseElemMatch(v)
	if err != nil {
		return err
	}
	f := pred.(elemMatchPred)
	if err := pp.setMode(modeInclude, strings.Join(path, ".")); err != nil {
		return err
	}
	return pp.add(path, projLeaf{kind: leafElemMatch, elemMatch: &f})
}

func (pp *projParser) parsePositional(prefix []string, k string, v bson.RawValue) error {
	if pp.p.agg {
		return errorf(31324, "Cannot use positional projection in aggregation projection")
	}
	if !strings.HasSuffix(k, ".$") || strings.Count(k, "$") > 1 {
		return errorf(31394, "As of 4.4, it's illegal to specify positional operator in the middle of a path.Positional projection may only be used at the end, for example: a.b.$. If the query previously used a form like a.b.$.d, remove the parts following the '$' and the results will be equivalent.")
	}
	if len(pp.p.positional) > 0 {
		return errorf(31276, "Cannot specify more than one positional projection per query.")
	}
	if !truthy(v) {
		return errorf(31395, "positional projection cannot be used with exclusion")
	}
	path := append(append([]string{}, prefix...), splitPath(strings.TrimSuffix(k, ".$"))...)
	pp.p.positional = path
	if err := pp.setMode(modeInclude, k); err != nil {
		return err
	}
	return pp.add(path, projLeaf{kind: leafInclude})
}

// add inserts a leaf at path, reporting path collisions.
func (pp *projParser) add(path []string, l projLeaf) error {
	cur := pp.p.root
	for i, part := range path {
		if cur.leaf.kind != leafNone {
			return errorf(31249, "Path collision at %s remaining portion %s", strings.Join(path, "."), strings.Join(path[i:], "."))
		}
		next, ok := cur.kids[part]
		if i == len(path)-1 {
			if ok {
				return errorf(31250, "Path collision at %s", strings.Join(path, "."))
			}
			cur.addKid(part, &projNode{leaf: l})
			return nil
		}
		if !ok {
			next = &projNode{}
			cur.addKid(part, next)
		}
		cur = next
	}
	return nil
}

func (n *projNode) addKid(name string, k *projNode) {
	if n.kids == nil {
		n.kids = map[string]*projNode{}
	}
	n.kids[name] = k
	n.order = append(n.order, name)
}

// NeedsPosition reports whether the projection has a positional "a.$"
// part, which needs the position Filter.MatchPos found.
func (p *Projection) NeedsPosition() bool { return len(p.positional) > 0 }
