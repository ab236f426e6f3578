package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// ListDatabasesOptions are the options of listDatabases.
type ListDatabasesOptions struct {
	NameOnly bool
	// AuthorizedDatabases: false matters (only with the privilege to list
	// all), hence Optional.
	AuthorizedDatabases Optional[bool]
	Comment             bson.RawValue
}

// ListDatabases is the listDatabases command, run on admin.
type ListDatabases struct {
	Filter  bson.Raw
	Options ListDatabasesOptions

	Result ListDatabasesResult
	reply  []byte
}

// ListDatabasesResult is the reply's databases array (a view into the
// reply the command keeps) and total size.
type ListDatabasesResult struct {
	Databases bson.RawArray
	TotalSize int64
}

// Name returns "listDatabases", the command name.
func (c *ListDatabases) Name() string { return "listDatabases" }

// Database returns "admin", where the command runs.
func (c *ListDatabases) Database() string { return "admin" }

// Traits: a retryable read.
func (c *ListDatabases) Traits() Traits {
	return Traits{ReadPreference: true, Retry: RetryRead}
}

// AppendBody appends the listDatabases command.
func (c *ListDatabases) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "listDatabases"}
	w.int32("listDatabases", 1)
	w.doc("filter", c.Filter)
	w.boolIf("nameOnly", c.Options.NameOnly)
	w.optBool("authorizedDatabases", c.Options.AuthorizedDatabases)
	w.value("comment", c.Options.Comment)
	return w.done()
}

// Decode keeps the reply and reads databases and totalSize.
func (c *ListDatabases) Decode(_ context.Context, r *Reply) error {
	body := keep(&c.reply, r.Body)
	arr, ok := body.Lookup("databases").ArrayOK()
	if !ok {
		c.Result = ListDatabasesResult{}
		return &ReplyError{Command: "listDatabases", Field: "databases", Problem: "missing or not an array"}
	}
	c.Result = ListDatabasesResult{Databases: arr, TotalSize: int64Field(body, "totalSize")}
	return nil
}
