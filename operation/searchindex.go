package operation

import (
	"context"
	"strconv"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// The Atlas Search index commands (index management specification). They
// take neither read nor write concern, and are never retried. List the
// indexes with an aggregate whose pipeline is {$listSearchIndexes: ...}.

// searchIndexTraits: a write (primary), without concerns, not retried.
var searchIndexTraits = Traits{Write: true}

// SearchIndexSpec is one index of createSearchIndexes.
type SearchIndexSpec struct {
	// Definition is the index definition document (required; nil sends
	// {}).
	Definition bson.Raw
	// Name and Type are sent when not empty; the server's defaults are
	// "default" and "search".
	Name, Type string
}

// CreateSearchIndexes is the createSearchIndexes command. Result holds
// the names of the created indexes, in order.
type CreateSearchIndexes struct {
	DB, Collection string
	Indexes        []SearchIndexSpec

	Result []string
}

// Name returns "createSearchIndexes", the command name.
func (c *CreateSearchIndexes) Name() string { return "createSearchIndexes" }

// Database returns DB.
func (c *CreateSearchIndexes) Database() string { return c.DB }

// Traits: a write without concerns, not retried.
func (c *CreateSearchIndexes) Traits() Traits { return searchIndexTraits }

// AppendBody appends the command; an empty Indexes sends an empty array
// (the server refuses it).
func (c *CreateSearchIndexes) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "createSearchIndexes"}
	w.str("createSearchIndexes", c.Collection)
	var arr int
	w.b, arr = bson.AppendArrayElementStart(w.b, "indexes")
	for i, ix := range c.Indexes {
		w.b = bson.AppendArrayHeader(w.b, bson.TypeEmbeddedDoc, i)
		var doc int
		w.b, doc = bson.AppendDocumentStart(w.b)
		w.docAlways("definition", ix.Definition)
		w.strIf("name", ix.Name)
		w.strIf("type", ix.Type)
		w.b = bson.AppendDocumentEnd(w.b, doc)
	}
	w.b = bson.AppendDocumentEnd(w.b, arr)
	return w.done()
}

// Decode reads indexesCreated[].name.
func (c *CreateSearchIndexes) Decode(_ context.Context, r *Reply) error {
	c.Result = c.Result[:0]
	v := r.Body.Lookup("indexesCreated")
	if v.IsZero() {
		return nil
	}
	arr, ok := v.ArrayOK()
	if !ok {
		return &ReplyError{Command: "createSearchIndexes", Field: "indexesCreated", Problem: "not an array"}
	}
	it := arr.Iter()
	for i := 0; it.Next(); i++ {
		name, ok := it.Value().Document().Lookup("name").StringValueOK()
		if !ok {
			return &ReplyError{Command: "createSearchIndexes", Field: "indexesCreated." + strconv.Itoa(i) + ".name", Problem: "missing or not a string"}
		}
		c.Result = append(c.Result, name)
	}
	return it.Err()
}

// DropSearchIndex is the dropSearchIndex command.
type DropSearchIndex struct {
	DB, Collection string
	// IndexName names the index to drop.
	IndexName string
}

// Name returns "dropSearchIndex", the command name.
func (c *DropSearchIndex) Name() string { return "dropSearchIndex" }

// Database returns DB.
func (c *DropSearchIndex) Database() string { return c.DB }

// Traits: a write without concerns, not retried.
func (c *DropSearchIndex) Traits() Traits { return searchIndexTraits }

// AppendBody appends the command.
func (c *DropSearchIndex) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "dropSearchIndex"}
	w.str("dropSearchIndex", c.Collection)
	w.str("name", c.IndexName)
	return w.done()
}

// Decode has nothing to read.
func (c *DropSearchIndex) Decode(context.Context, *Reply) error { return nil }

// UpdateSearchIndex is the updateSearchIndex command.
type UpdateSearchIndex struct {
	DB, Collection string
	// IndexName names the index; Definition replaces its definition (nil
	// sends {}).
	IndexName  string
	Definition bson.Raw
}

// Name returns "updateSearchIndex", the command name.
func (c *UpdateSearchIndex) Name() string { return "updateSearchIndex" }

// Database returns DB.
func (c *UpdateSearchIndex) Database() string { return c.DB }

// Traits: a write without concerns, not retried.
func (c *UpdateSearchIndex) Traits() Traits { return searchIndexTraits }

// AppendBody appends the command.
func (c *UpdateSearchIndex) AppendBody(dst []byte, _ description.Server) ([]byte, error) {
	w := bodyWriter{b: dst, cmd: "updateSearchIndex"}
	w.str("updateSearchIndex", c.Collection)
	w.str("name", c.IndexName)
	w.docAlways("definition", c.Definition)
	return w.done()
}

// Decode has nothing to read.
func (c *UpdateSearchIndex) Decode(context.Context, *Reply) error { return nil }
