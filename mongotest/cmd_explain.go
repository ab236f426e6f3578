package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// cmdExplain answers explain for find, aggregate, count, distinct, update,
// delete and findAndModify with a plan that is always a collection scan;
// the explained command is parsed, so invalid ones fail as they would.
func cmdExplain(r *request, bl *builder) error {
	inner, ok := r.arg("explain").DocumentOK()
	if !ok {
		return typeMismatch(r.name, "explain", r.arg("explain"), "object")
	}
	it := inner.Iter()
	if !it.Next() {
		return errorf(codeFailedToParse, "explain command requires a nested object")
	}
	name := it.Key()
	cmd, known := r.c.srv.commands[name]
	if !known || !explainable[name] {
		return errorf(codeCommandNotFound, "Explain failed due to unknown command: %s", name)
	}
	coll := it.Value().StringValue()
	sub := &request{c: r.c, ctx: r.ctx, name: name, db: r.db, body: inner}
	if name == "aggregate" || name == "find" || name == "count" || name == "distinct" {
		// Run read commands to validate them; their results are dropped.
		if err := cmd.run(sub, newBuilder(nil)); err != nil {
			return err
		}
	}
	verbosity := "queryPlanner"
	if v, ok := r.arg("verbosity").StringValueOK(); ok {
		verbosity = v
	}
	bl.str("explainVersion", "1")
	bl.startDoc("queryPlanner").str("namespace", r.db+"."+coll).
		value("parsedQuery", bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: explainFilter(inner)}).
		startDoc("winningPlan").str("stage", "COLLSCAN").end().docs("rejectedPlans", []bson.Raw{}).end()
	if verbosity != "queryPlanner" {
		n := 0
		if c, ok := r.c.srv.cat.Collection(r.db, coll); ok {
			c.Read(func(rd *store.Reader) { n = rd.Len() })
		}
		bl.startDoc("executionStats").bool("executionSuccess", true).int64("totalDocsExamined", int64(n)).end()
	}
	bl.doc("command", inner)
	return nil
}

var explainable = map[string]bool{"find": true, "aggregate": true, "count": true, "distinct": true,
	"update": true, "delete": true, "findAndModify": true, "findandmodify": true}

func explainFilter(cmd bson.Raw) bson.Raw {
	for _, k := range []string{"filter", "query"} {
		if d, ok := cmd.Lookup(k).DocumentOK(); ok {
			return d
		}
	}
	return emptyDoc
}

// cmdDBStats reports a database's size as dbStats does.
func cmdDBStats(r *request, bl *builder) error {
	if err := checkDBName(r.db); err != nil {
		return err
	}
	var objects, size int64
	var indexes int
	colls := r.c.srv.cat.Collections(r.db)
	for _, c := range colls {
		c.Read(func(rd *store.Reader) {
			objects += int64(rd.Len())
			size += rd.Size()
			indexes += len(rd.Indexes())
		})
	}
	avg := 0.0
	if objects > 0 {
		avg = float64(size) / float64(objects)
	}
	bl.str("db", r.db).int64("collections", int64(len(colls))).int64("views", 0).int64("objects", objects).
		double("avgObjSize", avg).double("dataSize", float64(size)).double("storageSize", float64(size)).
		int64("indexes", int64(indexes)).double("indexSize", 0).double("totalSize", float64(size)).double("scaleFactor", 1)
	return nil
}

// cmdCollStats reports a collection's size as the deprecated collStats does.
func cmdCollStats(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	c, ok := r.c.srv.cat.Collection(r.db, name)
	if !ok {
		return errorf(codeNamespaceNotFound, "Collection [%s.%s] not found.", r.db, name)
	}
	c.Read(func(rd *store.Reader) {
		opts := rd.Options()
		bl.str("ns", r.db+"."+name).int64("count", int64(rd.Len())).int64("size", rd.Size()).
			int64("storageSize", rd.Size()).int64("nindexes", int64(len(rd.Indexes()))).bool("capped", opts.Capped)
		if opts.Capped {
			bl.int64("max", opts.Max).int64("maxSize", opts.Size)
		}
	})
	return nil
}
