package unified

import (
	"context"
	"strconv"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

func registerCollectionWrites(t OpTable) {
	t.Register(KindCollection, "insertOne", collOp(prepareInsertOne))
	t.Register(KindCollection, "insertMany", collOp(prepareInsertMany))
	t.Register(KindCollection, "updateOne", collOp(prepareUpdate(false, false)))
	t.Register(KindCollection, "updateMany", collOp(prepareUpdate(true, false)))
	t.Register(KindCollection, "replaceOne", collOp(prepareUpdate(false, true)))
	t.Register(KindCollection, "deleteOne", collOp(prepareDelete(false)))
	t.Register(KindCollection, "deleteMany", collOp(prepareDelete(true)))
	t.Register(KindCollection, "findOneAndUpdate", collOp(prepareFindAndModify("update")))
	t.Register(KindCollection, "findOneAndReplace", collOp(prepareFindAndModify("replacement")))
	t.Register(KindCollection, "findOneAndDelete", collOp(prepareFindAndModify("")))
}

func prepareInsertOne(c *client.Collection, a *args) runFunc {
	a.require("document")
	doc := a.any("document")
	opts := client.InsertOptions{BypassDocumentValidation: a.optBool("bypassDocumentValidation"), Comment: a.any("comment")}
	return func(ctx context.Context) (Result, error) {
		res, err := c.InsertOne(ctx, doc, opts)
		if err != nil || res == nil {
			return Result{}, err
		}
		return docResult(bson.D{{Key: "insertedId", Value: res.InsertedID}})
	}
}

func prepareInsertMany(c *client.Collection, a *args) runFunc {
	a.require("documents")
	docs := a.docs("documents")
	opts := client.InsertOptions{BypassDocumentValidation: a.optBool("bypassDocumentValidation"), Comment: a.any("comment")}
	if o, ok := a.val("ordered").BooleanOK(); ok {
		opts.Unordered = !o
	}
	return func(ctx context.Context) (Result, error) {
		res, err := c.InsertMany(ctx, docs, opts)
		if res == nil {
			return Result{}, err
		}
		ids := bson.D{}
		for i, id := range res.InsertedIDs {
			ids = append(ids, bson.E{Key: strconv.Itoa(i), Value: id})
		}
		if err != nil {
			// The partial result of a failed insertMany is a bulk write
			// result (CRUD specification, InsertMany as a bulk write).
			out, _ := docResult(bson.D{{Key: "deletedCount", Value: int64(0)}, {Key: "insertedCount", Value: res.InsertedCount},
				{Key: "matchedCount", Value: int64(0)}, {Key: "modifiedCount", Value: int64(0)},
				{Key: "upsertedCount", Value: int64(0)}, {Key: "upsertedIds", Value: bson.D{}}})
			return out, err
		}
		return docResult(bson.D{{Key: "insertedIds", Value: ids}, {Key: "insertedCount", Value: res.InsertedCount}})
	}
}

func updateOptions(a *args) client.UpdateOptions {
	return client.UpdateOptions{
		ArrayFilters: a.any("arrayFilters"), BypassDocumentValidation: a.optBool("bypassDocumentValidation"),
		Collation: a.any("collation"), Hint: a.any("hint"), Upsert: a.boolean("upsert"), Let: a.any("let"),
		Comment: a.any("comment"), Sort: a.any("sort"),
	}
}

// prepareUpdate reads updateOne, updateMany (many) or replaceOne
// (replace).
func prepareUpdate(many, replace bool) func(c *client.Collection, a *args) runFunc {
	return func(c *client.Collection, a *args) runFunc {
		filter := a.any("filter")
		var update any
		if replace {
			update = a.any("replacement")
		} else {
			update = a.any("update")
		}
		opts := updateOptions(a)
		return func(ctx context.Context) (Result, error) {
			var res *client.UpdateResult
			var err error
			switch {
			case replace:
				res, err = c.ReplaceOne(ctx, filter, update, opts)
			case many:
				res, err = c.UpdateMany(ctx, filter, update, opts)
			default:
				res, err = c.UpdateOne(ctx, filter, update, opts)
			}
			if res == nil {
				return Result{}, err
			}
			out, merr := updateResultDoc(res)
			if err != nil {
				return out, err
			}
			return out, merr
		}
	}
}

func updateResultDoc(res *client.UpdateResult) (Result, error) {
	d := bson.D{{Key: "matchedCount", Value: res.MatchedCount}, {Key: "modifiedCount", Value: res.ModifiedCount}, {Key: "upsertedCount", Value: res.UpsertedCount}}
	if !res.UpsertedID.IsZero() {
		d = append(d, bson.E{Key: "upsertedId", Value: res.UpsertedID})
	}
	return docResult(d)
}

func prepareDelete(many bool) func(c *client.Collection, a *args) runFunc {
	return func(c *client.Collection, a *args) runFunc {
		filter := a.any("filter")
		opts := client.DeleteOptions{Collation: a.any("collation"), Hint: a.any("hint"), Let: a.any("let"), Comment: a.any("comment")}
		return func(ctx context.Context) (Result, error) {
			var res *client.DeleteResult
			var err error
			if many {
				res, err = c.DeleteMany(ctx, filter, opts)
			} else {
				res, err = c.DeleteOne(ctx, filter, opts)
			}
			if res == nil {
				return Result{}, err
			}
			out, merr := docResult(bson.D{{Key: "deletedCount", Value: res.DeletedCount}})
			if err != nil {
				return out, err
			}
			return out, merr
		}
	}
}

// prepareFindAndModify reads findOneAndUpdate (change "update"),
// findOneAndReplace ("replacement") or findOneAndDelete ("").
func prepareFindAndModify(change string) func(c *client.Collection, a *args) runFunc {
	return func(c *client.Collection, a *args) runFunc {
		filter := a.any("filter")
		var doc any
		if change != "" {
			doc = a.any(change)
		}
		switch rd := a.str("returnDocument"); rd {
		case "", "Before", "After":
		default:
			a.invalid("returnDocument", "must be Before or After, not "+rd)
		}
		opts := client.FindOneAndOptions{
			ReturnAfter: a.str("returnDocument") == "After", Projection: a.any("projection"), Sort: a.any("sort"),
			Upsert: a.boolean("upsert"), ArrayFilters: a.any("arrayFilters"), Collation: a.any("collation"),
			BypassDocumentValidation: a.optBool("bypassDocumentValidation"), Hint: a.any("hint"),
			Let: a.any("let"), Comment: a.any("comment"), MaxTime: a.ms("maxTimeMS"),
		}
		return func(ctx context.Context) (Result, error) {
			switch change {
			case "update":
				return singleResult(c.FindOneAndUpdate(ctx, filter, doc, opts))
			case "replacement":
				return singleResult(c.FindOneAndReplace(ctx, filter, doc, opts))
			}
			return singleResult(c.FindOneAndDelete(ctx, filter, opts))
		}
	}
}
