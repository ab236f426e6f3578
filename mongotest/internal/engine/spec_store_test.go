package engine_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

// specStore is the smallest collection store the CRUD specification tests
// need: documents in insertion order per namespace, written through the
// engine. It stands in for the server so that the engine's semantics can
// be checked against the specification's expected results.
type specStore struct {
	colls map[string][]bson.Raw // "db.coll" → documents
	db    string                // database of the collection being run
}

var errDuplicateKey = &engine.Error{Code: 11000, Name: "DuplicateKey", Msg: "E11000 duplicate key error"}

func (s *specStore) insert(ns string, d bson.Raw) (bson.RawValue, error) {
	d, id, err := engine.PrepareForInsert(d, nil)
	if err != nil {
		return bson.RawValue{}, err
	}
	for _, x := range s.colls[ns] {
		if engine.Compare(x.Lookup("_id"), id, nil) == 0 {
			return bson.RawValue{}, errDuplicateKey
		}
	}
	s.colls[ns] = append(s.colls[ns], d)
	return id, nil
}

// matching returns the indexes of the documents that match, in natural
// order or sorted.
func (s *specStore) matching(ns string, filter bson.Raw, sortSpec bson.Raw, env *engine.Env) ([]int, []int, error) {
	f, err := engine.CompileFilter(filter, env)
	if err != nil {
		return nil, nil, err
	}
	var idx, pos []int
	for i, d := range s.colls[ns] {
		ok, p, err := f.MatchPos(d)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			idx, pos = append(idx, i), append(pos, p)
		}
	}
	if len(sortSpec) > 0 {
		ss, err := engine.ParseSort(sortSpec)
		if err != nil {
			return nil, nil, err
		}
		docs := make([]bson.Raw, len(idx))
		for i, j := range idx {
			docs[i] = s.colls[ns][j]
		}
		order := sortIndexes(docs, ss, env)
		idx, pos = permute(idx, order), permute(pos, order)
	}
	return idx, pos, nil
}

// sortIndexes returns the order that sorts docs, stably.
func sortIndexes(docs []bson.Raw, ss *engine.SortSpec, env *engine.Env) []int {
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return ss.CompareDocs(docs[a], docs[b], env.Collation) })
	return order
}

func permute(xs, order []int) []int {
	out := make([]int, len(order))
	for i, o := range order {
		out[i] = xs[o]
	}
	return out
}

// RunStage implements $out for aggregate tests.
func (s *specStore) RunStage(_ context.Context, name string, spec bson.RawValue, in []bson.Raw) ([]bson.Raw, error) {
	if name == "$merge" {
		return nil, s.merge(spec, in)
	}
	if name != "$out" {
		return nil, fmt.Errorf("stage %s not supported by the test store", name)
	}
	target := spec.StringValue()
	if d, ok := spec.DocumentOK(); ok {
		target = d.Lookup("coll").StringValue()
	}
	ns := s.db + "." + target
	s.colls[ns] = nil
	for _, d := range in {
		if _, err := s.insert(ns, d); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// merge implements $merge into a collection on _id with the default
// whenMatched "merge" and whenNotMatched "insert", or "replace" and
// "keepExisting".
func (s *specStore) merge(spec bson.RawValue, in []bson.Raw) error {
	target, whenMatched := spec.StringValue(), "merge"
	if d, ok := spec.DocumentOK(); ok {
		target = d.Lookup("into").StringValue()
		if into, ok := d.Lookup("into").DocumentOK(); ok {
			target = into.Lookup("coll").StringValue()
		}
		if w := d.Lookup("whenMatched").StringValue(); w != "" {
			whenMatched = w
		}
	}
	ns := s.db + "." + target
	for _, d := range in {
		i := s.indexOfID(ns, d.Lookup("_id"))
		switch {
		case i < 0:
			if _, err := s.insert(ns, d); err != nil {
				return err
			}
		case whenMatched == "replace":
			s.colls[ns][i] = d
		case whenMatched == "merge":
			s.colls[ns][i] = mergeDocs(s.colls[ns][i], d)
		}
	}
	return nil
}

func (s *specStore) indexOfID(ns string, id bson.RawValue) int {
	for i, x := range s.colls[ns] {
		if engine.Compare(x.Lookup("_id"), id, nil) == 0 {
			return i
		}
	}
	return -1
}

func mergeDocs(a, b bson.Raw) bson.Raw {
	x, err := engine.CompileExpression(bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: mergeSpec(a, b)}, nil)
	if err != nil {
		return b
	}
	v, err := x.Eval(nil)
	if err != nil {
		return b
	}
	return v.Document()
}

// mergeSpec builds {$mergeObjects: [{$literal: a}, {$literal: b}]}.
func mergeSpec(a, b bson.Raw) bson.Raw {
	lit := func(d bson.Raw) bson.Raw {
		x, start := bson.AppendDocumentStart(nil)
		return bson.AppendDocumentEnd(bson.AppendDocumentElement(x, "$literal", d), start)
	}
	arr, as := bson.AppendDocumentStart(nil)
	arr = bson.AppendDocumentElement(arr, "0", lit(a))
	arr = bson.AppendDocumentElement(arr, "1", lit(b))
	arr = bson.AppendDocumentEnd(arr, as)
	d, start := bson.AppendDocumentStart(nil)
	return bson.AppendDocumentEnd(bson.AppendArrayElement(d, "$mergeObjects", arr), start)
}
