package engine_test

import (
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

type updateResult struct {
	matched, modified int64
	upserted          bson.RawValue
	before, after     bson.Raw
}

func compileArgUpdate(args bson.Raw, key string, env *engine.Env) (*engine.Update, error) {
	opts := engine.UpdateOptions{Env: env}
	for _, f := range mustValues(args.Lookup("arrayFilters")) {
		opts.ArrayFilters = append(opts.ArrayFilters, f.Document())
	}
	return engine.CompileUpdate(args.Lookup(key), opts)
}

// updateDocs applies an update or replacement to the first or all matches,
// upserting when asked and nothing matched.
func updateDocs(s *specStore, ns string, args bson.Raw, many bool, key string) (updateResult, error) {
	var r updateResult
	env, err := argEnv(args)
	if err != nil {
		return r, err
	}
	up, err := compileArgUpdate(args, key, env)
	if err != nil {
		return r, err
	}
	filter := docArg(args, "filter")
	idx, pos, err := s.matching(ns, filter, docArg(args, "sort"), env)
	if err != nil {
		return r, err
	}
	if !many && len(idx) > 1 {
		idx, pos = idx[:1], pos[:1]
	}
	for i, j := range idx {
		old := s.colls[ns][j]
		nd, changed, err := up.Apply(old, pos[i])
		if err != nil {
			return r, err
		}
		r.matched++
		if changed {
			r.modified++
			s.colls[ns][j] = nd
		}
		r.before, r.after = old, nd
	}
	if len(idx) == 0 && args.Lookup("upsert").Boolean() {
		nd, err := up.Upsert(filter)
		if err != nil {
			return r, err
		}
		if r.upserted, err = s.insert(ns, nd); err != nil {
			return r, err
		}
		r.after = nd
	}
	return r, nil
}

func opUpdate(many bool, key string) opFunc {
	return func(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
		r, err := updateDocs(s, ns, args, many, key)
		if err != nil {
			return bson.RawValue{}, err
		}
		upserted := int64(0)
		res := &resultBuilder{}
		res.add("matchedCount", int64Value(r.matched))
		res.add("modifiedCount", int64Value(r.modified))
		if r.upserted.Type != 0 {
			upserted = 1
			res.add("upsertedId", r.upserted)
		}
		res.add("upsertedCount", int64Value(upserted))
		return res.value(), nil
	}
}

func opFindAndModify(key string) opFunc {
	return func(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
		var d bson.Raw
		if key == "" {
			ds, err := findDocs(s, ns, withLimit1(args))
			if err != nil || len(ds) == 0 {
				return bson.RawValue{Type: bson.TypeNull}, err
			}
			orig, _ := findDocs(s, ns, withoutProjection(withLimit1(args)))
			if _, err := deleteByID(s, ns, orig[0].Lookup("_id")); err != nil {
				return bson.RawValue{}, err
			}
			return bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: ds[0]}, nil
		}
		r, err := updateDocs(s, ns, args, false, key)
		if err != nil {
			return bson.RawValue{}, err
		}
		d = r.before
		if args.Lookup("returnDocument").StringValue() == "After" {
			d = r.after
		}
		return projectResult(d, args)
	}
}

func projectResult(d bson.Raw, args bson.Raw) (bson.RawValue, error) {
	if d == nil {
		return bson.RawValue{Type: bson.TypeNull}, nil
	}
	if p := args.Lookup("projection"); p.Type == bson.TypeEmbeddedDoc {
		proj, err := engine.CompileProjection(p.Document(), nil)
		if err != nil {
			return bson.RawValue{}, err
		}
		if d, err = proj.Apply(d, -1); err != nil {
			return bson.RawValue{}, err
		}
	}
	return bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: d}, nil
}

func withLimit1(args bson.Raw) bson.Raw {
	return replaceArg(args, "limit", bson.RawValue{Type: bson.TypeInt32, Value: bson.AppendInt32(nil, 1)})
}

func withoutProjection(args bson.Raw) bson.Raw {
	return replaceArg(args, "projection", bson.RawValue{})
}

func replaceArg(args bson.Raw, key string, v bson.RawValue) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	elems, _ := args.Elements()
	for _, e := range elems {
		if e.Key() != key {
			b = append(b, e...)
		}
	}
	if v.Type != 0 {
		b = bson.AppendValueElement(b, key, v)
	}
	return bson.AppendDocumentEnd(b, start)
}

func deleteByID(s *specStore, ns string, id bson.RawValue) (int64, error) {
	b, start := bson.AppendDocumentStart(nil)
	f, fs := bson.AppendDocumentElementStart(b, "filter")
	f = bson.AppendValueElement(f, "_id", id)
	b = bson.AppendDocumentEnd(bson.AppendDocumentEnd(f, fs), start)
	return deleteDocs(s, ns, b, false)
}

type bulkCounts struct {
	inserted, matched, modified, deleted, upserted int64
	insertedIDs, upsertedIDs                       resultBuilder
}

func opBulkWrite(s *specStore, ns string, args bson.Raw) (bson.RawValue, error) {
	var c bulkCounts
	var firstErr error
	for i, req := range mustValues(args.Lookup("requests")) {
		it := req.Document().Iter()
		it.Next()
		reqArgs := inherit(it.Value().Document(), args, "let", "collation")
		if err := c.apply(s, ns, i, it.Key(), reqArgs); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			if args.Lookup("ordered").Type == 0 || args.Lookup("ordered").Boolean() {
				break
			}
		}
	}
	res := &resultBuilder{}
	res.add("deletedCount", int64Value(c.deleted))
	res.add("insertedCount", int64Value(c.inserted))
	res.add("insertedIds", c.insertedIDs.value())
	res.add("matchedCount", int64Value(c.matched))
	res.add("modifiedCount", int64Value(c.modified))
	res.add("upsertedCount", int64Value(c.upserted))
	res.add("upsertedIds", c.upsertedIDs.value())
	return res.value(), firstErr
}

func (c *bulkCounts) apply(s *specStore, ns string, i int, kind string, args bson.Raw) error {
	switch kind {
	case "insertOne":
		id, err := s.insert(ns, docArg(args, "document"))
		if err == nil {
			c.inserted++
			c.insertedIDs.add(fmt.Sprint(i), id)
		}
		return err
	case "deleteOne", "deleteMany":
		n, err := deleteDocs(s, ns, args, kind == "deleteMany")
		c.deleted += n
		return err
	}
	key := "update"
	if kind == "replaceOne" {
		key = "replacement"
	}
	r, err := updateDocs(s, ns, args, kind == "updateMany", key)
	c.matched += r.matched
	c.modified += r.modified
	if r.upserted.Type != 0 {
		c.upserted++
		c.upsertedIDs.add(fmt.Sprint(i), r.upserted)
	}
	return err
}

// inherit copies bulk-level options into a request that lacks them.
func inherit(req, bulk bson.Raw, keys ...string) bson.Raw {
	for _, k := range keys {
		if v := bulk.Lookup(k); v.Type != 0 && req.Lookup(k).Type == 0 {
			req = replaceArg(req, k, v)
		}
	}
	return req
}
