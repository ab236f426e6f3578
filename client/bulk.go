package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// BulkWriteOptions are the options of a collection's BulkWrite.
type BulkWriteOptions struct {
	// Unordered lets the server go on after a failed write; the default
	// is ordered.
	Unordered                bool
	BypassDocumentValidation Optional[bool]
	Comment                  any
	Let                      any
}

// BulkWriteResult is the result of a collection's BulkWrite.
type BulkWriteResult struct {
	InsertedCount, MatchedCount, ModifiedCount, DeletedCount, UpsertedCount int64
	// InsertedIDs and UpsertedIDs map a model's index to the _id it
	// inserted.
	InsertedIDs, UpsertedIDs map[int]bson.RawValue
	Acknowledged             bool
}

// BulkWrite runs models on the collection as insert, update and delete
// commands, one per run of consecutive models of the same kind, each split
// into batches as the server's limits require. Write errors come back as
// one *WriteException whose indexes are those of models, with the result
// of what was done.
func (c *Collection) BulkWrite(ctx context.Context, models []WriteModel, opts ...BulkWriteOptions) (*BulkWriteResult, error) {
	if len(models) == 0 {
		return nil, fmt.Errorf("%w: BulkWrite of no models", ErrInvalidArgument)
	}
	bms := make([]operation.BulkWriteModel, len(models))
	for i, m := range models {
		if m == nil {
			return nil, fmt.Errorf("%w: models[%d] is nil", ErrInvalidArgument, i)
		}
		bm, err := m.model()
		if err != nil {
			return nil, fmt.Errorf("models[%d]: %w", i, err)
		}
		bms[i] = bm
	}
	b := &bulkRun{coll: c, o: last(opts), res: &BulkWriteResult{InsertedIDs: map[int]bson.RawValue{}, UpsertedIDs: map[int]bson.RawValue{}, Acknowledged: true}}
	return b.run(ctx, bms)
}

// bulkRun is the state of one collection BulkWrite.
type bulkRun struct {
	coll *Collection
	o    BulkWriteOptions
	res  *BulkWriteResult
	we   operation.WriteException
}

func (b *bulkRun) run(ctx context.Context, bms []operation.BulkWriteModel) (*BulkWriteResult, error) {
	for start := 0; start < len(bms); {
		end := start + 1
		for end < len(bms) && commandOf(bms[end].Kind) == commandOf(bms[start].Kind) {
			end++
		}
		err := b.runGroup(ctx, bms[start:end], start)
		var we *operation.WriteException
		switch {
		case err == nil:
		case errors.As(err, &we):
			b.merge(we, start)
			if !b.o.Unordered && len(we.WriteErrors) > 0 {
				return b.res, &b.we
			}
		default:
			return b.res, err
		}
		start = end
	}
	if len(b.we.WriteErrors) > 0 || b.we.WriteConcernError != nil {
		return b.res, &b.we
	}
	return b.res, nil
}

// commandOf groups the model kinds by the command that runs them.
func commandOf(k operation.BulkWriteKind) int {
	switch k {
	case operation.InsertOne:
		return 0
	case operation.DeleteOne, operation.DeleteMany:
		return 2
	}
	return 1
}

// merge adds the write errors of a group starting at offset.
func (b *bulkRun) merge(we *operation.WriteException, offset int) {
	for _, e := range we.WriteErrors {
		e.Index += offset
		b.we.WriteErrors = append(b.we.WriteErrors, e)
	}
	if we.WriteConcernError != nil {
		b.we.WriteConcernError = we.WriteConcernError
	}
	b.we.Labels = append(b.we.Labels, we.Labels...)
}

func (b *bulkRun) runGroup(ctx context.Context, group []operation.BulkWriteModel, offset int) error {
	m := marshaler{}
	comment := m.value("comment", b.o.Comment)
	let := m.doc("let", b.o.Let)
	if m.err != nil {
		return m.err
	}
	switch commandOf(group[0].Kind) {
	case 0:
		return b.inserts(ctx, group, offset, comment)
	case 1:
		return b.updates(ctx, group, offset, comment, let)
	}
	return b.deletes(ctx, group, comment, let)
}

