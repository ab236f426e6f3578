package unified

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

func registerBulk(t OpTable) {
	t.Register(KindCollection, "bulkWrite", collOp(prepareBulkWrite))
	t.Register(KindClient, "clientBulkWrite", clientOp(prepareClientBulkWrite))
}

// writeModel reads one request of bulkWrite or one model of
// clientBulkWrite ({insertOne: {...}}); namespace is read for the latter.
func writeModel(req bson.Raw) (client.WriteModel, string, error) {
	it := req.Iter()
	if !it.Next() {
		return nil, "", fmt.Errorf("empty write model")
	}
	name, body := it.Key(), newArgs(it.Value().Document())
	ns := body.str("namespace")
	var m client.WriteModel
	switch name {
	case "insertOne":
		m = client.InsertOneModel{Document: body.any("document")}
	case "updateOne":
		m = client.UpdateOneModel{Filter: body.any("filter"), Update: body.any("update"), ArrayFilters: body.any("arrayFilters"),
			Collation: body.any("collation"), Hint: body.any("hint"), Sort: body.any("sort"), Upsert: body.boolean("upsert")}
	case "updateMany":
		m = client.UpdateManyModel{Filter: body.any("filter"), Update: body.any("update"), ArrayFilters: body.any("arrayFilters"),
			Collation: body.any("collation"), Hint: body.any("hint"), Upsert: body.boolean("upsert")}
	case "replaceOne":
		m = client.ReplaceOneModel{Filter: body.any("filter"), Replacement: body.any("replacement"),
			Collation: body.any("collation"), Hint: body.any("hint"), Sort: body.any("sort"), Upsert: body.boolean("upsert")}
	case "deleteOne":
		m = client.DeleteOneModel{Filter: body.any("filter"), Collation: body.any("collation"), Hint: body.any("hint")}
	case "deleteMany":
		m = client.DeleteManyModel{Filter: body.any("filter"), Collation: body.any("collation"), Hint: body.any("hint")}
	default:
		return nil, "", fmt.Errorf("write model %q: %w", name, ErrUnsupportedOperation)
	}
	if err := body.done(); err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	return m, ns, nil
}

func prepareBulkWrite(c *client.Collection, a *args) runFunc {
	reqs := a.docs("requests")
	opts := client.BulkWriteOptions{BypassDocumentValidation: a.optBool("bypassDocumentValidation"), Comment: a.any("comment"), Let: a.any("let")}
	if o, ok := a.val("ordered").BooleanOK(); ok {
		opts.Unordered = !o
	}
	models := make([]client.WriteModel, 0, len(reqs))
	for i, r := range reqs {
		d, _ := r.(bson.Raw)
		m, _, err := writeModel(d)
		if err != nil {
			return failed(fmt.Errorf("requests[%d]: %w", i, err))
		}
		models = append(models, m)
	}
	return func(ctx context.Context) (Result, error) {
		res, err := c.BulkWrite(ctx, models, opts)
		if res == nil {
			return Result{}, err
		}
		out, merr := bulkResultDoc(res)
		if err != nil {
			return out, err
		}
		return out, merr
	}
}

func bulkResultDoc(res *client.BulkWriteResult) (Result, error) {
	return docResult(bson.D{
		{Key: "deletedCount", Value: res.DeletedCount}, {Key: "insertedCount", Value: res.InsertedCount},
		{Key: "insertedIds", Value: idMap(res.InsertedIDs)}, {Key: "matchedCount", Value: res.MatchedCount},
		{Key: "modifiedCount", Value: res.ModifiedCount}, {Key: "upsertedCount", Value: res.UpsertedCount},
		{Key: "upsertedIds", Value: idMap(res.UpsertedIDs)},
	})
}

// idMap turns index → _id into {"<index>": _id} in index order.
func idMap(ids map[int]bson.RawValue) bson.D {
	d := bson.D{}
	for i := 0; len(d) < len(ids) && i <= maxKey(ids); i++ {
		if id, ok := ids[i]; ok {
			d = append(d, bson.E{Key: strconv.Itoa(i), Value: id})
		}
	}
	return d
}

func maxKey[V any](m map[int]V) int {
	mx := -1
	for k := range m {
		mx = max(mx, k)
	}
	return mx
}

func prepareClientBulkWrite(c *clientEntity, a *args) runFunc {
	raw := a.docs("models")
	opts := client.ClientBulkWriteOptions{BypassDocumentValidation: a.optBool("bypassDocumentValidation"),
		Comment: a.any("comment"), Let: a.any("let"), VerboseResults: a.boolean("verboseResults")}
	if o, ok := a.val("ordered").BooleanOK(); ok {
		opts.Unordered = !o
	}
	if wc := a.doc("writeConcern"); wc != nil {
		opts.WriteConcern = writeConcernOf(wc)
	}
	models := make([]client.ClientWriteModel, 0, len(raw))
	for i, r := range raw {
		d, _ := r.(bson.Raw)
		m, ns, err := writeModel(d)
		if err != nil {
			return failed(fmt.Errorf("models[%d]: %w", i, err))
		}
		models = append(models, client.ClientWriteModel{Namespace: ns, Model: m})
	}
	return func(ctx context.Context) (Result, error) {
		res, err := c.c.BulkWrite(ctx, models, opts)
		var bwe *client.BulkWriteException
		if res == nil && errors.As(err, &bwe) {
			res = bwe.PartialResult
		}
		if res == nil {
			return Result{}, err
		}
		out, merr := clientBulkResultDoc(res)
		if err != nil {
			return out, err
		}
		return out, merr
	}
}
