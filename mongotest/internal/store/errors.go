package store

import (
	"errors"

	"github.com/cwal-go/cwal/bson"
)

// Errors the catalog reports; the server maps them to mongod's codes.
var (
	// ErrNamespaceExists: create of a collection that exists (code 48).
	ErrNamespaceExists = errors.New("collection already exists")
	// ErrNamespaceNotFound: an operation that needs an existing
	// collection (code 26).
	ErrNamespaceNotFound = errors.New("ns not found")
	// ErrIndexNotFound: dropIndexes of an unknown index (code 27).
	ErrIndexNotFound = errors.New("index not found")
)

// DupKeyError is a unique-index violation (mongod code 11000).
type DupKeyError struct {
	NS         string   // "db.coll"
	Index      string   // index name
	KeyPattern bson.Raw // the index key pattern
	KeyValue   bson.Raw // {field: value} for the duplicate key
}

// Error returns mongod's message, e.g. "E11000 duplicate key error
// collection: db.c index: _id_ dup key: { _id: 1 }".
func (e *DupKeyError) Error() string {
	b := []byte("E11000 duplicate key error collection: ")
	b = append(b, e.NS...)
	b = append(b, " index: "...)
	b = append(b, e.Index...)
	b = append(b, " dup key: "...)
	return string(AppendFormatDoc(b, e.KeyValue))
}

func newDupKeyError(ns string, ix *Index, vals []bson.RawValue) *DupKeyError {
	b, start := bson.AppendDocumentStart(nil)
	for i, f := range ix.fields {
		b = bson.AppendValueElement(b, f, vals[i])
	}
	b = bson.AppendDocumentEnd(b, start)
	return &DupKeyError{NS: ns, Index: ix.Name, KeyPattern: ix.Key, KeyValue: b}
}

// DupKeyOn returns the error an insert of doc would meet on the unique
// index whose fields are fields (in any order): for a caller that found a
// conflicting document itself, such as $merge with whenMatched: fail, which
// mongod runs as an insert. It returns nil when there is no such index.
func (r *Reader) DupKeyOn(fields []string, doc bson.Raw) *DupKeyError {
	for _, ix := range r.c.indexes {
		if ix.entries == nil || !sameFieldSet(ix.fields, fields) {
			continue
		}
		if _, parts := ix.keys(doc); len(parts) > 0 {
			return newDupKeyError(r.c.NS(), ix, parts[0])
		}
	}
	return nil
}

func sameFieldSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, f := range a {
		found := false
		for _, g := range b {
			found = found || f == g
		}
		if !found {
			return false
		}
	}
	return true
}
