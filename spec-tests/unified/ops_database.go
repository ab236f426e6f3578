package unified

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/topology"
)

func registerDatabaseOps(t OpTable) {
	t.Register(KindDatabase, "runCommand", dbOp(prepareRunCommand))
	t.Register(KindDatabase, "createCollection", dbOp(prepareCreateCollection))
	t.Register(KindDatabase, "dropCollection", dbOp(prepareDropCollection))
	t.Register(KindDatabase, "listCollections", dbOp(prepareListCollections(false)))
	t.Register(KindDatabase, "listCollectionNames", dbOp(prepareListCollections(true)))
	t.Register(KindDatabase, "aggregate", dbOp(prepareDBAggregate))
	t.Register(KindDatabase, "drop", dbOp(func(db *client.Database, _ *args) runFunc {
		return func(ctx context.Context) (Result, error) { return Result{}, db.Drop(ctx) }
	}))
}

func prepareRunCommand(db *client.Database, a *args) runFunc {
	cmd := a.doc("command")
	a.val("commandName") // the command's first key names it already
	var opts client.RunCommandOptions
	if rp := a.doc("readPreference"); rp != nil {
		m, err := topology.ParseMode(rp.Lookup("mode").StringValue())
		if err != nil {
			return failed(err)
		}
		opts.ReadPref = client.Some(client.ReadPref{Mode: m})
	}
	return func(ctx context.Context) (Result, error) {
		reply, err := db.RunCommand(ctx, cmd, opts).Raw()
		if err != nil {
			return Result{}, err
		}
		return Result{Value: rawDoc(append(bson.Raw(nil), reply...))}, nil
	}
}

func prepareCreateCollection(db *client.Database, a *args) runFunc {
	name := a.str("collection")
	var o client.CreateCollectionOptions
	o.Capped, o.Size, o.Max = a.boolean("capped"), a.int64("size"), a.int64("max")
	o.Validator, o.ValidationLevel, o.ValidationAction = a.doc("validator"), a.str("validationLevel"), a.str("validationAction")
	o.Collation, o.StorageEngine, o.IndexOptionDefaults = a.doc("collation"), a.doc("storageEngine"), a.doc("indexOptionDefaults")
	o.ViewOn = a.str("viewOn")
	o.Pipeline, _ = a.val("pipeline").ArrayOK()
	o.TimeSeries, o.ClusteredIndex = a.doc("timeseries"), a.doc("clusteredIndex")
	o.ChangeStreamPreAndPostImages, o.EncryptedFields = a.doc("changeStreamPreAndPostImages"), a.doc("encryptedFields")
	if n, ok := a.val("expireAfterSeconds").AsInt64OK(); ok {
		o.ExpireAfterSeconds = client.Some(n)
	}
	o.Comment = a.val("comment")
	return func(ctx context.Context) (Result, error) {
		if err := db.CreateCollection(ctx, name, o); err != nil {
			return Result{}, err
		}
		return Result{Entity: db.Collection(name), Kind: KindCollection}, nil
	}
}

func prepareDropCollection(db *client.Database, a *args) runFunc {
	name := a.str("collection")
	return func(ctx context.Context) (Result, error) {
		return Result{}, db.Collection(name).Drop(ctx)
	}
}

func prepareListCollections(namesOnly bool) func(db *client.Database, a *args) runFunc {
	return func(db *client.Database, a *args) runFunc {
		filter := a.any("filter")
		opts := client.ListCollectionsOptions{NameOnly: a.boolean("nameOnly"), AuthorizedCollections: a.boolean("authorizedCollections"),
			BatchSize: int32(a.int64("batchSize")), Comment: a.any("comment")}
		return func(ctx context.Context) (Result, error) {
			if namesOnly {
				names, err := db.ListCollectionNames(ctx, filter, opts)
				if err != nil {
					return Result{}, err
				}
				v, err := marshalValue(names)
				return Result{Value: v}, err
			}
			cur, err := db.ListCollections(ctx, filter, opts)
			if err != nil {
				return Result{}, err
			}
			docs, err := drain(ctx, cur)
			return docsResult(docs), err
		}
	}
}

func prepareDBAggregate(db *client.Database, a *args) runFunc {
	pipeline, opts := a.any("pipeline"), aggregateOptions(a)
	return func(ctx context.Context) (Result, error) {
		cur, err := db.Aggregate(ctx, pipeline, opts)
		if err != nil {
			return Result{}, err
		}
		docs, err := drain(ctx, cur)
		return docsResult(docs), err
	}
}
