package client

import (
	"context"
	"fmt"

	"github.com/cwal-go/cwal/operation"
)

// ClientWriteModel is one write of a client-level BulkWrite: a model and
// the namespace ("db.collection") it writes to.
type ClientWriteModel struct {
	Namespace string
	Model     WriteModel
}

// ClientBulkWriteOptions are the options of the client-level BulkWrite.
type ClientBulkWriteOptions struct {
	Unordered                bool
	BypassDocumentValidation Optional[bool]
	Comment                  any
	Let                      any
	// VerboseResults asks for the result of every model.
	VerboseResults bool
	// WriteConcern overrides the client's.
	WriteConcern WriteConcern
}

// ClientBulkWriteResult is the result of the client-level BulkWrite.
type ClientBulkWriteResult = operation.BulkWriteResult

// BulkWrite runs models, on any namespaces, with the bulkWrite command
// of MongoDB 8.0, in as many batches as the server's limits require.
// Failures come back as a *BulkWriteException with the partial result.
func (c *Client) BulkWrite(ctx context.Context, models []ClientWriteModel, opts ...ClientBulkWriteOptions) (*ClientBulkWriteResult, error) {
	if len(models) == 0 {
		return nil, fmt.Errorf("%w: BulkWrite of no models", ErrInvalidArgument)
	}
	o := last(opts)
	cmd := &operation.BulkWrite{Models: make([]operation.BulkWriteModel, len(models))}
	for i, m := range models {
		if m.Model == nil {
			return nil, fmt.Errorf("%w: models[%d] is nil", ErrInvalidArgument, i)
		}
		bm, err := m.Model.model()
		if err != nil {
			return nil, fmt.Errorf("models[%d]: %w", i, err)
		}
		bm.Namespace = m.Namespace
		cmd.Models[i] = bm
	}
	mm := marshaler{}
	cmd.Options = operation.BulkWriteOptions{
		Unordered: o.Unordered, BypassDocumentValidation: o.BypassDocumentValidation,
		Comment: mm.value("comment", o.Comment), Let: mm.doc("let", o.Let), VerboseResults: o.VerboseResults,
	}
	if mm.err != nil {
		return nil, mm.err
	}
	eo := c.st.writeOpts()
	if !o.WriteConcern.IsZero() {
		eo.WriteConcern = o.WriteConcern
	}
	if err := c.execute(ctx, cmd, eo); err != nil {
		return nil, err
	}
	return &cmd.Result, nil
}
