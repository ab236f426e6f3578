package engine

import (
	"math"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// $group and its accumulators.

func init() {
	stageParsers["$group"] = parseGroupStage
}

// accumulator folds the values of one group.
type accumulator interface {
	add(v bson.RawValue) error
	result() bson.RawValue
}

type accSpec struct {
	field string
	x     expr
	make  func(c *Collation) accumulator
}

type groupStage struct {
	id   expr
	accs []accSpec
	c    *compiler
}

func (groupStage) name() string { return "$group" }

func parseGroupStage(env *Env, _ string, spec bson.RawValue) (stage, error) {
	d, ok := spec.DocumentOK()
	if !ok {
		return nil, errorf(15947, "a group's fields must be specified in an object")
	}
	g := groupStage{c: newCompiler(env)}
	idSeen := false
	it := d.Iter()
	for it.Next() {
		k, v := it.Key(), it.Value()
		if k == "_id" {
			x, err := g.c.parse(v)
			if err != nil {
				return nil, err
			}
			g.id, idSeen = x, true
			continue
		}
		a, err := g.parseAccumulator(k, v)
		if err != nil {
			return nil, err
		}
		g.accs = append(g.accs, a)
	}
	if !idSeen {
		return nil, errorf(15955, "a group specification must include an _id")
	}
	return g, nil
}

func (g *groupStage) parseAccumulator(k string, v bson.RawValue) (accSpec, error) {
	switch {
	case strings.HasPrefix(k, "$"):
		return accSpec{}, errorf(15950, "The field name '%s' cannot be an operator name", k)
	case strings.Contains(k, "."):
		return accSpec{}, errorf(40236, "The field name '%s' cannot contain '.'", k)
	}
	d, ok := v.DocumentOK()
	if !ok {
		return accSpec{}, errorf(40234, "The field '%s' must be an accumulator object", k)
	}
	it := d.Iter()
	if !it.Next() {
		return accSpec{}, errorf(40234, "The field '%s' must be an accumulator object", k)
	}
	op, arg := it.Key(), it.Value()
	if it.Next() {
		return accSpec{}, errorf(40238, "The field '%s' must specify one accumulator", k)
	}
	mk, ok := accumulators[op]
	if !ok {
		return accSpec{}, errorf(15952, "unknown group operator '%s'", op)
	}
	if arg.Type == bson.TypeArray && op != "$count" {
		return accSpec{}, errorf(40237, "The %s accumulator is a unary operator", op)
	}
	if op == "$count" {
		if cd, ok := arg.DocumentOK(); !ok || cd.Len() != 0 {
			return accSpec{}, errorf(40240, "$count takes no arguments, i.e. $count:{}")
		}
		arg = valInt32(1)
	}
	x, err := g.c.parse(arg)
	if err != nil {
		return accSpec{}, err
	}
	return accSpec{field: k, x: x, make: mk}, nil
}

func (g groupStage) run(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
	type group struct {
		id   bson.RawValue
		accs []accumulator
	}
	coll := rc.env.Collation
	index := map[string]int{}
	var groups []*group
	ec := g.c.newCtx(bson.RawValue{})
	for _, d := range in {
		ec.reset(valDoc(d))
		id, err := g.id.eval(ec)
		if err != nil {
			return nil, err
		}
		if id.Type == 0 {
			id = valNull
		}
		key := hashKey(id, coll)
		i, ok := index[key]
		if !ok {
			gr := &group{id: id}
			for _, a := range g.accs {
				gr.accs = append(gr.accs, a.make(coll))
			}
			i = len(groups)
			index[key] = i
			groups = append(groups, gr)
		}
		for j, a := range g.accs {
			v, err := a.x.eval(ec)
			if err != nil {
				return nil, err
			}
			if err := groups[i].accs[j].add(v); err != nil {
				return nil, err
			}
		}
	}
	out := make([]bson.Raw, 0, len(groups))
	for _, gr := range groups {
		f := &fieldList{}
		f.set("_id", gr.id)
		for j, a := range g.accs {
			f.set(a.field, gr.accs[j].result())
		}
		out = append(out, f.doc())
	}
	return out, nil
}

var accumulators = map[string]func(c *Collation) accumulator{
	"$sum":          func(*Collation) accumulator { return &sumAcc{s: newSummer()} },
	"$count":        func(*Collation) accumulator { return &sumAcc{s: newSummer()} },
	"$avg":          func(*Collation) accumulator { return &sumAcc{s: newSummer(), avg: true} },
	"$min":          func(c *Collation) accumulator { return &minMaxAcc{dir: -1, c: c} },
	"$max":          func(c *Collation) accumulator { return &minMaxAcc{dir: 1, c: c} },
	"$first":        func(*Collation) accumulator { return &firstLastAcc{first: true} },
	"$last":         func(*Collation) accumulator { return &firstLastAcc{} },
	"$push":         func(*Collation) accumulator { return &pushAcc{} },
	"$addToSet":     func(c *Collation) accumulator { return &pushAcc{set: map[string]bool{}, c: c} },
	"$mergeObjects": func(*Collation) accumulator { return &mergeAcc{f: &fieldList{}} },
	"$stdDevPop":    func(*Collation) accumulator { return &stdDevAcc{} },
	"$stdDevSamp":   func(*Collation) accumulator { return &stdDevAcc{samp: true} },
}

type sumAcc struct {
	s   *summer
	avg bool
}

func (a *sumAcc) add(v bson.RawValue) error { a.s.add(v); return nil }

func (a *sumAcc) result() bson.RawValue {
	if a.avg {
		return a.s.avg()
	}
	return a.s.result()
}

type minMaxAcc struct {
	dir   int
	c     *Collation
	best  bson.RawValue
	found bool
}

func (a *minMaxAcc) add(v bson.RawValue) error {
	if isNullish(v) {
		return nil
	}
	if !a.found || Compare(v, a.best, a.c)*a.dir > 0 {
		a.best, a.found = v, true
	}
	return nil
}

func (a *minMaxAcc) result() bson.RawValue {
	if !a.found {
		return valNull
	}
	return a.best
}

type firstLastAcc struct {
	first bool
	v     bson.RawValue
	seen  bool
}

func (a *firstLastAcc) add(v bson.RawValue) error {
	if a.first && a.seen {
		return nil
	}
	a.v, a.seen = v, true
	return nil
}

func (a *firstLastAcc) result() bson.RawValue {
	if a.v.Type == 0 {
		return valNull
	}
	return a.v
}

type pushAcc struct {
	vals []bson.RawValue
	set  map[string]bool // $addToSet
	c    *Collation
}

func (a *pushAcc) add(v bson.RawValue) error {
	if v.Type == 0 {
		return nil
	}
	if a.set != nil {
		k := hashKey(v, a.c)
		if a.set[k] {
			return nil
		}
		a.set[k] = true
	}
	a.vals = append(a.vals, v)
	return nil
}

func (a *pushAcc) result() bson.RawValue { return valArray(a.vals) }

type mergeAcc struct{ f *fieldList }

func (a *mergeAcc) add(v bson.RawValue) error {
	if isNullish(v) {
		return nil
	}
	d, ok := v.DocumentOK()
	if !ok {
		return errorf(40400, "$mergeObjects requires object inputs, but input %s is of type %s", formatValue(v), typeName(v.Type))
	}
	it := d.Iter()
	for it.Next() {
		a.f.set(it.Key(), it.Value())
	}
	return nil
}

func (a *mergeAcc) result() bson.RawValue { return a.f.value() }

// stdDevAcc uses Welford's online algorithm.
type stdDevAcc struct {
	samp     bool
	n        float64
	mean, m2 float64
}

func (a *stdDevAcc) add(v bson.RawValue) error {
	if !isNumber(v) {
		return nil
	}
	x := numFloat(v)
	a.n++
	d := x - a.mean
	a.mean += d / a.n
	a.m2 += d * (x - a.mean)
	return nil
}

func (a *stdDevAcc) result() bson.RawValue {
	n := a.n
	if a.samp {
		n--
	}
	if n <= 0 {
		return valNull
	}
	return valDouble(math.Sqrt(a.m2 / n))
}
