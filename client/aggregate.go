package client

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/operation"
)

// AggregateOptions are the options of Aggregate.
type AggregateOptions struct {
	AllowDiskUse Optional[bool]
	// BatchSize is the size of every batch; 0 is the server's default.
	BatchSize                int32
	BypassDocumentValidation Optional[bool]
	Collation                any
	Comment                  any
	Hint                     any
	Let                      any
	MaxTime                  time.Duration
	// MaxAwaitTime is the wait of each getMore of a tailable cursor.
	MaxAwaitTime time.Duration
}

// Aggregate runs pipeline (a slice of stages, such as []bson.D or
// bson.A) on the collection and returns a cursor over its results. A
// pipeline ending in $out or $merge runs on the primary with the write
// concern.
func (c *Collection) Aggregate(ctx context.Context, pipeline any, opts ...AggregateOptions) (*Cursor, error) {
	return aggregate(ctx, c.client, c.db, c.name, &c.st, pipeline, last(opts))
}

// Aggregate runs a database-level pipeline (aggregate: 1), such as one
// starting with $currentOp or $documents.
func (db *Database) Aggregate(ctx context.Context, pipeline any, opts ...AggregateOptions) (*Cursor, error) {
	return aggregate(ctx, db.client, db.name, "", &db.st, pipeline, last(opts))
}

func aggregate(ctx context.Context, cl *Client, db, coll string, st *settings, pipeline any, o AggregateOptions) (*Cursor, error) {
	cmd, err := aggregateCommand(db, coll, pipeline, &o)
	if err != nil {
		return nil, err
	}
	eo := st.readOpts()
	if cmd.HasWriteStage() {
		eo.WriteConcern = st.wc
	}
	if err := cl.execute(ctx, cmd, eo); err != nil {
		return nil, err
	}
	return newCursor(cl, db, &cmd.Result, cursorOptions{batchSize: o.BatchSize, maxAwait: o.MaxAwaitTime, comment: cmd.Options.Comment}), nil
}

func aggregateCommand(db, coll string, pipeline any, o *AggregateOptions) (*operation.Aggregate, error) {
	m := marshaler{}
	cmd := &operation.Aggregate{DB: db, Collection: coll, Pipeline: m.array("pipeline", pipeline)}
	ao := &cmd.Options
	ao.AllowDiskUse, ao.BypassDocumentValidation, ao.MaxTime = o.AllowDiskUse, o.BypassDocumentValidation, o.MaxTime
	if o.BatchSize != 0 {
		ao.BatchSize = operation.Some(o.BatchSize)
	}
	ao.Collation = m.doc("collation", o.Collation)
	ao.Comment = m.value("comment", o.Comment)
	ao.Hint = m.value("hint", o.Hint)
	ao.Let = m.doc("let", o.Let)
	return cmd, m.err
}
