package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

var findFields = []string{"filter", "sort", "projection", "hint", "skip", "limit", "batchSize",
	"singleBatch", "max", "min", "returnKey", "showRecordId", "tailable", "oplogReplay",
	"noCursorTimeout", "awaitData", "allowPartialResults", "collation", "allowDiskUse", "let",
	"ntoreturn", "term", "readOnce", "allowSpeculativeMajorityRead", "requestResumeToken",
	"resumeAfter", "includeQueryStatsMetrics"}

// findArgs are the parsed options of a find command.
type findArgs struct {
	env                 *engine.Env
	filter              *engine.Filter
	sort                *engine.SortSpec
	proj                *engine.Projection
	skip, limit, batch  int64
	single, tail, await bool
	hint                bson.RawValue

	returnKey, showRecordID bool
	keyFields               []string // returnKey: the fields of the index used, nil for a scan
}

func parseFind(r *request) (*findArgs, error) {
	a := &findArgs{hint: r.arg("hint")}
	var err error
	if a.env, err = commandEnv(r, r.arg("collation")); err != nil {
		return nil, err
	}
	if a.filter, err = compileFilter(r, "filter", r.arg("filter"), a.env); err != nil {
		return nil, err
	}
	if a.sort, err = parseSortArg(r, "sort", r.arg("sort")); err != nil {
		return nil, err
	}
	if p := r.arg("projection"); p.Type != 0 && p.Type != bson.TypeNull {
		d, ok := p.DocumentOK()
		if !ok {
			return nil, typeMismatch(r.name, "projection", p, "object")
		}
		if a.proj, err = engine.CompileProjection(d, a.env); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		name string
		dst  *int64
		def  int64
	}{{"skip", &a.skip, 0}, {"limit", &a.limit, 0}, {"batchSize", &a.batch, defaultFirstBatch}} {
		if *f.dst, err = int64Arg(r, f.name, f.def); err != nil {
			return nil, err
		}
		if *f.dst < 0 {
			return nil, errorf(codeBadValueNonNegative, "BSON field '%s' value must be >= 0, actual value '%d'", f.name, *f.dst)
		}
	}
	for _, f := range []struct {
		name string
		dst  *bool
	}{{"singleBatch", &a.single}, {"tailable", &a.tail}, {"awaitData", &a.await},
		{"returnKey", &a.returnKey}, {"showRecordId", &a.showRecordID}} {
		if *f.dst, err = boolArg(r, f.name); err != nil {
			return nil, err
		}
	}
	if a.await && !a.tail {
		return nil, errorf(codeFailedToParse, "Cannot set 'awaitData' without also setting 'tailable'")
	}
	return a, nil
}

// codeBadValueNonNegative is the IDL validator's code for a negative value.
const codeBadValueNonNegative = 51024

// cmdFind runs a query and opens a cursor over its results.
func cmdFind(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	a, err := parseFind(r)
	if err != nil {
		return err
	}
	ns := r.db + "." + name
	if hits, isView, err := r.viewHits(name, a.filter); isView {
		if err != nil {
			return err
		}
		if a.tail {
			return notOnView(ns)
		}
		docs, err := a.results(hits)
		if err != nil {
			return err
		}
		r.replyCursor(bl, ns, docs, cursorOpts{batchSize: a.firstBatch(), singleBatch: a.single})
		return nil
	}
	c, ok := r.c.srv.cat.Collection(r.db, name)
	if !ok {
		if a.tail {
			return errorf(codeBadValue, "error processing query: ns=%s: tailable cursor requested on non capped collection", ns)
		}
		r.replyCursor(bl, ns, nil, cursorOpts{batchSize: a.batch, singleBatch: true})
		return nil
	}
	var hits []hit
	var tail *cursor
	c.Read(func(rd *store.Reader) {
		if err = checkHint(rd, a.hint); err != nil {
			return
		}
		if a.tail && !rd.Options().Capped {
			err = errorf(codeBadValue, "error processing query: ns=%s: tailable cursor requested on non capped collection", ns)
			return
		}
		if a.tail {
			tail = &cursor{left: -1, tailable: true, awaitData: a.await, coll: c, lastRID: rd.LastRID()}
		}
		hits, err = matchAll(rd, a.filter, naturalReverse(a.sort, a.hint), 0)
		if a.returnKey {
			filter, _ := r.arg("filter").DocumentOK()
			sort, _ := r.arg("sort").DocumentOK()
			a.keyFields = keyIndexFields(rd, a.hint, filter, sort)
		}
	})
	if err != nil {
		return err
	}
	docs, err := a.results(hits)
	if err != nil {
		return err
	}
	if tail != nil {
		tail.accept = a.acceptNew
	}
	r.replyCursor(bl, ns, docs, cursorOpts{batchSize: a.firstBatch(), singleBatch: a.single, tail: tail})
	return nil
}

// firstBatch is the size of the first batch: batchSize, at most limit.
func (a *findArgs) firstBatch() int64 {
	if a.limit > 0 && a.batch > 0 && a.limit < a.batch {
		return a.limit
	}
	return a.batch
}

// results sorts, windows and projects the matched documents.
func (a *findArgs) results(hits []hit) ([]bson.Raw, error) {
	sortHits(hits, a.sort, a.env.Collation)
	hits = window(hits, a.skip, a.limit)
	docs := make([]bson.Raw, 0, len(hits))
	for _, h := range hits {
		d, err := a.output(h)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// output is what the find returns for one matched document: its index key
// (returnKey), or its projection, with its record id (showRecordId).
func (a *findArgs) output(h hit) (bson.Raw, error) {
	if a.returnKey {
		if a.keyFields == nil {
			return emptyDoc, nil
		}
		return indexKeyDoc(h.rec.Doc, a.keyFields), nil
	}
	d := h.rec.Doc
	if a.proj != nil {
		var err error
		if d, err = a.proj.Apply(d, h.pos); err != nil {
			return nil, err
		}
	}
	if a.showRecordID {
		d = withRecordID(d, h.rec.RID)
	}
	return d, nil
}

// acceptNew filters and projects a document inserted after a tailable
// cursor opened.
func (a *findArgs) acceptNew(doc bson.Raw) (bson.Raw, bool, error) {
	ok, pos, err := a.filter.MatchPos(doc)
	if err != nil || !ok {
		return nil, false, err
	}
	if a.proj != nil {
		doc, err = a.proj.Apply(doc, pos)
	}
	return doc, err == nil, err
}
