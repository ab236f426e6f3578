package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

var aggregateFields = []string{"pipeline", "cursor", "explain", "allowDiskUse", "bypassDocumentValidation",
	"collation", "hint", "let", "fromMongos", "needsMerge", "exchange", "isMapReduceCommand",
	"collectionUUID", "passthroughToShard", "includeQueryStatsMetrics"}

// collectionless stages may start a pipeline of {aggregate: 1}.
var collectionless = map[string]bool{"$documents": true, "$currentOp": true, "$listLocalSessions": true,
	"$changeStream": true, "$queryStats": true}

// cmdAggregate runs a pipeline and opens a cursor over its output.
func cmdAggregate(r *request, bl *builder) error {
	coll, dbLevel, err := aggregateTarget(r)
	if err != nil {
		return err
	}
	stages, err := pipelineArg(r, "pipeline")
	if err != nil {
		return err
	}
	explain, err := boolArg(r, "explain")
	if err != nil {
		return err
	}
	if r.arg("cursor").Type == 0 && !explain {
		return errorf(codeFailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument")
	}
	batch, err := cursorBatchSize(r)
	if err != nil {
		return err
	}
	if batch < 0 {
		batch = defaultFirstBatch
	}
	env, err := commandEnv(r, r.arg("collation"))
	if err != nil {
		return err
	}
	p, err := engine.CompilePipeline(stages, env)
	if err != nil {
		return err
	}
	names := p.Stages()
	if dbLevel && (len(names) == 0 || !collectionless[names[0]]) {
		first := ""
		if len(names) > 0 {
			first = names[0]
		}
		return errorf(codeInvalidNamespace, "{aggregate: 1} is not valid for '%s'; a collection is required.", first)
	}
	if err := checkWriteStageReadConcern(r, names); err != nil {
		return err
	}
	if explain {
		return appendExplain(bl, r.db+"."+coll, names)
	}
	in, err := r.aggregateInput(coll, dbLevel)
	if err != nil {
		return err
	}
	out, err := p.Run(r.ctx, in, &aggHost{r: r, env: env})
	if err != nil {
		return err
	}
	if n := len(names); n > 0 && (names[n-1] == "$out" || names[n-1] == "$merge") {
		out = nil
	}
	ns := r.db + "." + coll
	if dbLevel {
		ns = r.db + ".$cmd.aggregate"
	}
	r.replyCursor(bl, ns, out, cursorOpts{batchSize: batch})
	return nil
}

// aggregateTarget reads the collection name, or aggregate: 1.
func aggregateTarget(r *request) (string, bool, error) {
	v := r.arg("aggregate")
	if n, ok := v.AsInt64OK(); ok && n == 1 {
		return "$cmd.aggregate", true, checkDBName(r.db)
	}
	if v.Type != bson.TypeString {
		return "", false, errorf(codeInvalidNamespace, "Invalid input namespace, %s", v)
	}
	name, err := collName(r)
	return name, false, err
}

// pipelineArg reads an array of stage documents.
func pipelineArg(r *request, field string) ([]bson.Raw, error) {
	v := r.arg(field)
	if v.Type == 0 {
		return nil, errorf(codeMissingField, "BSON field '%s.%s' is missing but a required field", r.name, field)
	}
	return stageDocs(r.name+"."+field, v)
}

func stageDocs(field string, v bson.RawValue) ([]bson.Raw, error) {
	arr, ok := v.ArrayOK()
	if !ok {
		return nil, errorf(codeTypeMismatch, "BSON field '%s' is the wrong type '%s', expected type 'array'", field, typeAlias(v.Type))
	}
	var stages []bson.Raw
	it := bson.Raw(arr).Iter()
	for it.Next() {
		d, ok := it.Value().DocumentOK()
		if !ok {
			return nil, errorf(codeTypeMismatch, "Each element of the 'pipeline' array must be an object")
		}
		stages = append(stages, d)
	}
	return stages, nil
}

// aggregateInput snapshots the documents the pipeline starts from.
func (r *request) aggregateInput(coll string, dbLevel bool) ([]bson.Raw, error) {
	if dbLevel {
		return nil, nil
	}
	if def, isView := r.c.srv.viewDef(r.db, coll); isView {
		return r.viewDocs(r.db, def, 0)
	}
	c, ok := r.c.srv.cat.Collection(r.db, coll)
	if !ok {
		return nil, nil
	}
	var docs []bson.Raw
	var err error
	c.Read(func(rd *store.Reader) {
		if err = checkHint(rd, r.arg("hint")); err != nil {
			return
		}
		docs = make([]bson.Raw, 0, rd.Len())
		rd.Scan(func(rec store.Record) bool {
			docs = append(docs, rec.Doc)
			return true
		})
	})
	return docs, err
}

func appendExplain(bl *builder, ns string, stages []string) error {
	bl.str("explainVersion", "1")
	bl.startDoc("queryPlanner").str("namespace", ns).startDoc("winningPlan").str("stage", "COLLSCAN").end().end()
	bl.strs("stages", stages)
	return nil
}

// checkWriteStageReadConcern refuses a linearizable read concern on a
// pipeline that writes ($out, $merge), as mongod does: a linearizable read
// must be a pure read on the primary.
func checkWriteStageReadConcern(r *request, names []string) error {
	n := len(names)
	if n == 0 || (names[n-1] != "$out" && names[n-1] != "$merge") {
		return nil
	}
	rc, ok := r.arg("readConcern").DocumentOK()
	if !ok {
		return nil
	}
	if level, _ := rc.Lookup("level").StringValueOK(); level == "linearizable" {
		return errorf(codeInvalidOptions, "%s cannot be used with a 'linearizable' read concern level", names[n-1])
	}
	return nil
}
