package unified

import (
	"context"
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

func registerClientOps(t OpTable) {
	t.Register(KindClient, "listDatabases", clientOp(prepareListDatabases(false)))
	t.Register(KindClient, "listDatabaseNames", clientOp(prepareListDatabases(true)))
	t.Register(KindCollection, "createIndex", collOp(prepareCreateIndex))
	t.Register(KindCollection, "listIndexes", collOp(prepareListIndexes))
	t.Register(KindCollection, "listIndexNames", collOp(prepareListIndexNames))
	t.Register(KindCollection, "dropIndex", collOp(prepareDropIndex))
	t.Register(KindCollection, "dropIndexes", collOp(prepareDropIndexes))
	t.Register(KindCollection, "drop", collOp(func(c *client.Collection, _ *args) runFunc {
		return func(ctx context.Context) (Result, error) { return Result{}, c.Drop(ctx) }
	}))
}

func prepareListDatabases(namesOnly bool) func(c *clientEntity, a *args) runFunc {
	return func(c *clientEntity, a *args) runFunc {
		filter := a.any("filter")
		opts := client.ListDatabasesOptions{NameOnly: a.boolean("nameOnly"), AuthorizedDatabases: a.optBool("authorizedDatabases"), Comment: a.any("comment")}
		return func(ctx context.Context) (Result, error) {
			if namesOnly {
				names, err := c.c.ListDatabaseNames(ctx, filter, opts)
				if err != nil {
					return Result{}, err
				}
				v, err := marshalValue(names)
				return Result{Value: v}, err
			}
			res, err := c.c.ListDatabases(ctx, filter, opts)
			if err != nil {
				return Result{}, err
			}
			docs := make([]bson.Raw, 0, len(res.Databases))
			for _, d := range res.Databases {
				b, err := bson.Marshal(d)
				if err != nil {
					return Result{}, err
				}
				docs = append(docs, b)
			}
			return docsResult(docs), nil
		}
	}
}

func prepareCreateIndex(c *client.Collection, a *args) runFunc {
	m := client.IndexModel{Keys: a.any("keys")}
	o := &m.Options
	o.Name, o.Unique, o.Sparse, o.Hidden = a.str("name"), a.boolean("unique"), a.boolean("sparse"), a.boolean("hidden")
	if n, ok := a.val("expireAfterSeconds").AsInt64OK(); ok {
		o.ExpireAfterSeconds = client.Some(int32(n))
	}
	o.PartialFilterExpression, o.Collation = a.any("partialFilterExpression"), a.any("collation")
	o.WildcardProjection, o.Weights = a.any("wildcardProjection"), a.any("weights")
	o.DefaultLanguage, o.Version = a.str("default_language"), int32(a.int64("version"))
	opts := client.CreateIndexesOptions{CommitQuorum: a.any("commitQuorum"), Comment: a.any("comment"), MaxTime: a.ms("maxTimeMS")}
	return func(ctx context.Context) (Result, error) {
		name, err := c.Indexes().CreateOne(ctx, m, opts)
		if err != nil {
			return Result{}, err
		}
		v, err := marshalValue(name)
		return Result{Value: v}, err
	}
}

func prepareListIndexes(c *client.Collection, a *args) runFunc {
	opts := client.ListIndexesOptions{BatchSize: int32(a.int64("batchSize")), Comment: a.any("comment")}
	return func(ctx context.Context) (Result, error) {
		cur, err := c.Indexes().List(ctx, opts)
		if err != nil {
			return Result{}, err
		}
		docs, err := drain(ctx, cur)
		return docsResult(docs), err
	}
}

func prepareListIndexNames(c *client.Collection, _ *args) runFunc {
	return func(ctx context.Context) (Result, error) {
		names, err := c.Indexes().ListNames(ctx)
		if err != nil {
			return Result{}, err
		}
		v, err := marshalValue(names)
		return Result{Value: v}, err
	}
}

func prepareDropIndex(c *client.Collection, a *args) runFunc {
	name := a.str("name")
	return func(ctx context.Context) (Result, error) { return Result{}, c.Indexes().DropOne(ctx, name) }
}

func prepareDropIndexes(c *client.Collection, _ *args) runFunc {
	return func(ctx context.Context) (Result, error) { return Result{}, c.Indexes().DropAll(ctx) }
}

// registerCursorOps adds the operations on cursor entities.
func registerCursorOps(t OpTable) {
	for _, k := range []EntityKind{KindFindCursor, KindCommandCursor} {
		t.Register(k, "iterateUntilDocumentOrError", entityOp(k, prepareIterate(true)))
		t.Register(k, "iterateOnce", entityOp(k, prepareIterate(false)))
		t.Register(k, "close", entityOp(k, func(cur *client.Cursor, _ *args) runFunc {
			return func(ctx context.Context) (Result, error) { return Result{}, cur.Close(ctx) }
		}))
	}
}

// prepareIterate reads the next document; untilDocument waits for one,
// otherwise a single TryNext is made.
func prepareIterate(untilDocument bool) func(cur *client.Cursor, a *args) runFunc {
	return func(cur *client.Cursor, _ *args) runFunc {
		return func(ctx context.Context) (Result, error) {
			var ok bool
			if untilDocument {
				ok = cur.Next(ctx)
			} else {
				ok = cur.TryNext(ctx)
			}
			if ok {
				return Result{Value: rawDoc(append(bson.Raw(nil), cur.Current()...))}, nil
			}
			if err := cur.Err(); err != nil {
				return Result{}, err
			}
			if untilDocument {
				return Result{}, errors.New("cursor exhausted before a document")
			}
			return Result{}, nil
		}
	}
}
