package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

var deleteFields = []string{"deletes", "ordered", "let"}

var deleteStmtFields = []string{"q", "limit", "collation", "hint"}

// cmdDelete applies delete statements: {n, writeErrors?}.
func cmdDelete(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	if err := r.refuseView(r.db, name); err != nil {
		return err
	}
	stmts, present, err := r.docs("deletes")
	if err != nil {
		return err
	}
	if !present {
		return errorf(codeMissingField, "BSON field 'delete.deletes' is missing but a required field")
	}
	if err := checkBatch(len(stmts)); err != nil {
		return err
	}
	ordered, err := orderedArg(r)
	if err != nil {
		return err
	}
	n := 0
	var errs []writeError
	for i, sd := range stmts {
		k, err := r.runDelete(name, sd)
		if err != nil {
			errs = append(errs, writeError{i, toCmdError(err)})
			if ordered {
				break
			}
			continue
		}
		n += k
	}
	bl.int32("n", int32(n))
	appendWriteErrors(bl, errs)
	return nil
}

func (r *request) runDelete(coll string, sd bson.Raw) (int, error) {
	it := sd.Iter()
	for it.Next() {
		if !contains(deleteStmtFields, it.Key()) {
			return 0, errorf(codeUnknownField, "BSON field 'delete.deletes.%s' is an unknown field.", it.Key())
		}
	}
	q, ok := sd.Lookup("q").DocumentOK()
	if !ok {
		return 0, errorf(codeMissingField, "BSON field 'delete.deletes.q' is missing but a required field")
	}
	lv := sd.Lookup("limit")
	if lv.Type == 0 {
		return 0, errorf(codeMissingField, "BSON field 'delete.deletes.limit' is missing but a required field")
	}
	limit, _ := lv.AsInt64OK()
	if limit != 0 && limit != 1 {
		return 0, errorf(codeFailedToParse, "The limit field in delete objects must be 0 or 1. Got %d", limit)
	}
	return r.deleteMatching(coll, q, int(limit), sd)
}

// deleteMatching deletes up to limit (0: all) documents matching q, with
// the collation and hint of opts.
func (r *request) deleteMatching(coll string, q bson.Raw, limit int, sd bson.Raw) (int, error) {
	env, err := commandEnv(r, sd.Lookup("collation"))
	if err != nil {
		return 0, err
	}
	f, err := engine.CompileFilter(q, env)
	if err != nil {
		return 0, err
	}
	n := 0
	err = r.c.srv.writeColl(r.db, coll, false, func(w *store.Writer) error {
		if w == nil {
			return nil
		}
		if err := checkHint(&w.Reader, sd.Lookup("hint")); err != nil {
			return err
		}
		hits, err := matchAll(&w.Reader, f, false, limit)
		if err != nil {
			return err
		}
		for _, h := range hits {
			if w.Delete(h.rec.RID) {
				n++
			}
		}
		return nil
	})
	return n, err
}
