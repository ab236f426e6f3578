package store

// CreateIndex adds an index. It reports false without change when an
// index of that name exists (the caller checks that it is the same one),
// and a *DupKeyError when a unique index cannot be built over the
// documents.
func (w *Writer) CreateIndex(spec IndexSpec) (bool, error) {
	c := w.c
	for _, ix := range c.indexes {
		if ix.Name == spec.Name {
			return false, nil
		}
	}
	ix := newIndex(spec)
	if ix.entries != nil {
		for _, rec := range c.recs {
			if !ix.covers(rec.Doc) {
				continue
			}
			keys, parts := ix.keys(rec.Doc)
			for i, k := range keys {
				if _, dup := ix.entries[k]; dup {
					return false, newDupKeyError(c.NS(), ix, parts[i])
				}
				ix.entries[k] = rec.RID
			}
		}
	}
	c.indexes = append(c.indexes, ix)
	return true, nil
}

// DropIndex removes the index named name; the _id index cannot be dropped
// (the caller reports mongod's error before calling).
func (w *Writer) DropIndex(name string) error {
	c := w.c
	for i, ix := range c.indexes {
		if ix.Name == name && !ix.id {
			c.indexes = append(c.indexes[:i], c.indexes[i+1:]...)
			return nil
		}
	}
	return ErrIndexNotFound
}

// DropIndexes removes every index but the _id index.
func (w *Writer) DropIndexes() {
	kept := w.c.indexes[:0:0]
	for _, ix := range w.c.indexes {
		if ix.id {
			kept = append(kept, ix)
		}
	}
	w.c.indexes = kept
}
