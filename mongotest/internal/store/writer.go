package store

import (
	"github.com/cwal-go/cwal/bson"
)

// Writer changes a collection under its write lock. It is valid only
// inside the function given to Write.
type Writer struct{ Reader }

// Insert appends doc, which must have an _id, and returns its record.
// A unique-index violation returns a *DupKeyError and changes nothing.
func (w *Writer) Insert(doc bson.Raw) (Record, error) {
	c := w.c
	type pending struct {
		ix   *Index
		keys []string
	}
	var adds []pending
	for _, ix := range c.indexes {
		if err := c.prepareConflict(ix, doc, 0); err != nil {
			return Record{}, err
		}
		if ix.entries == nil || !ix.covers(doc) {
			continue
		}
		keys, parts := ix.keys(doc)
		for i, k := range keys {
			if _, dup := ix.entries[k]; dup {
				return Record{}, newDupKeyError(c.NS(), ix, parts[i])
			}
		}
		adds = append(adds, pending{ix, keys})
	}
	rec := Record{RID: c.nextRID, Doc: doc}
	c.nextRID++
	for _, a := range adds {
		for _, k := range a.keys {
			a.ix.entries[k] = rec.RID
		}
	}
	c.recs = append(c.recs, rec)
	c.bytes += int64(len(doc))
	c.evictCapped()
	close(c.changed)
	c.changed = make(chan struct{})
	return rec, nil
}

// evictCapped removes the oldest documents of a capped collection while it
// is over its size or count limit.
func (c *Collection) evictCapped() {
	if !c.opts.Capped {
		return
	}
	for len(c.recs) > 1 && ((c.opts.Max > 0 && int64(len(c.recs)) > c.opts.Max) || (c.opts.Size > 0 && c.bytes > c.opts.Size)) {
		c.removeAt(0)
	}
}

// Replace swaps the document with record id rid for doc, keeping its place
// in natural order. It reports false when the record no longer exists.
func (w *Writer) Replace(rid int64, doc bson.Raw) (bool, error) {
	c := w.c
	i, ok := c.find(rid)
	if !ok {
		return false, nil
	}
	old := c.recs[i].Doc
	type change struct {
		ix         *Index
		del, added []string
	}
	var changes []change
	for _, ix := range c.indexes {
		if err := c.prepareConflict(ix, doc, rid); err != nil {
			return false, err
		}
		if ix.entries == nil {
			continue
		}
		var oldKeys, newKeys []string
		var parts [][]bson.RawValue
		if ix.covers(old) {
			oldKeys, _ = ix.keys(old)
		}
		if ix.covers(doc) {
			newKeys, parts = ix.keys(doc)
		}
		for j, k := range newKeys {
			if owner, dup := ix.entries[k]; dup && owner != rid {
				return false, newDupKeyError(c.NS(), ix, parts[j])
			}
		}
		changes = append(changes, change{ix, oldKeys, newKeys})
	}
	for _, ch := range changes {
		for _, k := range ch.del {
			delete(ch.ix.entries, k)
		}
		for _, k := range ch.added {
			ch.ix.entries[k] = rid
		}
	}
	c.bytes += int64(len(doc)) - int64(len(old))
	c.recs[i].Doc = doc
	return true, nil
}

// Delete removes the document with record id rid and reports whether it
// existed.
func (w *Writer) Delete(rid int64) bool {
	i, ok := w.c.find(rid)
	if ok {
		w.c.removeAt(i)
	}
	return ok
}

func (c *Collection) removeAt(i int) {
	doc := c.recs[i].Doc
	for _, ix := range c.indexes {
		if ix.entries == nil || !ix.covers(doc) {
			continue
		}
		keys, _ := ix.keys(doc)
		for _, k := range keys {
			if ix.entries[k] == c.recs[i].RID {
				delete(ix.entries, k)
			}
		}
	}
	c.bytes -= int64(len(doc))
	copy(c.recs[i:], c.recs[i+1:])
	c.recs[len(c.recs)-1] = Record{}
	c.recs = c.recs[:len(c.recs)-1]
}

// Truncate removes every document, keeping the indexes.
func (w *Writer) Truncate() {
	c := w.c
	c.recs = nil
	c.bytes = 0
	for _, ix := range c.indexes {
		if ix.entries != nil {
			clear(ix.entries)
		}
	}
}

// SetOptions replaces the collection's options (collMod).
func (w *Writer) SetOptions(o Options) {
	w.c.opts = o
	w.c.evictCapped()
}
