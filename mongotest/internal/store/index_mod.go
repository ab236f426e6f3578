package store

import (
	"github.com/cwal-go/cwal/bson"
)

// Index changes made by collMod: prepareUnique makes a non-unique index
// refuse new duplicate keys while it may still hold old ones, and the
// conversion to unique succeeds only when no key is duplicated.

// IndexChange is what collMod changes in one index.
type IndexChange struct {
	Spec          bson.Raw // the new specification, as listIndexes shows it
	PrepareUnique *bool    // nil leaves the setting
	Unique        bool     // convert to a unique index
}

// ConversionError reports why an index cannot become unique: the _id
// values of each group of documents that share a key.
type ConversionError struct {
	Violations [][]bson.RawValue
}

// Error returns mongod's CannotConvertIndexToUnique message.
func (e *ConversionError) Error() string {
	return "Cannot convert the index to unique. Please resolve conflicting documents before running collMod again."
}

// ModifyIndex applies ch to the index named name. A failed conversion to
// unique returns a *ConversionError and changes nothing; an unknown name
// returns ErrIndexNotFound.
func (w *Writer) ModifyIndex(name string, ch IndexChange) error {
	ix, ok := w.Index(name)
	if !ok {
		return ErrIndexNotFound
	}
	if ch.Unique && ix.entries == nil {
		entries, violations := w.c.uniqueEntries(ix)
		if len(violations) > 0 {
			return &ConversionError{Violations: violations}
		}
		ix.entries, ix.Unique = entries, true
	}
	if ch.PrepareUnique != nil {
		ix.PrepareUnique = *ch.PrepareUnique
	}
	if ch.Spec != nil {
		ix.Spec = ch.Spec
	}
	return nil
}

// uniqueEntries builds the entries of ix as a unique index, or returns the
// groups of documents whose keys collide.
func (c *Collection) uniqueEntries(ix *Index) (map[string]int64, [][]bson.RawValue) {
	entries := make(map[string]int64)
	groups := make(map[string][]bson.RawValue)
	var order []string
	for _, rec := range c.recs {
		if !ix.covers(rec.Doc) {
			continue
		}
		keys, _ := ix.keys(rec.Doc)
		for _, k := range keys {
			if first, dup := entries[k]; dup {
				if groups[k] == nil {
					order = append(order, k)
					fr, _ := (&Reader{c: c}).get(first)
					groups[k] = []bson.RawValue{fr.Doc.Lookup("_id")}
				}
				groups[k] = append(groups[k], rec.Doc.Lookup("_id"))
				continue
			}
			entries[k] = rec.RID
		}
	}
	violations := make([][]bson.RawValue, 0, len(order))
	for _, k := range order {
		violations = append(violations, groups[k])
	}
	return entries, violations
}

// prepareConflict checks doc against an index with prepareUnique: a key
// another document (not self) already has is a duplicate key error.
func (c *Collection) prepareConflict(ix *Index, doc bson.Raw, self int64) error {
	if !ix.PrepareUnique || ix.entries != nil || !ix.covers(doc) {
		return nil
	}
	keys, parts := ix.keys(doc)
	for _, rec := range c.recs {
		if rec.RID == self || !ix.covers(rec.Doc) {
			continue
		}
		other, _ := ix.keys(rec.Doc)
		for i, k := range keys {
			for _, o := range other {
				if k == o {
					return newDupKeyError(c.NS(), ix, parts[i])
				}
			}
		}
	}
	return nil
}
