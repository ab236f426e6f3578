package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// CreateOptions are the options of create (a collection or a view).
type CreateOptions struct {
	Capped bool
	// Size and Max bound a capped collection (bytes, documents).
	Size, Max           int64
	Validator           bson.Raw
	ValidationLevel     string
	ValidationAction    string
	Collation           bson.Raw
	StorageEngine       bson.Raw
	IndexOptionDefaults bson.Raw
	// ViewOn and Pipeline make a view.
	ViewOn   string
	Pipeline bson.RawArray
	// TimeSeries is the time series options document.
	TimeSeries bson.Raw
	// ExpireAfterSeconds: 0 is a setting, hence Optional.
	ExpireAfterSeconds           Optional[int64]
	ClusteredIndex               bson.Raw
	ChangeStreamPreAndPostImages bson.Raw
	EncryptedFields              bson.Raw
	Comment                      bson.RawValue
}

// Create is the create command.
type Create struct {
	DB, Collection string
	Options        CreateOptions
}

// Name returns "create", the command name.
func (c *Create) Name() string { return "create" }

// Database returns DB.
func (c *Create) Database() string { return c.DB }

// Traits: a write with write concern, not retried.
func (c *Create) Traits() Traits { return Traits{Write: true, WriteConcern: true} }

// AppendBody appends the create command.
func (c *Create) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	o := &c.Options
	w := bodyWriter{b: dst, cmd: "create"}
	w.str("create", c.Collection)
	w.boolIf("capped", o.Capped)
	w.int64If("size", o.Size)
	w.int64If("max", o.Max)
	w.doc("validator", o.Validator)
	w.strIf("validationLevel", o.ValidationLevel)
	w.strIf("validationAction", o.ValidationAction)
	w.doc("collation", o.Collation)
	w.doc("storageEngine", o.StorageEngine)
	w.doc("indexOptionDefaults", o.IndexOptionDefaults)
	w.strIf("viewOn", o.ViewOn)
	w.array("pipeline", o.Pipeline)
	w.doc("timeseries", o.TimeSeries)
	if n, ok := o.ExpireAfterSeconds.Get(); ok {
		w.int64("expireAfterSeconds", n)
	}
	w.doc("clusteredIndex", o.ClusteredIndex)
	w.doc("changeStreamPreAndPostImages", o.ChangeStreamPreAndPostImages)
	w.doc("encryptedFields", o.EncryptedFields)
	w.value("comment", o.Comment)
	return w.done()
}

// Decode reads the write concern error.
func (c *Create) Decode(_ context.Context, r *Reply) error {
	return decodeWriteErrors("create", r.Body, 0)
}
