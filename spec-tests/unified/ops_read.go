package unified

import (
	"context"
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

func registerCollectionReads(t OpTable) {
	t.Register(KindCollection, "find", collOp(prepareFind(false)))
	t.Register(KindCollection, "findOne", collOp(prepareFindOne))
	t.Register(KindCollection, "createFindCursor", collOp(prepareFind(true)))
	t.Register(KindCollection, "aggregate", collOp(prepareCollAggregate))
	t.Register(KindCollection, "countDocuments", collOp(prepareCount))
	t.Register(KindCollection, "estimatedDocumentCount", collOp(prepareEstimated))
	t.Register(KindCollection, "distinct", collOp(prepareDistinct))
}

// findOptions reads the options of find.
func findOptions(a *args) client.FindOptions {
	return client.FindOptions{
		Sort: a.any("sort"), Projection: a.any("projection"), Hint: a.any("hint"),
		Skip: a.int64("skip"), Limit: a.int64("limit"), BatchSize: int32(a.int64("batchSize")),
		SingleBatch: a.boolean("singleBatch"), Comment: a.any("comment"), MaxTime: a.ms("maxTimeMS"),
		Max: a.any("max"), Min: a.any("min"), ReturnKey: a.boolean("returnKey"),
		ShowRecordID: a.boolean("showRecordId"), NoCursorTimeout: a.boolean("noCursorTimeout"),
		AllowPartialResults: a.boolean("allowPartialResults"), Collation: a.any("collation"),
		AllowDiskUse: a.optBool("allowDiskUse"), Let: a.any("let"),
	}
}

// prepareFind reads find's arguments; asCursor returns the cursor as an
// entity instead of its documents.
func prepareFind(asCursor bool) func(c *client.Collection, a *args) runFunc {
	return func(c *client.Collection, a *args) runFunc {
		a.require("filter")
		filter, opts := a.any("filter"), findOptions(a)
		return func(ctx context.Context) (Result, error) {
			cur, err := c.Find(ctx, filter, opts)
			if err != nil {
				return Result{}, err
			}
			if asCursor {
				return Result{Entity: cur, Kind: KindFindCursor}, nil
			}
			docs, err := drain(ctx, cur)
			return docsResult(docs), err
		}
	}
}

func prepareFindOne(c *client.Collection, a *args) runFunc {
	filter, opts := a.any("filter"), findOptions(a)
	return func(ctx context.Context) (Result, error) {
		return singleResult(c.FindOne(ctx, filter, opts))
	}
}

// singleResult returns the document of r, or null when none matched.
func singleResult(r *client.SingleResult) (Result, error) {
	d, err := r.Raw()
	if errors.Is(err, client.ErrNoDocuments) {
		return Result{Value: bson.RawValue{Type: bson.TypeNull}}, nil
	}
	if err != nil {
		return Result{}, err
	}
	return Result{Value: rawDoc(append(bson.Raw(nil), d...))}, nil
}

func aggregateOptions(a *args) client.AggregateOptions {
	return client.AggregateOptions{
		AllowDiskUse: a.optBool("allowDiskUse"), BatchSize: int32(a.int64("batchSize")),
		BypassDocumentValidation: a.optBool("bypassDocumentValidation"), Collation: a.any("collation"),
		Comment: a.any("comment"), Hint: a.any("hint"), Let: a.any("let"), MaxTime: a.ms("maxTimeMS"),
		MaxAwaitTime: a.ms("maxAwaitTimeMS"),
	}
}

func prepareCollAggregate(c *client.Collection, a *args) runFunc {
	pipeline, opts := a.any("pipeline"), aggregateOptions(a)
	return func(ctx context.Context) (Result, error) {
		cur, err := c.Aggregate(ctx, pipeline, opts)
		if err != nil {
			return Result{}, err
		}
		docs, err := drain(ctx, cur)
		return docsResult(docs), err
	}
}

func prepareCount(c *client.Collection, a *args) runFunc {
	filter := a.any("filter")
	opts := client.CountOptions{Collation: a.any("collation"), Hint: a.any("hint"), Comment: a.any("comment"), MaxTime: a.ms("maxTimeMS")}
	opts.Skip, opts.Limit = a.int64("skip"), a.int64("limit")
	return func(ctx context.Context) (Result, error) {
		n, err := c.CountDocuments(ctx, filter, opts)
		return int64Result(n), err
	}
}

func prepareEstimated(c *client.Collection, a *args) runFunc {
	opts := client.EstimatedCountOptions{Comment: a.any("comment"), MaxTime: a.ms("maxTimeMS")}
	return func(ctx context.Context) (Result, error) {
		n, err := c.EstimatedDocumentCount(ctx, opts)
		return int64Result(n), err
	}
}

func prepareDistinct(c *client.Collection, a *args) runFunc {
	field, filter := a.str("fieldName"), a.any("filter")
	opts := client.DistinctOptions{Collation: a.any("collation"), Comment: a.any("comment"), Hint: a.any("hint"), MaxTime: a.ms("maxTimeMS")}
	return func(ctx context.Context) (Result, error) {
		vals, err := c.Distinct(ctx, field, filter, opts)
		if err != nil {
			return Result{}, err
		}
		return Result{Value: bson.RawValue{Type: bson.TypeArray, Value: append([]byte(nil), vals...)}}, nil
	}
}

func int64Result(n int64) Result {
	return Result{Value: bson.RawValue{Type: bson.TypeInt64, Value: bson.AppendInt64(nil, n)}}
}
