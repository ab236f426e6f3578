package client

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// SearchIndexModel describes one Atlas Search (or Vector Search) index.
type SearchIndexModel struct {
	// Definition is the index definition, a document (required).
	Definition any
	// Name is the index name; empty lets the server name it "default".
	Name string
	// Type is "search" or "vectorSearch"; empty lets the server use
	// "search".
	Type string
}

// ListSearchIndexesOptions are the options of SearchIndexView.List.
type ListSearchIndexesOptions struct {
	// Name lists only the index of that name.
	Name string
	// Aggregate are the options of the aggregate that lists the indexes
	// (batchSize, comment...).
	Aggregate AggregateOptions
}

// SearchIndexView manages a collection's Atlas Search indexes
// (index management specification). The commands exist only on Atlas
// (and local Atlas deployments); other servers fail them. They take
// neither the read nor the write concern of the collection.
type SearchIndexView struct {
	coll *Collection
}

// SearchIndexes returns the view of the collection's search indexes.
func (c *Collection) SearchIndexes() SearchIndexView { return SearchIndexView{coll: c} }

// CreateOne creates one search index and returns its name. Index builds
// are asynchronous: List shows when the index is queryable.
func (v SearchIndexView) CreateOne(ctx context.Context, model SearchIndexModel) (string, error) {
	names, err := v.CreateMany(ctx, []SearchIndexModel{model})
	if err != nil {
		return "", err
	}
	if len(names) == 0 {
		return "", nil
	}
	return names[0], nil
}

// CreateMany creates search indexes with one createSearchIndexes command
// and returns their names, in order.
func (v SearchIndexView) CreateMany(ctx context.Context, models []SearchIndexModel) ([]string, error) {
	cmd := &operation.CreateSearchIndexes{DB: v.coll.db, Collection: v.coll.name}
	cmd.Indexes = make([]operation.SearchIndexSpec, len(models))
	m := marshaler{}
	for i, model := range models {
		cmd.Indexes[i] = operation.SearchIndexSpec{Definition: m.doc("definition", model.Definition), Name: model.Name, Type: model.Type}
	}
	if m.err != nil {
		return nil, m.err
	}
	if err := v.coll.client.execute(ctx, cmd, operation.ExecOptions{}); err != nil {
		return nil, err
	}
	return cmd.Result, nil
}

// DropOne drops the named search index. Dropping from a collection that
// does not exist is not an error (NamespaceNotFound is suppressed).
func (v SearchIndexView) DropOne(ctx context.Context, name string) error {
	cmd := &operation.DropSearchIndex{DB: v.coll.db, Collection: v.coll.name, IndexName: name}
	err := v.coll.client.execute(ctx, cmd, operation.ExecOptions{})
	if isNamespaceNotFound(err) {
		return nil
	}
	return err
}

// UpdateOne replaces the definition of the named search index.
func (v SearchIndexView) UpdateOne(ctx context.Context, name string, definition any) error {
	def, err := marshalDoc("definition", definition)
	if err != nil {
		return err
	}
	cmd := &operation.UpdateSearchIndex{DB: v.coll.db, Collection: v.coll.name, IndexName: name, Definition: def}
	return v.coll.client.execute(ctx, cmd, operation.ExecOptions{})
}

// List returns a cursor over the collection's search index descriptions,
// with an aggregate whose pipeline is $listSearchIndexes, run with the
// collection's read preference but without its read concern.
func (v SearchIndexView) List(ctx context.Context, opts ...ListSearchIndexesOptions) (*Cursor, error) {
	o := last(opts)
	stage := bson.D{}
	if o.Name != "" {
		stage = bson.D{{Key: "name", Value: o.Name}}
	}
	pipe := bson.A{bson.D{{Key: "$listSearchIndexes", Value: stage}}}
	st := settings{rp: v.coll.st.rp, retryReads: v.coll.st.retryReads}
	return aggregate(ctx, v.coll.client, v.coll.db, v.coll.name, &st, pipe, o.Aggregate)
}
