package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

var insertFields = []string{"documents", "ordered", "bypassDocumentValidation"}

// cmdInsert inserts documents: {n, writeErrors?}.
func cmdInsert(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	if err := r.refuseView(r.db, name); err != nil {
		return err
	}
	docs, present, err := r.docs("documents")
	if err != nil {
		return err
	}
	if !present {
		return errorf(codeMissingField, "BSON field 'insert.documents' is missing but a required field")
	}
	if err := checkBatch(len(docs)); err != nil {
		return err
	}
	ordered, err := orderedArg(r)
	if err != nil {
		return err
	}
	if _, err := boolArg(r, "bypassDocumentValidation"); err != nil {
		return err
	}
	n, errs := r.insertDocs(r.db, name, docs, ordered)
	bl.int32("n", int32(n))
	appendWriteErrors(bl, errs)
	return nil
}

// insertDocs inserts a batch into one collection and returns the count
// inserted and the write errors.
func (r *request) insertDocs(db, name string, docs []bson.Raw, ordered bool) (int, []writeError) {
	n := 0
	var errs []writeError
	s := r.c.srv
	_ = s.writeColl(db, name, true, func(w *store.Writer) error {
		v := newValidator(s, w, bypassArg(r))
		for i, d := range docs {
			if err := insertOne(w, v, d); err != nil {
				errs = append(errs, writeError{i, toCmdError(err)})
				if ordered {
					return nil
				}
				continue
			}
			n++
		}
		return nil
	})
	return n, errs
}

func insertOne(w *store.Writer, v *validator, d bson.Raw) error {
	doc, err := prepareInsert(d)
	if err != nil {
		return err
	}
	if err := v.check(doc, nil); err != nil {
		return err
	}
	_, err = w.Insert(doc)
	return err
}
