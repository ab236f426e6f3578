package client

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// ListDatabasesOptions are the options of ListDatabases.
type ListDatabasesOptions struct {
	NameOnly            bool
	AuthorizedDatabases Optional[bool]
	Comment             any
}

// DatabaseSpecification describes one database of ListDatabases.
type DatabaseSpecification struct {
	Name       string `bson:"name"`
	SizeOnDisk int64  `bson:"sizeOnDisk"`
	Empty      bool   `bson:"empty"`
}

// ListDatabasesResult is the result of ListDatabases.
type ListDatabasesResult struct {
	Databases []DatabaseSpecification
	TotalSize int64
}

// ListDatabases lists the databases matching filter (nil: all).
func (c *Client) ListDatabases(ctx context.Context, filter any, opts ...ListDatabasesOptions) (*ListDatabasesResult, error) {
	o := last(opts)
	m := marshaler{}
	cmd := &operation.ListDatabases{Filter: m.doc("filter", filter)}
	cmd.Options = operation.ListDatabasesOptions{NameOnly: o.NameOnly, AuthorizedDatabases: o.AuthorizedDatabases, Comment: m.value("comment", o.Comment)}
	if m.err != nil {
		return nil, m.err
	}
	if err := c.execute(ctx, cmd, c.st.readOpts()); err != nil {
		return nil, err
	}
	res := &ListDatabasesResult{TotalSize: cmd.Result.TotalSize}
	if err := bson.UnmarshalValue(bson.TypeArray, cmd.Result.Databases, &res.Databases); err != nil {
		return nil, err
	}
	return res, nil
}

// ListDatabaseNames lists the names of the databases matching filter.
func (c *Client) ListDatabaseNames(ctx context.Context, filter any, opts ...ListDatabasesOptions) ([]string, error) {
	o := last(opts)
	o.NameOnly = true
	res, err := c.ListDatabases(ctx, filter, o)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(res.Databases))
	for i, d := range res.Databases {
		names[i] = d.Name
	}
	return names, nil
}

// ListCollectionsOptions are the options of ListCollections.
type ListCollectionsOptions struct {
	NameOnly              bool
	AuthorizedCollections bool
	BatchSize             int32
	Comment               any
}

// ListCollections returns a cursor over the specifications of the
// collections matching filter (nil: all).
func (db *Database) ListCollections(ctx context.Context, filter any, opts ...ListCollectionsOptions) (*Cursor, error) {
	o := last(opts)
	m := marshaler{}
	cmd := &operation.ListCollections{DB: db.name, Filter: m.doc("filter", filter)}
	cmd.Options = operation.ListCollectionsOptions{NameOnly: o.NameOnly, AuthorizedCollections: o.AuthorizedCollections, Comment: m.value("comment", o.Comment)}
	if o.BatchSize != 0 {
		cmd.Options.BatchSize = operation.Some(o.BatchSize)
	}
	if m.err != nil {
		return nil, m.err
	}
	if err := db.client.execute(ctx, cmd, db.st.readOpts()); err != nil {
		return nil, err
	}
	return newCursor(db.client, db.name, &cmd.Result, cursorOptions{batchSize: o.BatchSize, comment: cmd.Options.Comment}), nil
}

// ListCollectionNames lists the names of the collections matching filter.
func (db *Database) ListCollectionNames(ctx context.Context, filter any, opts ...ListCollectionsOptions) ([]string, error) {
	o := last(opts)
	o.NameOnly = true
	cur, err := db.ListCollections(ctx, filter, o)
	if err != nil {
		return nil, err
	}
	var names []string
	for doc, err := range cur.Docs(ctx) {
		if err != nil {
			return nil, err
		}
		names = append(names, doc.Lookup("name").StringValue())
	}
	return names, nil
}

// CreateCollectionOptions are the options of CreateCollection: those of
// the create command.
type CreateCollectionOptions = operation.CreateOptions

// CreateCollection creates a collection (or a view, with ViewOn and
// Pipeline) explicitly.
func (db *Database) CreateCollection(ctx context.Context, name string, opts ...CreateCollectionOptions) error {
	return db.client.execute(ctx, &operation.Create{DB: db.name, Collection: name, Options: last(opts)}, db.st.writeOpts())
}
