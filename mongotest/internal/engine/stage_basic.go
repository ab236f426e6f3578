package engine

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// $match, $limit, $skip, $sort, $count, $sample and $facet.

func init() {
	stageParsers["$match"] = parseMatchStage
	stageParsers["$limit"] = parseLimitSkip
	stageParsers["$skip"] = parseLimitSkip
	stageParsers["$sort"] = parseSortStage
	stageParsers["$count"] = parseCountStage
	stageParsers["$sample"] = parseSampleStage
	stageParsers["$facet"] = parseFacetStage
	stageParsers["$sortByCount"] = parseSortByCount
}

// funcStage is a stage given as a function.
type funcStage struct {
	stageName string
	fn        func(rc *runCtx, in []bson.Raw) ([]bson.Raw, error)
}

func (s funcStage) name() string { return s.stageName }

func (s funcStage) run(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) { return s.fn(rc, in) }

func parseMatchStage(env *Env, name string, spec bson.RawValue) (stage, error) {
	d, ok := spec.DocumentOK()
	if !ok {
		return nil, errorf(15959, "the match filter must be an expression in an object")
	}
	f, err := CompileFilter(d, env)
	if err != nil {
		return nil, err
	}
	return funcStage{name, func(_ *runCtx, in []bson.Raw) ([]bson.Raw, error) {
		var out []bson.Raw
		for _, doc := range in {
			ok, err := f.Match(doc)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, doc)
			}
		}
		return out, nil
	}}, nil
}

func parseLimitSkip(_ *Env, name string, spec bson.RawValue) (stage, error) {
	n, ok := numExactInt64(spec)
	word := strings.TrimPrefix(name, "$")
	switch {
	case !isNumber(spec):
		return nil, errorf(map[string]int32{"$limit": 15957, "$skip": 15972}[name], "the %s must be specified as a number", word)
	case !ok:
		return nil, errorf(map[string]int32{"$limit": 15957, "$skip": 15972}[name], "the %s must be specified as a number", word)
	case name == "$limit" && n <= 0:
		return nil, errorf(15958, "the limit must be positive")
	case name == "$skip" && n < 0:
		return nil, errorf(5107200, "invalid argument to $skip stage: Cannot skip a negative number of documents: %d", n)
	}
	return funcStage{name, func(_ *runCtx, in []bson.Raw) ([]bson.Raw, error) {
		if name == "$limit" {
			return in[:min(int64(len(in)), n)], nil
		}
		return in[min(int64(len(in)), n):], nil
	}}, nil
}

func parseSortStage(env *Env, name string, spec bson.RawValue) (stage, error) {
	d, ok := spec.DocumentOK()
	if !ok {
		return nil, errorf(15973, "the $sort key specification must be an object")
	}
	s, err := ParseSort(d)
	if err != nil {
		return nil, err
	}
	if s.Empty() && s.Natural() == 0 {
		return nil, errorf(15976, "$sort stage must have at least one sort key")
	}
	return funcStage{name, func(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
		out := append([]bson.Raw(nil), in...)
		s.Sort(out, rc.env.Collation)
		return out, nil
	}}, nil
}

func parseCountStage(_ *Env, name string, spec bson.RawValue) (stage, error) {
	field, ok := spec.StringValueOK()
	switch {
	case !ok || field == "":
		return nil, errorf(40156, "the count field must be a non-empty string")
	case strings.HasPrefix(field, "$"):
		return nil, errorf(40158, "the count field cannot be a $-prefixed path")
	case strings.Contains(field, "."):
		return nil, errorf(40160, "the count field cannot contain '.'")
	}
	return funcStage{name, func(_ *runCtx, in []bson.Raw) ([]bson.Raw, error) {
		if len(in) == 0 {
			return nil, nil
		}
		d, start := bson.AppendDocumentStart(nil)
		d = bson.AppendValueElement(d, field, valInt(int64(len(in))))
		return []bson.Raw{bson.AppendDocumentEnd(d, start)}, nil
	}}, nil
}

func parseSampleStage(_ *Env, name string, spec bson.RawValue) (stage, error) {
	d, ok := spec.DocumentOK()
	if !ok {
		return nil, errorf(28745, "the $sample stage specification must be an object")
	}
	size := d.Lookup("size")
	n, ok := numExactInt64(size)
	if size.Type == 0 {
		return nil, errorf(28749, "$sample stage must specify a size")
	}
	if !ok || n < 0 {
		return nil, errorf(28747, "size argument to $sample must not be negative")
	}
	return funcStage{name, func(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
		out := append([]bson.Raw(nil), in...)
		for i := len(out) - 1; i > 0; i-- { // Fisher-Yates with the env's source
			j := int(rc.env.random() * float64(i+1))
			out[i], out[j] = out[j], out[i]
		}
		return out[:min(int64(len(out)), n)], nil
	}}, nil
}

func parseFacetStage(env *Env, name string, spec bson.RawValue) (stage, error) {
	d, ok := spec.DocumentOK()
	if !ok || d.Len() == 0 {
		return nil, errorf(40169, "the $facet specification must be a non-empty object")
	}
	var names []string
	var pipes []*Pipeline
	it := d.Iter()
	for it.Next() {
		if it.Value().Type != bson.TypeArray {
			return nil, errorf(40170, "arguments to $facet must be arrays, %s is type %s", it.Key(), typeName(it.Value().Type))
		}
		p, err := compilePipeline(it.Value(), env, nil)
		if err != nil {
			return nil, err
		}
		names, pipes = append(names, it.Key()), append(pipes, p)
	}
	return funcStage{name, func(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
		out := &fieldList{}
		for i, p := range pipes {
			res, err := p.runWith(rc, in)
			if err != nil {
				return nil, err
			}
			vals := make([]bson.RawValue, len(res))
			for j, r := range res {
				vals[j] = valDoc(r)
			}
			out.set(names[i], valArray(vals))
		}
		return []bson.Raw{out.doc()}, nil
	}}, nil
}

// parseSortByCount is $group {_id: expr, count: {$sum: 1}} then $sort
// {count: -1}.
func parseSortByCount(env *Env, name string, spec bson.RawValue) (stage, error) {
	if s, ok := spec.StringValueOK(); !ok || !strings.HasPrefix(s, "$") {
		if d, ok := spec.DocumentOK(); !ok || !isOperatorDoc(d) {
			return nil, errorf(40148, "the sortByCount field must be defined as a $-prefixed path or an expression")
		}
	}
	g := &fieldList{}
	g.set("_id", spec)
	sum := &fieldList{}
	sum.set("$sum", valInt32(1))
	g.set("count", sum.value())
	gs, err := parseGroupStage(env, "$group", g.value())
	if err != nil {
		return nil, err
	}
	sortSpec := &fieldList{}
	sortSpec.set("count", valInt32(-1))
	ss, err := parseSortStage(env, "$sort", sortSpec.value())
	if err != nil {
		return nil, err
	}
	return funcStage{name, func(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
		out, err := gs.run(rc, in)
		if err != nil {
			return nil, err
		}
		return ss.run(rc, out)
	}}, nil
}
