package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// $project, $unset, $addFields/$set and $replaceRoot/$replaceWith.

func init() {
	stageParsers["$project"] = parseProjectStage
	stageParsers["$unset"] = parseUnsetStage
	stageParsers["$addFields"] = parseAddFieldsStage
	stageParsers["$set"] = parseAddFieldsStage
	stageParsers["$replaceRoot"] = parseReplaceRoot
	stageParsers["$replaceWith"] = parseReplaceRoot
}

type projectStage struct {
	stageName string
	p         *Projection
}

func (s projectStage) name() string { return s.stageName }

func (s projectStage) run(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
	ec := s.p.c.newCtx(bson.RawValue{})
	out := make([]bson.Raw, 0, len(in))
	for _, d := range in {
		ec.reset(valDoc(d))
		r, err := s.p.apply(ec, d, -1)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func parseProjectStage(env *Env, name string, spec bson.RawValue) (stage, error) {
	d, ok := spec.DocumentOK()
	if !ok {
		return nil, errorf(15969, "$project specification must be an object")
	}
	p, err := compileProjection(d, env, true)
	if err != nil {
		return nil, wrapf(err, "Invalid $project")
	}
	return projectStage{name, p}, nil
}

func parseUnsetStage(env *Env, name string, spec bson.RawValue) (stage, error) {
	var fields []bson.RawValue
	switch spec.Type {
	case bson.TypeString:
		fields = []bson.RawValue{spec}
	case bson.TypeArray:
		fields = arrayValues(spec)
		if len(fields) == 0 {
			return nil, errorf(31119, "$unset specification must be a string or an array with at least one field")
		}
	default:
		return nil, errorf(31002, "$unset specification must be a string or an array")
	}
	d, start := bson.AppendDocumentStart(nil)
	for _, f := range fields {
		s, ok := f.StringValueOK()
		if !ok {
			return nil, errorf(31120, "$unset specification must be a string or an array containing only string values")
		}
		d = bson.AppendInt32Element(d, s, 0)
	}
	p, err := compileProjection(bson.AppendDocumentEnd(d, start), env, true)
	if err != nil {
		return nil, wrapf(err, "Invalid $unset")
	}
	return projectStage{name, p}, nil
}

// addFieldsStage sets computed fields, keeping all others; nested objects
// of expressions merge into existing sub-documents.
type addFieldsStage struct {
	stageName string
	root      *projNode
	c         *compiler
}

func (s addFieldsStage) name() string { return s.stageName }

func parseAddFieldsStage(env *Env, name string, spec bson.RawValue) (stage, error) {
	d, ok := spec.DocumentOK()
	if !ok {
		return nil, errorf(40272, "%s specification stage must be an object, got %s", name, typeName(spec.Type))
	}
	s := addFieldsStage{stageName: name, root: &projNode{}, c: newCompiler(env)}
	pp := &projParser{p: &Projection{root: s.root, c: s.c, agg: true}}
	if err := s.parse(pp, d, nil); err != nil {
		return nil, wrapf(err, "Invalid %s", name)
	}
	return s, nil
}

func (s addFieldsStage) parse(pp *projParser, d bson.Raw, prefix []string) error {
	it := d.Iter()
	for it.Next() {
		parts, err := parseFieldPath(it.Key(), true)
		if err != nil {
			return err
		}
		path := append(append([]string{}, prefix...), parts...)
		v := it.Value()
		if sub, ok := v.DocumentOK(); ok && sub.Len() > 0 && !isOperatorDoc(sub) {
			if err := s.parse(pp, sub, path); err != nil {
				return err
			}
			continue
		}
		x, err := s.c.parse(v)
		if err != nil {
			return err
		}
		if err := pp.add(path, projLeaf{kind: leafExpr, x: x}); err != nil {
			return err
		}
	}
	return nil
}

func (s addFieldsStage) run(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
	ec := s.c.newCtx(bson.RawValue{})
	out := make([]bson.Raw, 0, len(in))
	for _, d := range in {
		ec.reset(valDoc(d))
		f, err := addFields(ec, s.root, d)
		if err != nil {
			return nil, err
		}
		out = append(out, f.doc())
	}
	return out, nil
}

// addFields applies node n to document d.
func addFields(ec *evalCtx, n *projNode, d bson.Raw) (*fieldList, error) {
	out := fieldsOf(d)
	for _, k := range n.order {
		kid := n.kids[k]
		var v bson.RawValue
		var err error
		if kid.leaf.kind == leafExpr {
			v, err = kid.leaf.x.eval(ec)
		} else {
			v, err = addFieldsValue(ec, kid, out.get(k))
		}
		if err != nil {
			return nil, err
		}
		out.set(k, v)
	}
	return out, nil
}

// addFieldsValue applies a nested spec to an existing value: documents
// are merged into, arrays element by element, anything else replaced.
func addFieldsValue(ec *evalCtx, kid *projNode, cur bson.RawValue) (bson.RawValue, error) {
	switch cur.Type {
	case bson.TypeEmbeddedDoc:
		f, err := addFields(ec, kid, bson.Raw(cur.Value))
		if err != nil {
			return bson.RawValue{}, err
		}
		return f.value(), nil
	case bson.TypeArray:
		vals := arrayValues(cur)
		for i, e := range vals {
			r, err := addFieldsValue(ec, kid, e)
			if err != nil {
				return bson.RawValue{}, err
			}
			vals[i] = r
		}
		return valArray(vals), nil
	}
	f, err := addFields(ec, kid, emptyDoc)
	if err != nil {
		return bson.RawValue{}, err
	}
	return f.value(), nil
}

type replaceRootStage struct {
	stageName string
	x         expr
	c         *compiler
}

func (s replaceRootStage) name() string { return s.stageName }

func parseReplaceRoot(env *Env, name string, spec bson.RawValue) (stage, error) {
	c := newCompiler(env)
	arg := spec
	if name == "$replaceRoot" {
		d, ok := spec.DocumentOK()
		if !ok {
			return nil, errorf(40229, "expected an object as specification for $replaceRoot stage, got %s", typeName(spec.Type))
		}
		if err := checkKeys(d, 40415, "$replaceRoot", "newRoot"); err != nil {
			return nil, err
		}
		if arg = d.Lookup("newRoot"); arg.Type == 0 {
			return nil, errorf(40231, "no newRoot specified for the $replaceRoot stage")
		}
	}
	x, err := c.parse(arg)
	if err != nil {
		return nil, err
	}
	return replaceRootStage{name, x, c}, nil
}

func (s replaceRootStage) run(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
	ec := s.c.newCtx(bson.RawValue{})
	out := make([]bson.Raw, 0, len(in))
	for _, d := range in {
		ec.reset(valDoc(d))
		v, err := s.x.eval(ec)
		if err != nil {
			return nil, err
		}
		if v.Type != bson.TypeEmbeddedDoc {
			what := "'newRoot' expression "
			if s.stageName == "$replaceWith" {
				what = "'replacement document' "
			}
			return nil, errorf(40228, "%smust evaluate to an object, but resulting value was: %s. Type of resulting value: '%s'. Input document: %s", what, formatValue(v), typeName(v.Type), formatDoc(d))
		}
		out = append(out, bson.Raw(v.Value))
	}
	return out, nil
}
