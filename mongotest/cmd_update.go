package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

var updateFields = []string{"updates", "ordered", "bypassDocumentValidation", "let"}

var updateStmtFields = []string{"q", "u", "upsert", "multi", "arrayFilters", "collation", "hint",
	"c", "sort", "upsertSupplied"}

// updateStmt is one parsed update statement.
type updateStmt struct {
	filter *engine.Filter
	query  bson.Raw
	update *engine.Update
	env    *engine.Env
	sort   *engine.SortSpec
	hint   bson.RawValue
	upsert bool
	multi  bool
}

// updateResult is what one statement did.
type updateResult struct {
	matched, modified int
	upsertedID        bson.RawValue
	doc               bson.Raw // the new (or, for returnOld, old) document
	old               bson.Raw
}

// cmdUpdate applies update statements: {n, nModified, upserted?, writeErrors?}.
func cmdUpdate(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	if err := r.refuseView(r.db, name); err != nil {
		return err
	}
	stmts, present, err := r.docs("updates")
	if err != nil {
		return err
	}
	if !present {
		return errorf(codeMissingField, "BSON field 'update.updates' is missing but a required field")
	}
	if err := checkBatch(len(stmts)); err != nil {
		return err
	}
	if err := checkUpdatePipelines(stmts); err != nil {
		return err
	}
	ordered, err := orderedArg(r)
	if err != nil {
		return err
	}
	var n, nModified int
	var errs []writeError
	bl2 := newBuilder(nil) // upserted entries, written after n and nModified
	bl2.startArray("upserted")
	nUpserted := 0
	for i, sd := range stmts {
		res, err := r.runUpdate(name, sd)
		if err != nil {
			errs = append(errs, writeError{i, toCmdError(err)})
			if ordered {
				break
			}
			continue
		}
		n += res.matched
		nModified += res.modified
		if res.upsertedID.Type != 0 {
			n++
			nUpserted++
			bl2.startDoc("").int32("index", int32(i)).value("_id", res.upsertedID).end()
		}
	}
	bl.int32("n", int32(n))
	if nUpserted > 0 {
		appendElements(bl, bl2.finish())
	}
	bl.int32("nModified", int32(nModified))
	appendWriteErrors(bl, errs)
	return nil
}

func (r *request) runUpdate(coll string, sd bson.Raw) (updateResult, error) {
	st, err := r.parseUpdateStmt(sd)
	if err != nil {
		return updateResult{}, err
	}
	return r.runStmt(coll, st)
}

// runStmt applies a parsed update statement to a collection of r.db.
func (r *request) runStmt(coll string, st *updateStmt) (updateResult, error) {
	var res updateResult
	err := r.c.srv.writeColl(r.db, coll, st.upsert, func(w *store.Writer) error {
		var err error
		res, err = st.apply(w, newValidator(r.c.srv, w, bypassArg(r)))
		return err
	})
	return res, err
}

func (r *request) parseUpdateStmt(sd bson.Raw) (*updateStmt, error) {
	it := sd.Iter()
	for it.Next() {
		if !contains(updateStmtFields, it.Key()) {
			return nil, errorf(codeUnknownField, "BSON field 'update.updates.%s' is an unknown field.", it.Key())
		}
	}
	q, ok := sd.Lookup("q").DocumentOK()
	if !ok {
		return nil, errorf(codeMissingField, "BSON field 'update.updates.q' is missing but a required field")
	}
	u := sd.Lookup("u")
	if u.Type == 0 {
		return nil, errorf(codeMissingField, "BSON field 'update.updates.u' is missing but a required field")
	}
	return r.buildUpdateStmt(q, u, sd)
}

// buildUpdateStmt compiles a filter q and update u with the statement
// options in opts (upsert, multi, arrayFilters, collation, hint, sort, c).
func (r *request) buildUpdateStmt(q bson.Raw, u bson.RawValue, sd bson.Raw) (*updateStmt, error) {
	st := &updateStmt{query: q, hint: sd.Lookup("hint"),
		upsert: truthy(sd.Lookup("upsert")), multi: truthy(sd.Lookup("multi"))}
	var err error
	if st.env, err = commandEnv(r, sd.Lookup("collation")); err != nil {
		return nil, err
	}
	if c, ok := sd.Lookup("c").DocumentOK(); ok {
		if err := st.env.SetLet(c); err != nil {
			return nil, err
		}
	}
	if st.filter, err = engine.CompileFilter(q, st.env); err != nil {
		return nil, err
	}
	if st.sort, err = parseSortArg(r, "updates.sort", sd.Lookup("sort")); err != nil {
		return nil, err
	}
	var filters []bson.Raw
	if af := sd.Lookup("arrayFilters"); af.Type == bson.TypeArray {
		it := bson.Raw(af.Value).Iter()
		for it.Next() {
			filters = append(filters, it.Value().Document())
		}
	}
	if st.update, err = engine.CompileUpdate(u, engine.UpdateOptions{ArrayFilters: filters, Env: st.env}); err != nil {
		return nil, err
	}
	if st.multi && st.update.Kind() == engine.UpdateReplacement {
		return nil, errorf(codeFailedToParse, "multi update is not supported for replacement-style update")
	}
	return st, nil
}

// apply runs the statement on a collection (w nil: it does not exist),
// checking results against the collection's validator v.
func (st *updateStmt) apply(w *store.Writer, v *validator) (updateResult, error) {
	var res updateResult
	if w == nil { // no collection and no upsert: nothing matches
		return res, nil
	}
	if err := checkHint(&w.Reader, st.hint); err != nil {
		return res, err
	}
	max := 1
	if st.multi || (st.sort != nil && !st.sort.Empty()) {
		max = 0
	}
	hits, err := matchAll(&w.Reader, st.filter, false, max)
	if err != nil {
		return res, err
	}
	sortHits(hits, st.sort, st.env.Collation)
	if !st.multi && len(hits) > 1 {
		hits = hits[:1]
	}
	for _, h := range hits {
		if err := st.applyOne(w, v, h, &res); err != nil {
			return res, err
		}
	}
	if len(hits) > 0 || !st.upsert {
		return res, nil
	}
	return res, st.insertUpsert(w, v, &res)
}

func (st *updateStmt) applyOne(w *store.Writer, v *validator, h hit, res *updateResult) error {
	doc, changed, err := st.update.Apply(h.rec.Doc, h.pos)
	if err != nil {
		return err
	}
	res.matched++
	res.old, res.doc = h.rec.Doc, h.rec.Doc
	if !changed {
		return nil
	}
	if err := engine.ValidateForStorage(doc); err != nil {
		return err
	}
	if len(doc) > maxBsonObjectSize {
		return errorf(codeBSONObjectTooLarge, "Resulting document after update is larger than %d", maxBsonObjectSize)
	}
	if err := v.check(doc, h.rec.Doc); err != nil {
		return err
	}
	if _, err := w.Replace(h.rec.RID, doc); err != nil {
		return err
	}
	res.modified++
	res.doc = doc
	return nil
}

func (st *updateStmt) insertUpsert(w *store.Writer, v *validator, res *updateResult) error {
	doc, err := st.update.Upsert(st.query)
	if err != nil {
		return err
	}
	doc, err = prepareInsert(doc)
	if err != nil {
		return err
	}
	if err := v.check(doc, nil); err != nil {
		return err
	}
	if _, err := w.Insert(doc); err != nil {
		return err
	}
	res.upsertedID = doc.Lookup("_id")
	res.doc = doc
	return nil
}
