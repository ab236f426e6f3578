package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// $lookup and $unionWith run in the engine when the Host can read
// collections; otherwise they go to Host.RunStage like other server stages.

// CollectionReader is implemented by a Host that lets the engine run
// $lookup and $unionWith itself.
type CollectionReader interface {
	// ReadCollection returns the documents of db.coll in natural order;
	// a missing collection is empty, not an error.
	ReadCollection(db, coll string) ([]bson.Raw, error)
}

func init() {
	stageParsers["$lookup"] = parseLookup
	stageParsers["$unionWith"] = parseUnionWith
}

type lookupStage struct {
	hostStage
	db, from       string
	local, foreign string
	as             []string
	let            bson.Raw
	pipeline       bson.RawValue
	env            *Env
}

func parseLookup(env *Env, name string, spec bson.RawValue) (stage, error) {
	d, ok := spec.DocumentOK()
	if !ok {
		return nil, errorf(CodeFailedToParse, "the $lookup specification must be an Object, but found %s", typeName(spec.Type))
	}
	s := lookupStage{hostStage: hostStage{name, spec}, env: env, db: env.DB}
	it := d.Iter()
	for it.Next() {
		if err := s.option(it.Key(), it.Value()); err != nil {
			return nil, err
		}
	}
	switch {
	case s.as == nil:
		return nil, errorf(CodeFailedToParse, "must specify 'as' field for a $lookup")
	case s.pipeline.Type == 0 && (s.local == "" || s.foreign == ""):
		return nil, errorf(CodeFailedToParse, "$lookup requires either 'pipeline' or both 'localField' and 'foreignField' to be specified")
	}
	if s.pipeline.Type != 0 {
		// Compile once now, with the let names bound to null, to report
		// errors at parse time as the server does.
		sub, err := s.subEnv(env, emptyDoc)
		if err != nil {
			return nil, err
		}
		if _, err := compilePipeline(s.pipeline, sub, nil); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *lookupStage) option(k string, v bson.RawValue) error {
	str, isStr := v.StringValueOK()
	switch k {
	case "from":
		if d, ok := v.DocumentOK(); ok {
			s.db, s.from = d.Lookup("db").StringValue(), d.Lookup("coll").StringValue()
			return nil
		}
		s.from = str
	case "localField":
		s.local = str
	case "foreignField":
		s.foreign = str
	case "as":
		s.as = splitPath(str)
	case "let":
		s.let = v.Document()
	case "pipeline":
		s.pipeline = v
		return nil
	default:
		return errorf(CodeFailedToParse, "unknown argument to $lookup: %s", k)
	}
	if !isStr && k != "let" {
		return errorf(CodeFailedToParse, "$lookup argument '%s: %s' must be a string", k, formatValue(v))
	}
	return nil
}

func (s lookupStage) run(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
	cr, ok := rc.host.(CollectionReader)
	if !ok {
		return s.hostStage.run(rc, in)
	}
	foreign, err := cr.ReadCollection(s.db, s.from)
	if err != nil {
		return nil, err
	}
	out := make([]bson.Raw, 0, len(in))
	for _, d := range in {
		matches, err := s.join(rc, d, foreign)
		if err != nil {
			return nil, err
		}
		vals := make([]bson.RawValue, len(matches))
		for i, m := range matches {
			vals[i] = valDoc(m)
		}
		out = append(out, setPath(d, s.as, valArray(vals)))
	}
	return out, nil
}

// join returns the foreign documents for one input document.
func (s lookupStage) join(rc *runCtx, d bson.Raw, foreign []bson.Raw) ([]bson.Raw, error) {
	docs := foreign
	if s.local != "" {
		f, err := CompileFilter(equalityFilter(s.foreign, localValues(d, s.local)), rc.env)
		if err != nil {
			return nil, err
		}
		docs = nil
		for _, fd := range foreign {
			ok, err := f.Match(fd)
			if err != nil {
				return nil, err
			}
			if ok {
				docs = append(docs, fd)
			}
		}
	}
	if s.pipeline.Type == 0 {
		return docs, nil
	}
	env, err := s.subEnv(rc.env, d)
	if err != nil {
		return nil, err
	}
	p, err := compilePipeline(s.pipeline, env, nil)
	if err != nil {
		return nil, err
	}
	return p.runWith(&runCtx{ctx: rc.ctx, env: env, host: rc.host}, docs)
}

// localValues lists the values of the local field; an array contributes
// its elements, a missing field null.
func localValues(d bson.Raw, path string) []bson.RawValue {
	var out []bson.RawValue
	walkPath(d, splitPath(path), true, func(v bson.RawValue, _ int) bool {
		if v.Type == 0 {
			v = valNull
		}
		if v.Type != bson.TypeArray {
			out = append(out, v)
		}
		return false
	})
	if len(out) == 0 {
		out = append(out, valNull)
	}
	return out
}

// equalityFilter builds {path: {$in: vals}}; regexes are compared as
// values, not patterns.
func equalityFilter(path string, vals []bson.RawValue) bson.Raw {
	var ors []bson.RawValue
	for _, v := range vals {
		eq := &fieldList{}
		eq.set("$eq", v)
		f := &fieldList{}
		f.set(path, eq.value())
		ors = append(ors, f.value())
	}
	root := &fieldList{}
	root.set("$or", valArray(ors))
	return root.doc()
}

// subEnv binds the $lookup let variables, evaluated against d.
func (s lookupStage) subEnv(parent *Env, d bson.Raw) (*Env, error) {
	env := *parent
	env.letNames = append([]string(nil), parent.letNames...)
	env.letVals = append([]bson.RawValue(nil), parent.letVals...)
	it := s.let.Iter()
	for it.Next() {
		if err := validateVarName(it.Key()); err != nil {
			return nil, err
		}
		x, err := CompileExpression(it.Value(), parent)
		if err != nil {
			return nil, err
		}
		v, err := x.Eval(d)
		if err != nil {
			return nil, err
		}
		if v.Type == 0 {
			v = valNull
		}
		env.bind(it.Key(), v)
	}
	return &env, nil
}

type unionWithStage struct {
	hostStage
	db, coll string
	pipeline bson.RawValue
	env      *Env
}

func parseUnionWith(env *Env, name string, spec bson.RawValue) (stage, error) {
	s := unionWithStage{hostStage: hostStage{name, spec}, db: env.DB, env: env}
	if c, ok := spec.StringValueOK(); ok {
		s.coll = c
		return s, nil
	}
	d, ok := spec.DocumentOK()
	if !ok {
		return nil, errorf(CodeFailedToParse, "the $unionWith stage specification must be an object or string, but found %s", typeName(spec.Type))
	}
	s.coll, s.pipeline = d.Lookup("coll").StringValue(), d.Lookup("pipeline")
	if s.pipeline.Type != 0 {
		if _, err := compilePipeline(s.pipeline, env, nil); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s unionWithStage) run(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
	cr, ok := rc.host.(CollectionReader)
	if !ok {
		return s.hostStage.run(rc, in)
	}
	var other []bson.Raw
	if s.coll != "" {
		var err error
		if other, err = cr.ReadCollection(s.db, s.coll); err != nil {
			return nil, err
		}
	}
	if s.pipeline.Type != 0 {
		p, err := compilePipeline(s.pipeline, s.env, nil)
		if err != nil {
			return nil, err
		}
		if other, err = p.runWith(rc, other); err != nil {
			return nil, err
		}
	}
	return append(append([]bson.Raw(nil), in...), other...), nil
}
