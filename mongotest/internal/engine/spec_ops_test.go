package engine_test

import (
	"context"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

// The CRUD operations of the specification tests, executed on a specStore
// through the engine, returning results shaped as the drivers report them.

type opFunc func(s *specStore, ns string, args bson.Raw) (bson.RawValue, error)

var specOps = map[string]opFunc{
	"find": opFind, "findOne": opFindOne, "aggregate": opAggregate,
	"countDocuments": opCountDocuments, "count": opCountDocuments, "estimatedDocumentCount": opEstimated,
	"distinct": opDistinct, "insertOne": opInsertOne, "insertMany": opInsertMany,
	"deleteOne": opDelete(false), "deleteMany": opDelete(true),
	"updateOne": opUpdate(false, "update"), "updateMany": opUpdate(true, "update"), "replaceOne": opUpdate(false, "replacement"),
	"findOneAndUpdate": opFindAndModify("update"), "findOneAndReplace": opFindAndModify("replacement"),
	"findOneAndDelete": opFindAndModify(""), "bulkWrite": opBulkWrite,
}

func argEnv(args bson.Raw) (*engine.Env, error) {
	env := engine.NewEnv()
	if c := args.Lookup("collation"); c.Type == bson.TypeEmbeddedDoc {
		coll, err := engine.ParseCollation(c.Document())
		if err != nil {
			return nil, err
		}
		env.Collation = coll
	}
	if l := args.Lookup("let"); l.Type == bson.TypeEmbeddedDoc {
		if err := env.SetLet(l.Document()); err != nil {
			return nil, err
		}
	}
	return env, nil
}

func docArg(args bson.Raw, key string) bson.Raw {
	if d, ok := args.Lookup(key).DocumentOK(); ok {
		return d
	}
	return bson.Raw{5, 0, 0, 0, 0}
}

func intArg(args bson.Raw, key string) int {
	v := args.Lookup(key)
	switch v.Type {
	case bson.TypeInt32:
		return int(v.Int32())
	case bson.TypeInt64:
		return int(v.Int64())
	case bson.TypeDouble:
		return int(v.Double())
	}
	return 0
}

func findDocs(s *specStore, ns string, args bson.Raw) ([]bson.Raw, error) {
	env, err := argEnv(args)
	if err != nil {
		return nil, err
	}
	idx, pos, err := s.matching(ns, docArg(args, "filter"), docArg(args, "sort"), env)
	if err != nil {
		return nil, err
	}
	skip, limit := intArg(args, "skip"), intArg(args, "limit")
	if limit < 0 {
		limit = -limit
	}
	idx, pos = idx[min(skip, len(idx)):], pos[min(skip, len(pos)):]
	if limit > 0 && limit < len(idx) {
		idx, pos = idx[:limit], pos[:limit]
	}
	var proj *engine.Projection
	if p := args.Lookup("projection"); p.Type == bson.TypeEmbeddedDoc {
		if proj, err = engine.CompileProjection(p.Document(), env); err != nil {
			return nil, err
		}
	}
	out := make([]bson.Raw, 0, len(idx))
	for i, j := range idx {
		d := s.colls[ns][j]
		if proj != nil {
			if d, err = proj.Apply(d, pos[i]); err != nil {
				return nil, err
			}
		}
		out = append(out, d)
	}
	return out, nil
}

func docsValue(ds []bson.Raw) bson.RawValue {
	b, start := bson.AppendDocumentStart(nil)
	for i, d := range ds {
		b = bson.AppendDocumentElement(b, fmt.Sprint(i), d)
	}
	return bson.RawValue{Type: bson.TypeArray, Value: bson.AppendDocumentEnd(b, start)}
}

func opFind(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
	ds, err := findDocs(s, ns, args)
	return docsValue(ds), err
}

func opFindOne(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
	ds, err := findDocs(s, ns, args)
	if err != nil || len(ds) == 0 {
		return bson.RawValue{Type: bson.TypeNull}, err
	}
	return bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: ds[0]}, nil
}

