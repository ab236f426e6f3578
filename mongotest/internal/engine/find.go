package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// FindOptions are the parts of a find (or count, or the read half of
// findAndModify) that the engine evaluates.
type FindOptions struct {
	Filter     bson.Raw // nil matches everything
	Sort       bson.Raw // nil keeps natural order
	Projection bson.Raw // nil returns whole documents
	Skip       int64
	Limit      int64 // 0 for no limit; a negative limit means its absolute value
	Env        *Env  // let variables and collation; nil for defaults
}

// Find returns what a find over docs (a collection in natural order)
// returns: the matching documents, sorted, skipped, limited and projected.
// The result shares memory with docs unless projected.
func Find(docs []bson.Raw, opts FindOptions) ([]bson.Raw, error) {
	env := envOrDefault(opts.Env)
	matched, pos, err := filterDocs(docs, opts.Filter, env)
	if err != nil {
		return nil, err
	}
	if len(opts.Sort) > 0 {
		if matched, pos, err = sortWithPositions(matched, pos, opts.Sort, env); err != nil {
			return nil, err
		}
	}
	lo, hi := SkipLimit(len(matched), opts.Skip, opts.Limit)
	matched, pos = matched[lo:hi], pos[lo:hi]
	if opts.Projection == nil {
		return matched, nil
	}
	p, err := CompileProjection(opts.Projection, env)
	if err != nil {
		return nil, err
	}
	out := make([]bson.Raw, len(matched))
	for i, d := range matched {
		if out[i], err = p.Apply(d, pos[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SkipLimit returns the bounds [lo, hi) of n results after skip and limit
// (0 = none, negative = its absolute value).
func SkipLimit(n int, skip, limit int64) (lo, hi int) {
	lo = int(min(max(skip, 0), int64(n)))
	hi = n
	if limit < 0 {
		limit = -limit
	}
	if limit > 0 && int64(lo)+limit < int64(n) {
		hi = lo + int(limit)
	}
	return lo, hi
}

func filterDocs(docs []bson.Raw, filter bson.Raw, env *Env) ([]bson.Raw, []int, error) {
	if filter == nil {
		filter = emptyDoc
	}
	f, err := CompileFilter(filter, env)
	if err != nil {
		return nil, nil, err
	}
	var out []bson.Raw
	var pos []int
	for _, d := range docs {
		ok, p, err := f.MatchPos(d)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			out, pos = append(out, d), append(pos, p)
		}
	}
	return out, pos, nil
}

// sortWithPositions sorts documents and their positional matches together.
func sortWithPositions(docs []bson.Raw, pos []int, spec bson.Raw, env *Env) ([]bson.Raw, []int, error) {
	s, err := ParseSort(spec)
	if err != nil {
		return nil, nil, err
	}
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	keyed := s.sortKeys(docs, env.Collation)
	s.sortIndexes(idx, keyed, env.Collation)
	outD, outP := make([]bson.Raw, len(docs)), make([]int, len(docs))
	for i, j := range idx {
		outD[i], outP[i] = docs[j], pos[j]
	}
	return outD, outP, nil
}

// Distinct returns the distinct values of the dotted field among the
// documents that match filter, as the distinct command does: arrays at the
// end of the path contribute their elements, equality follows env's
// collation, and values keep the order they are first met in.
func Distinct(docs []bson.Raw, field string, filter bson.Raw, env *Env) ([]bson.RawValue, error) {
	env = envOrDefault(env)
	matched, _, err := filterDocs(docs, filter, env)
	if err != nil {
		return nil, err
	}
	path := splitPath(field)
	seen := map[string]bool{}
	var out []bson.RawValue
	for _, d := range matched {
		w := &walker{expand: true, omitArray: true, fn: func(v bson.RawValue, _ int) bool {
			if v.Type == 0 {
				return false
			}
			if k := hashKey(v, env.Collation); !seen[k] {
				seen[k] = true
				out = append(out, v)
			}
			return false
		}}
		w.doc(d, path, -1)
	}
	return out, nil
}
