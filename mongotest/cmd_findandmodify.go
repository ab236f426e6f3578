package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

var findAndModifyFields = []string{"query", "sort", "remove", "update", "new", "fields", "upsert",
	"bypassDocumentValidation", "collation", "arrayFilters", "hint", "let"}

// cmdFindAndModify updates, replaces or removes one document and returns
// it: {lastErrorObject: {n, updatedExisting, upserted?}, value}.
func cmdFindAndModify(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	if err := r.refuseView(r.db, name); err != nil {
		return err
	}
	fm, err := parseFindAndModify(r)
	if err != nil {
		return err
	}
	var res updateResult
	var removed bson.Raw
	err = r.c.srv.writeColl(r.db, name, fm.stmt.upsert, func(w *store.Writer) error {
		if fm.remove {
			removed, err = fm.removeOne(w)
			return err
		}
		res, err = fm.stmt.apply(w, newValidator(r.c.srv, w, bypassArg(r)))
		return err
	})
	if err != nil {
		return err
	}
	return fm.reply(bl, res, removed)
}

type findAndModify struct {
	stmt      *updateStmt
	remove    bool
	returnNew bool
	proj      *engine.Projection
}

func parseFindAndModify(r *request) (*findAndModify, error) {
	fm := &findAndModify{stmt: &updateStmt{hint: r.arg("hint")}}
	var err error
	if fm.remove, err = boolArg(r, "remove"); err != nil {
		return nil, err
	}
	if fm.returnNew, err = boolArg(r, "new"); err != nil {
		return nil, err
	}
	if fm.stmt.upsert, err = boolArg(r, "upsert"); err != nil {
		return nil, err
	}
	update := r.arg("update")
	switch {
	case fm.remove && update.Type != 0:
		return nil, errorf(codeFailedToParse, "Cannot specify both an update and remove=true")
	case !fm.remove && update.Type == 0:
		return nil, errorf(codeFailedToParse, "Either an update or remove=true must be specified")
	case fm.remove && fm.stmt.upsert:
		return nil, errorf(codeFailedToParse, "Cannot specify both upsert=true and remove=true ")
	case fm.remove && fm.returnNew:
		return nil, errorf(codeFailedToParse, "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document")
	}
	st := fm.stmt
	if st.env, err = commandEnv(r, r.arg("collation")); err != nil {
		return nil, err
	}
	st.query = emptyDoc
	if q, ok, err := docArg(r, "query"); err != nil {
		return nil, err
	} else if ok {
		st.query = q
	}
	if st.filter, err = engine.CompileFilter(st.query, st.env); err != nil {
		return nil, err
	}
	if st.sort, err = parseSortArg(r, "sort", r.arg("sort")); err != nil {
		return nil, err
	}
	if f, ok, err := docArg(r, "fields"); err != nil {
		return nil, err
	} else if ok {
		if fm.proj, err = engine.CompileProjection(f, st.env); err != nil {
			return nil, err
		}
	}
	if !fm.remove {
		var filters []bson.Raw
		if af, ok := r.arg("arrayFilters").ArrayOK(); ok {
			it := bson.Raw(af).Iter()
			for it.Next() {
				filters = append(filters, it.Value().Document())
			}
		}
		if st.update, err = engine.CompileUpdate(update, engine.UpdateOptions{ArrayFilters: filters, Env: st.env}); err != nil {
			return nil, err
		}
	}
	return fm, nil
}

func (fm *findAndModify) removeOne(w *store.Writer) (bson.Raw, error) {
	if w == nil {
		return nil, nil
	}
	if err := checkHint(&w.Reader, fm.stmt.hint); err != nil {
		return nil, err
	}
	max := 1
	if fm.stmt.sort != nil && !fm.stmt.sort.Empty() {
		max = 0
	}
	hits, err := matchAll(&w.Reader, fm.stmt.filter, false, max)
	if err != nil || len(hits) == 0 {
		return nil, err
	}
	sortHits(hits, fm.stmt.sort, fm.stmt.env.Collation)
	w.Delete(hits[0].rec.RID)
	return hits[0].rec.Doc, nil
}

func (fm *findAndModify) reply(bl *builder, res updateResult, removed bson.Raw) error {
	var value bson.Raw
	bl.startDoc("lastErrorObject")
	switch {
	case fm.remove:
		n := 0
		if removed != nil {
			n = 1
		}
		bl.int32("n", int32(n))
		value = removed
	case res.upsertedID.Type != 0:
		bl.int32("n", 1).bool("updatedExisting", false).value("upserted", res.upsertedID)
		if fm.returnNew {
			value = res.doc
		}
	default:
		bl.int32("n", int32(res.matched)).bool("updatedExisting", res.matched > 0)
		if res.matched > 0 {
			value = res.old
			if fm.returnNew {
				value = res.doc
			}
		}
	}
	bl.end()
	if value == nil {
		bl.null("value")
		return nil
	}
	if fm.proj != nil {
		var err error
		if value, err = fm.proj.Apply(value, -1); err != nil {
			return err
		}
	}
	bl.doc("value", value)
	return nil
}