func opAggregate(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
	env, err := argEnv(args)
	if err != nil {
		return bson.RawValue{}, err
	}
	var stages []bson.Raw
	for _, v := range mustValues(args.Lookup("pipeline")) {
		stages = append(stages, v.Document())
	}
	p, err := engine.CompilePipeline(stages, env)
	if err != nil {
		return bson.RawValue{}, err
	}
	out, err := p.Run(context.Background(), append([]bson.Raw(nil), s.colls[ns]...), s)
	return docsValue(out), err
}

func opCountDocuments(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
	ds, err := findDocs(s, ns, args)
	return int64Value(int64(len(ds))), err
}

func opEstimated(s *specStore, ns string, _ bson.Raw) (bson.RawValue, error) {
	return int64Value(int64(len(s.colls[ns]))), nil
}

func int64Value(n int64) bson.RawValue {
	return bson.RawValue{Type: bson.TypeInt64, Value: bson.AppendInt64(nil, n)}
}

func opDistinct(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
	env, err := argEnv(args)
	if err != nil {
		return bson.RawValue{}, err
	}
	vals, err := engine.Distinct(s.colls[ns], args.Lookup("fieldName").StringValue(), docArg(args, "filter"), env)
	if err != nil {
		return bson.RawValue{}, err
	}
	b, start := bson.AppendDocumentStart(nil)
	for i, v := range vals {
		b = bson.AppendValueElement(b, fmt.Sprint(i), v)
	}
	return bson.RawValue{Type: bson.TypeArray, Value: bson.AppendDocumentEnd(b, start)}, nil
}

func opInsertOne(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
	id, err := s.insert(ns, docArg(args, "document"))
	if err != nil {
		return bson.RawValue{}, err
	}
	return resultDoc("insertedId", id), nil
}

func opInsertMany(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
	ids := &resultBuilder{}
	ordered := args.Lookup("ordered").Type == 0 || args.Lookup("ordered").Boolean()
	var firstErr error
	for i, v := range mustValues(args.Lookup("documents")) {
		id, err := s.insert(ns, v.Document())
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			if ordered {
				break
			}
			continue
		}
		ids.add(fmt.Sprint(i), id)
	}
	return resultDoc("insertedIds", ids.value()), firstErr
}

func opDelete(many bool) opFunc {
	return func(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
		n, err := deleteDocs(s, ns, args, many)
		return resultDoc("deletedCount", int64Value(n)), err
	}
}

func deleteDocs(s *specStore, ns string, args bson.Raw, many bool) (int64, error) {
	env, err := argEnv(args)
	if err != nil {
		return 0, err
	}
	idx, _, err := s.matching(ns, docArg(args, "filter"), nil, env)
	if err != nil {
		return 0, err
	}
	if !many && len(idx) > 1 {
		idx = idx[:1]
	}
	drop := map[int]bool{}
	for _, i := range idx {
		drop[i] = true
	}
	var keep []bson.Raw
	for i, d := range s.colls[ns] {
		if !drop[i] {
			keep = append(keep, d)
		}
	}
	s.colls[ns] = keep
	return int64(len(idx)), nil
}

type resultBuilder struct {
	keys []string
	vals []bson.RawValue
}

func (r *resultBuilder) add(k string, v bson.RawValue) {
	r.keys = append(r.keys, k)
	r.vals = append(r.vals, v)
}

func (r *resultBuilder) value() bson.RawValue {
	b, start := bson.AppendDocumentStart(nil)
	for i, k := range r.keys {
		b = bson.AppendValueElement(b, k, r.vals[i])
	}
	return bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: bson.AppendDocumentEnd(b, start)}
}

func resultDoc(kv ...any) bson.RawValue {
	r := &resultBuilder{}
	for i := 0; i < len(kv); i += 2 {
		r.add(kv[i].(string), kv[i+1].(bson.RawValue))
	}
	return r.value()
}
