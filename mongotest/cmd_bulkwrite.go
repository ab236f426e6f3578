package mongotest

import (
	"github.com/cwal-go/cwal/bson"
)

var bulkWriteFields = []string{"ops", "nsInfo", "ordered", "bypassDocumentValidation", "let",
	"errorsOnly", "cursor"}

// bulkCounts are the totals of a client bulkWrite reply.
type bulkCounts struct {
	errors, inserted, matched, modified, upserted, deleted int
}

// cmdBulkWrite runs the MongoDB 8.0 client-level bulkWrite across
// namespaces and returns per-operation results as a cursor.
func cmdBulkWrite(r *request, bl *builder) error {
	ops, present, err := r.docs("ops")
	if err != nil {
		return err
	}
	if !present {
		return errorf(codeMissingField, "BSON field 'bulkWrite.ops' is missing but a required field")
	}
	nsDocs, present, err := r.docs("nsInfo")
	if err != nil {
		return err
	}
	if !present {
		return errorf(codeMissingField, "BSON field 'bulkWrite.nsInfo' is missing but a required field")
	}
	if err := checkBatch(len(ops)); err != nil {
		return err
	}
	nss, err := parseNSInfo(nsDocs)
	if err != nil {
		return err
	}
	ordered, err := orderedArg(r)
	if err != nil {
		return err
	}
	errorsOnly, err := boolArg(r, "errorsOnly")
	if err != nil {
		return err
	}
	var counts bulkCounts
	var results []bson.Raw
	for i, op := range ops {
		res, cerr := r.bulkOp(i, op, nss, &counts)
		if cerr != nil {
			counts.errors++
			results = append(results, bulkError(i, cerr))
			if ordered {
				break
			}
			continue
		}
		if !errorsOnly {
			results = append(results, res)
		}
	}
	if results == nil {
		results = []bson.Raw{}
	}
	appendCursor(bl, "firstBatch", results, 0, "admin.$cmd.bulkWrite")
	bl.int32("nErrors", int32(counts.errors)).int32("nInserted", int32(counts.inserted)).
		int32("nMatched", int32(counts.matched)).int32("nModified", int32(counts.modified)).
		int32("nUpserted", int32(counts.upserted)).int32("nDeleted", int32(counts.deleted))
	return nil
}

type bulkNS struct{ db, coll string }

func parseNSInfo(docs []bson.Raw) ([]bulkNS, error) {
	out := make([]bulkNS, 0, len(docs))
	for _, d := range docs {
		ns, ok := d.Lookup("ns").StringValueOK()
		if !ok {
			return nil, errorf(codeMissingField, "BSON field 'bulkWrite.nsInfo.ns' is missing but a required field")
		}
		db, coll, _ := splitNS(ns)
		if err := checkNS(db, coll); err != nil {
			return nil, err
		}
		out = append(out, bulkNS{db, coll})
	}
	return out, nil
}

func bulkError(i int, err error) bson.Raw {
	ce := toCmdError(err)
	return rawDoc(func(bl *builder) {
		bl.double("ok", 0).int32("idx", int32(i)).int32("code", ce.Code).str("codeName", ce.name()).str("errmsg", ce.Msg)
		appendElements(bl, ce.Info)
	})
}

// bulkOp runs one operation and returns its result document.
func (r *request) bulkOp(i int, op bson.Raw, nss []bulkNS, counts *bulkCounts) (bson.Raw, error) {
	it := op.Iter()
	if !it.Next() {
		return nil, errorf(codeFailedToParse, "Unrecognized bulkWrite operation")
	}
	kind := it.Key()
	idx, ok := it.Value().AsInt64OK()
	if !ok || idx < 0 || idx >= int64(len(nss)) {
		return nil, errorf(codeBadValue, "BulkWrite ops entry %d has an invalid nsInfo index", i)
	}
	ns := nss[idx]
	if err := r.refuseView(ns.db, ns.coll); err != nil {
		return nil, err
	}
	sub := &request{c: r.c, ctx: r.ctx, name: "bulkWrite", db: ns.db, body: r.body}
	switch kind {
	case "insert":
		doc, ok := op.Lookup("document").DocumentOK()
		if !ok {
			return nil, errorf(codeMissingField, "BSON field 'bulkWrite.ops.document' is missing but a required field")
		}
		if _, errs := r.insertDocs(ns.db, ns.coll, []bson.Raw{doc}, true); len(errs) > 0 {
			return nil, errs[0].err
		}
		counts.inserted++
		return bulkResult(i, 1, nil), nil
	case "update":
		return sub.bulkUpdate(i, op, ns, counts)
	case "delete":
		limit := 1
		if truthy(op.Lookup("multi")) {
			limit = 0
		}
		q, _ := op.Lookup("filter").DocumentOK()
		n, err := sub.deleteMatching(ns.coll, q, limit, op)
		if err != nil {
			return nil, err
		}
		counts.deleted += n
		return bulkResult(i, n, nil), nil
	}
	return nil, errorf(codeFailedToParse, "Unrecognized bulkWrite operation: %s", kind)
}

func (r *request) bulkUpdate(i int, op bson.Raw, ns bulkNS, counts *bulkCounts) (bson.Raw, error) {
	q, ok := op.Lookup("filter").DocumentOK()
	if !ok {
		return nil, errorf(codeMissingField, "BSON field 'bulkWrite.ops.filter' is missing but a required field")
	}
	st, err := r.buildUpdateStmt(q, op.Lookup("updateMods"), op)
	if err != nil {
		return nil, err
	}
	res, err := r.runStmt(ns.coll, st)
	if err != nil {
		return nil, err
	}
	counts.matched += res.matched
	counts.modified += res.modified
	n := res.matched
	if res.upsertedID.Type != 0 {
		counts.upserted++
		n = 1
	}
	return rawDoc(func(bl *builder) {
		bl.double("ok", 1).int32("idx", int32(i)).int32("n", int32(n)).int32("nModified", int32(res.modified))
		if res.upsertedID.Type != 0 {
			bl.startDoc("upserted").value("_id", res.upsertedID).end()
		}
	}), nil
}

func bulkResult(i, n int, extra func(*builder)) bson.Raw {
	return rawDoc(func(bl *builder) {
		bl.double("ok", 1).int32("idx", int32(i)).int32("n", int32(n))
		if extra != nil {
			extra(bl)
		}
	})
}
