package mongotest

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// aggHost runs the pipeline stages that need the server.
type aggHost struct {
	r   *request
	env *engine.Env
}

// RunStage implements engine.Host.
func (h *aggHost) RunStage(ctx context.Context, name string, spec bson.RawValue, in []bson.Raw) ([]bson.Raw, error) {
	switch name {
	case "$documents":
		return h.documents(spec)
	case "$out":
		return nil, h.out(spec, in)
	case "$merge":
		return nil, h.merge(spec, in)
	case "$collStats":
		return h.collStats(spec)
	case "$indexStats":
		return h.indexStats()
	case "$listLocalSessions":
		return h.r.c.srv.sessions.list(), nil
	case "$currentOp":
		return nil, nil
	case "$listSearchIndexes", "$search", "$searchMeta", "$vectorSearch":
		return nil, searchNotEnabled()
	}
	return nil, errorf(codeCommandNotSupported, "%s is not supported by mongotest", name)
}

// documents evaluates $documents' array expression.
func (h *aggHost) documents(spec bson.RawValue) ([]bson.Raw, error) {
	x, err := engine.CompileExpression(spec, h.env)
	if err != nil {
		return nil, err
	}
	v, err := x.Eval(nil)
	if err != nil {
		return nil, err
	}
	arr, ok := v.ArrayOK()
	if !ok {
		return nil, errorf(5858203, "an array is expected")
	}
	var out []bson.Raw
	it := bson.Raw(arr).Iter()
	for it.Next() {
		d, ok := it.Value().DocumentOK()
		if !ok {
			return nil, errorf(40228, "'$documents' must be an array of objects")
		}
		out = append(out, d)
	}
	return out, nil
}

// targetNS reads a stage's target: "coll" or {db, coll}.
func (h *aggHost) targetNS(spec bson.RawValue, stage string) (string, string, error) {
	if s, ok := spec.StringValueOK(); ok {
		return h.r.db, s, checkNS(h.r.db, s)
	}
	d, ok := spec.DocumentOK()
	if !ok {
		return "", "", errorf(codeFailedToParse, "%s only supports a string or object argument, but found %s", stage, typeAlias(spec.Type))
	}
	db, coll := h.r.db, d.Lookup("coll").StringValue()
	if s, ok := d.Lookup("db").StringValueOK(); ok {
		db = s
	}
	return db, coll, checkNS(db, coll)
}

// out replaces the target collection's documents with in, keeping its
// indexes, as $out does; on failure the old documents are restored.
func (h *aggHost) out(spec bson.RawValue, in []bson.Raw) error {
	db, coll, err := h.targetNS(spec, "$out")
	if err != nil {
		return err
	}
	return h.r.c.srv.writeColl(db, coll, true, func(w *store.Writer) error {
		old := w.Records()
		w.Truncate()
		v := newValidator(h.r.c.srv, w, bypassArg(h.r))
		for _, d := range in {
			if err := insertOne(w, v, d); err != nil {
				w.Truncate()
				for _, rec := range old {
					w.Insert(rec.Doc)
				}
				return err
			}
		}
		return nil
	})
}

func (h *aggHost) collStats(spec bson.RawValue) ([]bson.Raw, error) {
	r := h.r
	coll := r.arg("aggregate").StringValue()
	var n int
	var st collSizes
	if c, ok := r.c.srv.cat.Collection(r.db, coll); ok {
		c.Read(func(rd *store.Reader) { n, st = rd.Len(), readCollSizes(rd) })
	} else {
		return nil, errorf(codeNamespaceNotFound, "Unable to retrieve count in $collStats stage :: caused by :: Collection [%s.%s] not found.", r.db, coll)
	}
	doc := rawDoc(func(bl *builder) {
		bl.str("ns", r.db+"."+coll).str("host", r.c.srv.Addr()).dateTime("localTime", time.Now().UnixMilli())
		if d, ok := spec.DocumentOK(); ok && d.Lookup("count").Type != 0 {
			bl.int64("count", int64(n))
		}
		if d, ok := spec.DocumentOK(); ok && d.Lookup("storageStats").Type != 0 {
			scale, _ := d.Lookup("storageStats").Document().Lookup("scale").AsInt64OK()
			bl.startDoc("storageStats")
			appendStorageStats(bl, st, scale)
			bl.end()
		}
	})
	return []bson.Raw{doc}, nil
}

func (h *aggHost) indexStats() ([]bson.Raw, error) {
	r := h.r
	c, ok := r.c.srv.cat.Collection(r.db, r.arg("aggregate").StringValue())
	if !ok {
		return nil, nil
	}
	var out []bson.Raw
	c.Read(func(rd *store.Reader) {
		for _, ix := range rd.Indexes() {
			out = append(out, rawDoc(func(bl *builder) {
				bl.str("name", ix.Name).doc("key", ix.Key).str("host", r.c.srv.Addr())
				bl.startDoc("accesses").int64("ops", 0).dateTime("since", startTime.UnixMilli()).end()
				bl.doc("spec", ix.Spec)
			}))
		}
	})
	return out, nil
}
