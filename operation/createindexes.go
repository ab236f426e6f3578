package operation

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// CreateIndexesOptions are the options of createIndexes.
type CreateIndexesOptions struct {
	// CommitQuorum is a number or a string ("majority",
	// "votingMembers"); Type 0 sends none.
	CommitQuorum bson.RawValue
	Comment      bson.RawValue
	MaxTime      time.Duration
}

// CreateIndexes is the createIndexes command.
type CreateIndexes struct {
	DB, Collection string
	// Indexes are the index specifications: {key: {...}, name: "...",
	// unique: true, ...}.
	Indexes []bson.Raw
	Options CreateIndexesOptions

	Result CreateIndexesResult
}

// CreateIndexesResult is what the server reports.
type CreateIndexesResult struct {
	CreatedCollectionAutomatically bool
	NumIndexesBefore               int64
	NumIndexesAfter                int64
}

// Name returns "createIndexes", the command name.
func (c *CreateIndexes) Name() string { return "createIndexes" }

// Database returns DB.
func (c *CreateIndexes) Database() string { return c.DB }

// Traits: a write with write concern, not retried.
func (c *CreateIndexes) Traits() Traits { return Traits{Write: true, WriteConcern: true} }

// AppendBody appends the createIndexes command.
func (c *CreateIndexes) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "createIndexes"}
	w.str("createIndexes", c.Collection)
	if len(c.Indexes) == 0 {
		w.fail("indexes", "no index to create")
	}
	var arr int
	w.b, arr = bson.AppendArrayElementStart(w.b, "indexes")
	for i, ix := range c.Indexes {
		if !framed(ix) {
			w.fail("indexes", "an index specification is not a BSON document")
			break
		}
		w.b = bson.AppendArrayHeader(w.b, bson.TypeEmbeddedDoc, i)
		w.b = append(w.b, ix...)
	}
	w.b = bson.AppendDocumentEnd(w.b, arr)
	w.value("commitQuorum", c.Options.CommitQuorum)
	w.value("comment", c.Options.Comment)
	w.maxTime(c.Options.MaxTime)
	return w.done()
}

// Decode reads the counts and the write concern error.
func (c *CreateIndexes) Decode(_ context.Context, r *Reply) error {
	c.Result = CreateIndexesResult{
		CreatedCollectionAutomatically: r.Body.Lookup("createdCollectionAutomatically").Boolean(),
		NumIndexesBefore:               int64Field(r.Body, "numIndexesBefore"),
		NumIndexesAfter:                int64Field(r.Body, "numIndexesAfter"),
	}
	return decodeWriteErrors("createIndexes", r.Body, 0)
}