func (b *bulkRun) inserts(ctx context.Context, group []operation.BulkWriteModel, offset int, comment bson.RawValue) error {
	c := b.coll
	cmd := &operation.Insert{DB: c.db, Collection: c.name, Documents: make([]bson.Raw, len(group))}
	for i, m := range group {
		cmd.Documents[i] = m.Document
	}
	cmd.Options = operation.InsertOptions{Unordered: b.o.Unordered, BypassDocumentValidation: b.o.BypassDocumentValidation, Comment: comment}
	err := c.client.execute(ctx, cmd, c.st.writeOpts())
	b.res.InsertedCount += cmd.Result.N
	b.res.Acknowledged = cmd.Result.Acknowledged
	for _, i := range insertedIndexes(len(group), int(cmd.Result.N), !b.o.Unordered, err) {
		b.res.InsertedIDs[offset+i] = group[i].Document.Lookup("_id")
	}
	return err
}

// insertedIndexes returns the positions of a group of n inserts that were
// inserted, so that InsertedIDs names only those: all of them on success;
// on write errors, all but the failed ones (and, when ordered, but those
// after the first failure, which were never attempted); after another
// error (network, command), only the first inserted ones the committed
// batches counted, since the batches go in order and the error stopped them.
func insertedIndexes(n, inserted int, ordered bool, err error) []int {
	limit := n
	var failed map[int]bool // nil unless there are write errors
	var we *operation.WriteException
	switch {
	case err == nil:
	case errors.As(err, &we):
		failed = make(map[int]bool, len(we.WriteErrors))
		for _, e := range we.WriteErrors {
			failed[e.Index] = true
			if ordered && e.Index < limit {
				limit = e.Index
			}
		}
	default:
		limit = min(inserted, n)
	}
	out := make([]int, 0, limit)
	for i := 0; i < limit; i++ {
		if !failed[i] {
			out = append(out, i)
		}
	}
	return out
}

func (b *bulkRun) updates(ctx context.Context, group []operation.BulkWriteModel, offset int, comment bson.RawValue, let bson.Raw) error {
	c := b.coll
	cmd := &operation.Update{DB: c.db, Collection: c.name, Updates: make([]operation.UpdateStatement, len(group))}
	for i, m := range group {
		u := m.Update
		if m.Kind == operation.ReplaceOne {
			u = operation.DocValue(m.Document)
		}
		cmd.Updates[i] = operation.UpdateStatement{Filter: m.Filter, Update: u, Multi: m.Kind == operation.UpdateMany, Upsert: m.Upsert,
			ArrayFilters: m.ArrayFilters, Collation: m.Collation, Hint: m.Hint, Sort: m.Sort}
	}
	cmd.Options = operation.UpdateOptions{Unordered: b.o.Unordered, BypassDocumentValidation: b.o.BypassDocumentValidation, Comment: comment, Let: let}
	err := c.client.execute(ctx, cmd, c.st.writeOpts())
	r := cmd.Result
	b.res.MatchedCount += r.N - int64(len(r.Upserted))
	b.res.ModifiedCount += r.NModified
	b.res.UpsertedCount += int64(len(r.Upserted))
	for _, u := range r.Upserted {
		b.res.UpsertedIDs[offset+u.Index] = u.ID
	}
	b.res.Acknowledged = r.Acknowledged
	return err
}

func (b *bulkRun) deletes(ctx context.Context, group []operation.BulkWriteModel, comment bson.RawValue, let bson.Raw) error {
	c := b.coll
	cmd := &operation.Delete{DB: c.db, Collection: c.name, Deletes: make([]operation.DeleteStatement, len(group))}
	for i, m := range group {
		cmd.Deletes[i] = operation.DeleteStatement{Filter: m.Filter, Multi: m.Kind == operation.DeleteMany, Collation: m.Collation, Hint: m.Hint}
	}
	cmd.Options = operation.DeleteOptions{Unordered: b.o.Unordered, Comment: comment, Let: let}
	err := c.client.execute(ctx, cmd, c.st.writeOpts())
	b.res.DeletedCount += cmd.Result.N
	b.res.Acknowledged = cmd.Result.Acknowledged
	return err
}
