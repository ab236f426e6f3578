package operation

import (
	"context"
	"errors"
	"slices"

	"github.com/cwal-go/cwal/bson"
)

// BulkWriteResult is the result of a client bulkWrite. The verbose maps,
// keyed by model index, are set only when HasVerboseResults is true; the
// counts mean nothing when Acknowledged is false.
type BulkWriteResult struct {
	Acknowledged      bool
	HasVerboseResults bool

	InsertedCount, UpsertedCount, MatchedCount, ModifiedCount, DeletedCount int64

	InsertResults map[int]BulkInsertResult
	UpdateResults map[int]BulkUpdateResult
	DeleteResults map[int]BulkDeleteResult
}

// BulkInsertResult is the result of one InsertOne.
type BulkInsertResult struct {
	// InsertedID is the model document's _id (a view into it).
	InsertedID bson.RawValue
}

// BulkUpdateResult is the result of one UpdateOne, UpdateMany or
// ReplaceOne.
type BulkUpdateResult struct {
	MatchedCount, ModifiedCount int64
	// UpsertedID is the _id of the inserted document, a copy; Type 0 when
	// no upsert happened (a null _id has Type bson.TypeNull).
	UpsertedID bson.RawValue
}

// BulkDeleteResult is the result of one DeleteOne or DeleteMany.
type BulkDeleteResult struct {
	DeletedCount int64
}

// bulkBatch is what one batch's reply and cursor said. A retry decodes
// into it afresh.
type bulkBatch struct {
	start, end int
	nErrors    int64
	counts     [5]int64 // inserted, upserted, matched, modified, deleted
	firstError int      // batch-relative index of the first write error, -1 if none
	inserts    []indexed[BulkInsertResult]
	updates    []indexed[BulkUpdateResult]
	deletes    []indexed[BulkDeleteResult]
	errs       []WriteError
	wce        *WriteConcernError
	err        error               // the top-level error that cut the cursor short
	marker     *BulkWriteException // what Decode returned, recognised by Advance
}

type indexed[T any] struct {
	i int
	v T
}

func (b *bulkBatch) reset(start, end int) {
	*b = bulkBatch{start: start, end: end, firstError: -1,
		inserts: b.inserts[:0], updates: b.updates[:0], deletes: b.deletes[:0], errs: b.errs[:0]}
}

// decodeBatch reads the counts, the write concern error and every result
// of the cursor, running getMore on the same connection until it is
// exhausted, and killCursors when that fails.
func (c *BulkWrite) decodeBatch(ctx context.Context, r *Reply) error {
	body := keep(&c.reply, r.Body)
	b := &c.cur
	b.nErrors = int64Field(body, "nErrors")
	for i, k := range [...]string{"nInserted", "nUpserted", "nMatched", "nModified", "nDeleted"} {
		b.counts[i] = int64Field(body, k)
	}
	if d, ok := body.Lookup("writeConcernError").DocumentOK(); ok {
		b.wce = parseWriteConcernError(d)
		b.wce.Labels = appendLabels(b.wce.Labels, body.Lookup("errorLabels"))
	}
	cr, err := parseCursor("bulkWrite", body)
	if err != nil {
		return err
	}
	if err := c.readResults(&cr); err != nil {
		b.err = err
	}
	for id := cr.ID; id != 0 && b.err == nil; id = cr.ID {
		coll := cr.Collection()
		gm := &c.getMore
		gm.DB, gm.Collection, gm.CursorID = "admin", coll, id
		if err := r.Run(ctx, gm); err != nil {
			b.err = killAfter(ctx, r, coll, id, err)
			break
		}
		cr = gm.Result
		if err := c.readResults(&cr); err != nil {
			b.err = killAfter(ctx, r, coll, cr.ID, err)
		}
	}
	if b.err == nil && b.wce == nil {
		return nil
	}
	b.marker = &BulkWriteException{Err: b.err}
	if b.wce != nil {
		b.marker.WriteConcernErrors = []WriteConcernError{*b.wce}
	}
	return b.marker
}

// killAfter kills the results cursor after err cut its reading short;
// the kill's own failure is reported with err.
func killAfter(ctx context.Context, r *Reply, coll string, id int64, err error) error {
	if id == 0 {
		return err
	}
	kc := KillCursors{DB: "admin", Collection: coll, CursorIDs: []int64{id}}
	if kerr := r.Run(ctx, &kc); kerr != nil {
		return errors.Join(err, kerr)
	}
	return err
}

