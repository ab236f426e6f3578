package mongotest

import (
	"slices"
	"strings"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

var countFields = []string{"query", "limit", "skip", "hint", "collation", "fields"}

// cmdCount counts matching documents: {n}.
func cmdCount(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	env, err := commandEnv(r, r.arg("collation"))
	if err != nil {
		return err
	}
	f, err := compileFilter(r, "query", r.arg("query"), env)
	if err != nil {
		return err
	}
	skip, err := int64Arg(r, "skip", 0)
	if err != nil {
		return err
	}
	if skip < 0 {
		return errorf(codeBadValueNonNegative, "BSON field 'skip' value must be >= 0, actual value '%d'", skip)
	}
	limit, err := int64Arg(r, "limit", 0)
	if err != nil {
		return err
	}
	if limit < 0 {
		limit = -limit // a negative limit counts like its absolute value
	}
	n := 0
	if hits, isView, err := r.viewHits(name, f); isView {
		if err != nil {
			return err
		}
		bl.int32("n", int32(len(window(hits, skip, limit))))
		return nil
	}
	if c, ok := r.c.srv.cat.Collection(r.db, name); ok {
		c.Read(func(rd *store.Reader) {
			if err = checkHint(rd, r.arg("hint")); err != nil {
				return
			}
			var hits []hit
			hits, err = matchAll(rd, f, false, 0)
			n = len(window(hits, skip, limit))
		})
	}
	if err != nil {
		return err
	}
	bl.int32("n", int32(n))
	return nil
}

// cmdDistinct returns the distinct values of a field: {values}.
func cmdDistinct(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	key, ok := r.arg("key").StringValueOK()
	if !ok {
		if r.arg("key").Type == 0 {
			return errorf(codeMissingField, "BSON field 'distinct.key' is missing but a required field")
		}
		return typeMismatch(r.name, "key", r.arg("key"), "string")
	}
	env, err := commandEnv(r, r.arg("collation"))
	if err != nil {
		return err
	}
	f, err := compileFilter(r, "query", r.arg("query"), env)
	if err != nil {
		return err
	}
	hits, isView, err := r.viewHits(name, f)
	if c, ok := r.c.srv.cat.Collection(r.db, name); ok && !isView && err == nil {
		c.Read(func(rd *store.Reader) {
			if err = checkHint(rd, r.arg("hint")); err == nil {
				hits, err = matchAll(rd, f, false, 0)
			}
		})
	}
	if err != nil {
		return err
	}
	vals := distinctValues(hits, key, env.Collation)
	// mongod gathers distinct values in an ordered set, so they come back sorted.
	slices.SortStableFunc(vals, func(a, b bson.RawValue) int { return engine.Compare(a, b, env.Collation) })
	bl.startArray("values")
	for _, v := range vals {
		bl.value("", v)
	}
	bl.end()
	return nil
}

// distinctValues collects the values at a dotted path, with arrays
// contributing their elements, without duplicates.
func distinctValues(hits []hit, path string, coll *engine.Collation) []bson.RawValue {
	var out []bson.RawValue
	seen := map[string]bool{}
	add := func(v bson.RawValue) {
		if coll != nil {
			for _, o := range out {
				if engine.Equal(o, v, coll) {
					return
				}
			}
			out = append(out, v)
			return
		}
		k := string(store.AppendKey(nil, v))
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	for _, h := range hits {
		for _, v := range valuesAt(bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: h.rec.Doc}, strings.Split(path, ".")) {
			if a, ok := v.ArrayOK(); ok {
				it := bson.Raw(a).Iter()
				for it.Next() {
					add(it.Value())
				}
				continue
			}
			add(v)
		}
	}
	return out
}

// valuesAt returns the values at a path, traversing arrays of documents.
func valuesAt(v bson.RawValue, path []string) []bson.RawValue {
	if len(path) == 0 {
		return []bson.RawValue{v}
	}
	switch v.Type {
	case bson.TypeEmbeddedDoc:
		next := bson.Raw(v.Value).Lookup(path[0])
		if next.Type == 0 {
			return nil
		}
		return valuesAt(next, path[1:])
	case bson.TypeArray:
		if next := bson.Raw(v.Value).Lookup(path[0]); next.Type != 0 && isDigits(path[0]) {
			return valuesAt(next, path[1:])
		}
		var out []bson.RawValue
		it := bson.Raw(v.Value).Iter()
		for it.Next() {
			if e := it.Value(); e.Type == bson.TypeEmbeddedDoc {
				out = append(out, valuesAt(e, path)...)
			}
		}
		return out
	}
	return nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
