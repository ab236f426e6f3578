package operation

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// FindAndModifyOptions are the options of findAndModify: findOneAndUpdate,
// findOneAndReplace and findOneAndDelete of the CRUD specification.
type FindAndModifyOptions struct {
	Sort bson.Raw
	// Remove deletes the document; Update must then be unset.
	Remove bool
	// Update is an update or replacement document, or a pipeline.
	Update bson.RawValue
	// New returns the document as modified rather than as it was.
	New bool
	// Fields is the projection of the returned document.
	Fields                   bson.Raw
	Upsert                   bool
	BypassDocumentValidation Optional[bool]
	Collation                bson.Raw
	ArrayFilters             bson.RawArray
	Hint                     bson.RawValue
	Let                      bson.Raw
	Comment                  bson.RawValue
	MaxTime                  time.Duration
}

// FindAndModify is the findAndModify command. A write concern error is
// returned as a *WriteException, with Result set.
type FindAndModify struct {
	DB, Collection string
	// Query selects the document; nil matches every document.
	Query   bson.Raw
	Options FindAndModifyOptions

	Result FindAndModifyResult
	reply  []byte
}

// FindAndModifyResult is the document and what happened to it; views into
// the reply the command keeps.
type FindAndModifyResult struct {
	// Value is the document before or after the change, nil when none
	// matched (value: null).
	Value bson.Raw
	// N is lastErrorObject.n, the number of documents changed.
	N int64
	// UpdatedExisting reports that an existing document was updated.
	UpdatedExisting bool
	// Upserted is the _id of an upserted document; Type 0 when none.
	Upserted bson.RawValue
}

// Name returns "findAndModify", the command name.
func (c *FindAndModify) Name() string { return "findAndModify" }

// Database returns DB.
func (c *FindAndModify) Database() string { return c.DB }

// Traits: a retryable write with write concern.
func (c *FindAndModify) Traits() Traits {
	return Traits{Write: true, Retry: RetryWrite, WriteConcern: true}
}

// AppendBody appends the findAndModify command.
func (c *FindAndModify) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	o := &c.Options
	w := bodyWriter{b: dst, cmd: "findAndModify"}
	w.str("findAndModify", c.Collection)
	w.docAlways("query", c.Query)
	w.doc("sort", o.Sort)
	w.boolIf("remove", o.Remove)
	w.value("update", o.Update)
	w.boolIf("new", o.New)
	w.doc("fields", o.Fields)
	w.boolIf("upsert", o.Upsert)
	w.optBool("bypassDocumentValidation", o.BypassDocumentValidation)
	w.doc("collation", o.Collation)
	w.array("arrayFilters", o.ArrayFilters)
	w.value("hint", o.Hint)
	w.doc("let", o.Let)
	w.value("comment", o.Comment)
	w.maxTime(o.MaxTime)
	return w.done()
}

// Decode keeps the reply and reads value and lastErrorObject.
func (c *FindAndModify) Decode(_ context.Context, r *Reply) error {
	c.Result = FindAndModifyResult{}
	if !r.Acknowledged {
		return nil
	}
	body := keep(&c.reply, r.Body)
	c.Result.Value, _ = body.Lookup("value").DocumentOK()
	if leo, ok := body.Lookup("lastErrorObject").DocumentOK(); ok {
		c.Result.N = int64Field(leo, "n")
		c.Result.UpdatedExisting = leo.Lookup("updatedExisting").Boolean()
		c.Result.Upserted = leo.Lookup("upserted")
	}
	return decodeWriteErrors("findAndModify", body, 0)
}
