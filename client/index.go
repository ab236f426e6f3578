package client

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// IndexModel is one index to create: its key pattern (use bson.D to keep
// the order) and options.
type IndexModel struct {
	Keys    any
	Options IndexOptions
}

// IndexOptions are the options of one index. Zero values send nothing;
// an empty Name is generated from the keys ("a_1_b_-1").
type IndexOptions struct {
	Name   string
	Unique bool
	Sparse bool
	Hidden bool
	// ExpireAfterSeconds makes a TTL index; 0 is a setting, hence
	// Optional.
	ExpireAfterSeconds      Optional[int32]
	PartialFilterExpression any
	Collation               any
	WildcardProjection      any
	Weights                 any
	DefaultLanguage         string
	Version                 int32
}

// indexOptionsDoc is how IndexOptions are encoded.
type indexOptionsDoc struct {
	Name                    string `bson:"name,omitempty"`
	Unique                  bool   `bson:"unique,omitempty"`
	Sparse                  bool   `bson:"sparse,omitempty"`
	Hidden                  bool   `bson:"hidden,omitempty"`
	ExpireAfterSeconds      *int32 `bson:"expireAfterSeconds,omitempty"`
	PartialFilterExpression any    `bson:"partialFilterExpression,omitempty"`
	Collation               any    `bson:"collation,omitempty"`
	WildcardProjection      any    `bson:"wildcardProjection,omitempty"`
	Weights                 any    `bson:"weights,omitempty"`
	DefaultLanguage         string `bson:"default_language,omitempty"`
	Version                 int32  `bson:"v,omitempty"`
}

func (o *IndexOptions) doc() *indexOptionsDoc {
	d := &indexOptionsDoc{Name: o.Name, Unique: o.Unique, Sparse: o.Sparse, Hidden: o.Hidden,
		PartialFilterExpression: o.PartialFilterExpression, Collation: o.Collation, WildcardProjection: o.WildcardProjection,
		Weights: o.Weights, DefaultLanguage: o.DefaultLanguage, Version: o.Version}
	if v, ok := o.ExpireAfterSeconds.Get(); ok {
		d.ExpireAfterSeconds = &v
	}
	return d
}

// CreateIndexesOptions are the options of the createIndexes command.
type CreateIndexesOptions struct {
	// CommitQuorum is a number or a string ("majority").
	CommitQuorum any
	Comment      any
	MaxTime      time.Duration
}

// IndexView manages the indexes of a collection (index management
// specification).
type IndexView struct{ coll *Collection }

// Indexes returns the collection's index view.
func (c *Collection) Indexes() IndexView { return IndexView{coll: c} }

// CreateOne creates one index and returns its name.
func (iv IndexView) CreateOne(ctx context.Context, model IndexModel, opts ...CreateIndexesOptions) (string, error) {
	names, err := iv.CreateMany(ctx, []IndexModel{model}, opts...)
	if err != nil {
		return "", err
	}
	return names[0], nil
}

// CreateMany creates indexes in one command and returns their names.
func (iv IndexView) CreateMany(ctx context.Context, models []IndexModel, opts ...CreateIndexesOptions) ([]string, error) {
	if len(models) == 0 {
		return nil, fmt.Errorf("%w: no index to create", ErrInvalidArgument)
	}
	specs := make([]bson.Raw, len(models))
	names := make([]string, len(models))
	for i, m := range models {
		spec, name, err := indexSpec(m)
		if err != nil {
			return nil, fmt.Errorf("indexes[%d]: %w", i, err)
		}
		specs[i], names[i] = spec, name
	}
	o, m := last(opts), marshaler{}
	cmd := &operation.CreateIndexes{DB: iv.coll.db, Collection: iv.coll.name, Indexes: specs}
	cmd.Options = operation.CreateIndexesOptions{CommitQuorum: m.value("commitQuorum", o.CommitQuorum), Comment: m.value("comment", o.Comment), MaxTime: o.MaxTime}
	if m.err != nil {
		return nil, m.err
	}
	if err := iv.coll.client.execute(ctx, cmd, iv.coll.st.writeOpts()); err != nil {
		return nil, err
	}
	return names, nil
}

// indexSpec encodes {key, name, options...}.
func indexSpec(m IndexModel) (bson.Raw, string, error) {
	keys, err := marshalDoc("keys", m.Keys)
	if err != nil {
		return nil, "", err
	}
	if len(keys) <= 5 {
		return nil, "", fmt.Errorf("%w: an index needs keys", ErrInvalidArgument)
	}
	o := m.Options
	if o.Name == "" {
		o.Name = IndexName(keys)
	}
	opts, err := bson.Marshal(o.doc())
	if err != nil {
		return nil, "", err
	}
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendDocumentElement(b, "key", keys)
	b = append(b, opts[4:len(opts)-1]...)
	return bson.AppendDocumentEnd(b, start), o.Name, nil
}

// IndexName returns the name the server would give an index on keys:
// each key and its value joined by underscores ("a_1_b_-1").
func IndexName(keys bson.Raw) string {
	var sb strings.Builder
	it := keys.Iter()
	for it.Next() {
		if sb.Len() > 0 {
			sb.WriteByte('_')
		}
		sb.WriteString(it.Key())
		sb.WriteByte('_')
		v := it.Value()
		if n, ok := v.AsInt64OK(); ok {
			fmt.Fprint(&sb, n)
		} else {
			sb.WriteString(v.StringValue())
		}
	}
	return sb.String()
}

// ListIndexesOptions are the options of List.
type ListIndexesOptions struct {
	BatchSize int32
	Comment   any
}

// List returns a cursor over the index specifications; a collection that
// does not exist has none.
func (iv IndexView) List(ctx context.Context, opts ...ListIndexesOptions) (*Cursor, error) {
	o := last(opts)
	comment, err := marshalValue("comment", o.Comment)
	if err != nil {
		return nil, err
	}
	c := iv.coll
	cmd := &operation.ListIndexes{DB: c.db, Collection: c.name, Options: operation.ListIndexesOptions{Comment: comment}}
	if o.BatchSize != 0 {
		cmd.Options.BatchSize = operation.Some(o.BatchSize)
	}
	if err := c.client.execute(ctx, cmd, operation.ExecOptions{RetryReads: c.st.retryReads}); err != nil {
		if isNamespaceNotFound(err) {
			return newCursor(c.client, c.db, &operation.CursorResponse{}, cursorOptions{}), nil
		}
		return nil, err
	}
	return newCursor(c.client, c.db, &cmd.Result, cursorOptions{batchSize: o.BatchSize, comment: comment}), nil
}

// ListNames returns the names of the collection's indexes.
func (iv IndexView) ListNames(ctx context.Context) ([]string, error) {
	cur, err := iv.List(ctx)
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

// DropOne drops the named index.
func (iv IndexView) DropOne(ctx context.Context, name string) error {
	if name == "*" {
		return fmt.Errorf("%w: DropOne(\"*\"): use DropAll", ErrInvalidArgument)
	}
	return iv.drop(ctx, operation.StringValue(name))
}

// DropAll drops every index but _id's.
func (iv IndexView) DropAll(ctx context.Context) error {
	return iv.drop(ctx, operation.StringValue("*"))
}

func (iv IndexView) drop(ctx context.Context, index bson.RawValue) error {
	c := iv.coll
	return c.client.execute(ctx, &operation.DropIndexes{DB: c.db, Collection: c.name, Index: index}, c.st.writeOpts())
}
