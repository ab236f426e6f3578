package unified

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// registerSearchIndexOps registers the search index helpers of the index
// management specification.
func registerSearchIndexOps(t OpTable) {
	t.Register(KindCollection, "createSearchIndex", collOp(prepareCreateSearchIndex))
	t.Register(KindCollection, "createSearchIndexes", collOp(prepareCreateSearchIndexes))
	t.Register(KindCollection, "dropSearchIndex", collOp(prepareDropSearchIndex))
	t.Register(KindCollection, "updateSearchIndex", collOp(prepareUpdateSearchIndex))
	t.Register(KindCollection, "listSearchIndexes", collOp(prepareListSearchIndexes))
}

// searchIndexModel reads a model document: definition, name, type.
func searchIndexModel(d bson.Raw) client.SearchIndexModel {
	m := client.SearchIndexModel{Name: d.Lookup("name").StringValue(), Type: d.Lookup("type").StringValue()}
	if def, ok := d.Lookup("definition").DocumentOK(); ok {
		m.Definition = def
	}
	return m
}

func prepareCreateSearchIndex(c *client.Collection, a *args) runFunc {
	a.require("model")
	model := searchIndexModel(a.doc("model"))
	return func(ctx context.Context) (Result, error) {
		name, err := c.SearchIndexes().CreateOne(ctx, model)
		if err != nil {
			return Result{}, err
		}
		return marshalResult(name)
	}
}

func prepareCreateSearchIndexes(c *client.Collection, a *args) runFunc {
	a.require("models")
	arr, _ := a.val("models").ArrayOK()
	models := []client.SearchIndexModel{}
	for it := arr.Iter(); it.Next(); {
		models = append(models, searchIndexModel(it.Value().Document()))
	}
	return func(ctx context.Context) (Result, error) {
		names, err := c.SearchIndexes().CreateMany(ctx, models)
		if err != nil {
			return Result{}, err
		}
		return marshalResult(names)
	}
}

func prepareDropSearchIndex(c *client.Collection, a *args) runFunc {
	a.require("name")
	name := a.str("name")
	return func(ctx context.Context) (Result, error) {
		return Result{}, c.SearchIndexes().DropOne(ctx, name)
	}
}

func prepareUpdateSearchIndex(c *client.Collection, a *args) runFunc {
	a.require("name", "definition")
	name, def := a.str("name"), a.doc("definition")
	return func(ctx context.Context) (Result, error) {
		return Result{}, c.SearchIndexes().UpdateOne(ctx, name, def)
	}
}

func prepareListSearchIndexes(c *client.Collection, a *args) runFunc {
	o := client.ListSearchIndexesOptions{Name: a.str("name")}
	if ao := a.doc("aggregationOptions"); ao != nil {
		sub := newArgs(ao)
		o.Aggregate = aggregateOptions(sub)
		if err := sub.done(); err != nil {
			return failed(err)
		}
	}
	return func(ctx context.Context) (Result, error) {
		cur, err := c.SearchIndexes().List(ctx, o)
		if err != nil {
			return Result{}, err
		}
		docs, err := drain(ctx, cur)
		return docsResult(docs), err
	}
}

// marshalResult returns v marshalled as the operation's result.
func marshalResult(v any) (Result, error) {
	rv, err := marshalValue(v)
	if err != nil {
		return Result{}, err
	}
	return Result{Value: rv}, nil
}
