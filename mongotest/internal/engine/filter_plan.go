package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// filterPlan is what a server may use instead of matching every document:
// the filter is empty, or it is one equality on _id that an _id index
// answers exactly.
type filterPlan struct {
	all  bool
	idEq bson.RawValue
}

// planFilter recognizes the filter shapes that filterPlan describes.
func planFilter(filter bson.Raw, env *Env) filterPlan {
	it := filter.Iter()
	if !it.Next() {
		return filterPlan{all: it.Err() == nil}
	}
	if string(it.KeyBytes()) != "_id" {
		return filterPlan{}
	}
	v := it.Value()
	if it.Next() || it.Err() != nil || !indexEquality(v, env.Collation) {
		return filterPlan{}
	}
	return filterPlan{idEq: v}
}

// indexEquality reports whether equality with v is equality of index keys:
// scalar types whose query equality is exact (numbers across types, as
// both the index and the query compare them by value), and strings when no
// collation changes how they compare. Null, arrays, documents (which may
// hold operators), regular expressions and NaN go through the matcher.
func indexEquality(v bson.RawValue, c *Collation) bool {
	switch v.Type {
	case bson.TypeObjectID, bson.TypeInt32, bson.TypeInt64, bson.TypeBinary,
		bson.TypeDateTime, bson.TypeTimestamp, bson.TypeBoolean:
		return true
	case bson.TypeDouble:
		f := v.Double()
		return f == f
	case bson.TypeDecimal128:
		return !v.Decimal128().IsNaN()
	case bson.TypeString:
		return c == nil
	}
	return false
}

// MatchesAll reports whether the filter has no condition, so that every
// document matches it with no array position.
func (f *Filter) MatchesAll() bool { return f.plan.all }

// IDEquality returns v when the filter is exactly {_id: v} with a v whose
// equality an _id index decides (a scalar, a string without collation).
// A server with a unique _id index may then look the one document up by
// its key instead of scanning; the document still matches the filter.
func (f *Filter) IDEquality() (bson.RawValue, bool) {
	return f.plan.idEq, f.plan.idEq.Type != 0
}

// KnownStage reports whether name is an aggregation stage the server
// recognizes at all (whether or not a given context allows it).
func KnownStage(name string) bool { return stageParsers[name] != nil || isHostStage(name) }