// readResults records the results of one cursor batch.
func (c *BulkWrite) readResults(cr *CursorResponse) error {
	b := &c.cur
	it := cr.Documents()
	for {
		d, ok := it.Next()
		if !ok {
			return it.Err()
		}
		rel := int(int32Value(d.Lookup("idx")))
		i := b.start + rel
		if rel < 0 || i >= b.end {
			return &ReplyError{Command: "bulkWrite", Field: "cursor idx", Problem: "outside the batch"}
		}
		if !replyOK(d) {
			we := parseWriteError(d, 0)
			we.Index = i
			b.errs = append(b.errs, we)
			if b.firstError < 0 {
				b.firstError = rel
			}
			continue
		}
		if c.Options.VerboseResults {
			c.recordResult(i, d)
		}
	}
}

// recordResult records the verbose result of model i.
func (c *BulkWrite) recordResult(i int, d bson.Raw) {
	b := &c.cur
	switch c.Models[i].Kind {
	case InsertOne:
		b.inserts = append(b.inserts, indexed[BulkInsertResult]{i, BulkInsertResult{InsertedID: c.Models[i].Document.Lookup("_id")}})
	case DeleteOne, DeleteMany:
		b.deletes = append(b.deletes, indexed[BulkDeleteResult]{i, BulkDeleteResult{DeletedCount: int64Field(d, "n")}})
	default:
		u := BulkUpdateResult{MatchedCount: int64Field(d, "n"), ModifiedCount: int64Field(d, "nModified")}
		if up, ok := d.Lookup("upserted").DocumentOK(); ok {
			u.UpsertedID = up.Lookup("_id")
			u.UpsertedID.Value = slices.Clone(u.UpsertedID.Value)
		}
		b.updates = append(b.updates, indexed[BulkUpdateResult]{i, u})
	}
}

// bulkAccumulator merges the batches of a client bulkWrite.
type bulkAccumulator struct {
	observed   bool // some batch's results were read
	anySuccess bool // some write is known to have succeeded
	errs       map[int]WriteError
	wces       []WriteConcernError
}

func (a *bulkAccumulator) reset() { *a = bulkAccumulator{} }

// advance merges the current batch when it was decoded (the error is nil
// or Decode's) and decides whether to go on: not after a top-level error,
// nor after a write error of an ordered bulk write.
func (a *bulkAccumulator) advance(c *BulkWrite, err error) (bool, error) {
	var bwe *BulkWriteException
	if err != nil && !(errors.As(err, &bwe) && bwe == c.cur.marker) {
		return false, a.finish(c, err)
	}
	a.merge(c, &c.cur)
	c.batch.start = c.batch.end
	stop := c.cur.err != nil || (!c.Options.Unordered && len(c.cur.errs) > 0)
	if stop || c.batch.end >= len(c.Models) {
		return false, a.finish(c, c.cur.err)
	}
	return true, nil
}

// merge adds a decoded batch to the result and the errors.
func (a *bulkAccumulator) merge(c *BulkWrite, b *bulkBatch) {
	if !c.Result.Acknowledged {
		return
	}
	a.observed = true
	r := &c.Result
	r.InsertedCount += b.counts[0]
	r.UpsertedCount += b.counts[1]
	r.MatchedCount += b.counts[2]
	r.ModifiedCount += b.counts[3]
	r.DeletedCount += b.counts[4]
	if c.Options.Unordered {
		a.anySuccess = a.anySuccess || b.nErrors < int64(b.end-b.start)
	} else {
		a.anySuccess = a.anySuccess || b.nErrors == 0 || b.firstError > 0
	}
	mergeInto(&r.InsertResults, b.inserts)
	mergeInto(&r.UpdateResults, b.updates)
	mergeInto(&r.DeleteResults, b.deletes)
	for _, we := range b.errs {
		if a.errs == nil {
			a.errs = make(map[int]WriteError)
		}
		a.errs[we.Index] = we
	}
	if b.wce != nil {
		a.wces = append(a.wces, *b.wce)
	}
}

// mergeInto adds verbose results to a map, made on first use.
func mergeInto[T any](m *map[int]T, entries []indexed[T]) {
	for _, e := range entries {
		if *m == nil {
			*m = make(map[int]T)
		}
		(*m)[e.i] = e.v
	}
}

// finish returns the bulk write's error: nil when nothing failed, the
// top-level error alone when no result was seen, else a
// *BulkWriteException with the partial result when some write succeeded.
func (a *bulkAccumulator) finish(c *BulkWrite, top error) error {
	if top == nil && len(a.errs) == 0 && len(a.wces) == 0 {
		return nil
	}
	if top != nil && !a.observed {
		return top
	}
	exc := &BulkWriteException{Err: top, WriteConcernErrors: a.wces, WriteErrors: a.errs}
	if exc.WriteErrors == nil {
		exc.WriteErrors = map[int]WriteError{}
	}
	if a.anySuccess {
		r := c.Result
		exc.PartialResult = &r
	}
	return exc
}
