package store

import (
	"sort"
	"sync"

	"github.com/cwal-go/cwal/bson"
)

// Options are a collection's creation options.
type Options struct {
	Capped bool
	Size   int64 // capped: maximum total bytes of the documents
	Max    int64 // capped: maximum number of documents, 0 for no limit
	// ViewOn and Pipeline make the collection a view: it holds no
	// documents and reads run Pipeline over ViewOn.
	ViewOn   string
	Pipeline bson.Raw // an array of stages
	// Timeseries collections have no unique _id index.
	Timeseries bool
	// IDIndex, when set, replaces the spec of the _id index: a clustered
	// collection's clustered index, with its own name.
	IDIndex *IndexSpec
	// Raw is the options document as listCollections reports it.
	Raw bson.Raw
}

// Record is one stored document and its record id, which increases in
// insertion order and never changes while the document lives.
type Record struct {
	RID int64
	Doc bson.Raw
}

// Collection is one collection's documents and indexes. Read and Write
// give access under the collection's lock; nothing else touches its data.
type Collection struct {
	db   string
	name string
	uuid bson.Binary

	mu      sync.RWMutex
	opts    Options
	recs    []Record // ascending RID
	nextRID int64
	bytes   int64
	indexes []*Index // indexes[0] is _id_, except in views and time series
	dropped bool
	changed chan struct{} // closed and replaced on every insert
}

func newCollection(db, name string, opts Options) *Collection {
	c := &Collection{db: db, name: name, uuid: bson.NewUUID(), opts: opts, nextRID: 1, changed: make(chan struct{})}
	spec := IDIndexSpec()
	if opts.IDIndex != nil {
		spec = *opts.IDIndex
	}
	c.indexes = []*Index{newIndex(spec)}
	c.indexes[0].id = true
	if opts.ViewOn != "" || opts.Timeseries {
		c.indexes = nil // views have no indexes, time series no _id index
	} else {
		c.indexes[0].entries = make(map[string]int64)
	}
	return c
}

// IDIndexSpec returns the spec of the _id index every collection has.
func IDIndexSpec() IndexSpec {
	key := bson.AppendInt32Element(nil, "_id", 1)
	kb, ks := bson.AppendDocumentStart(nil)
	kb = append(kb, key...)
	kb = bson.AppendDocumentEnd(kb, ks)
	sb, ss := bson.AppendDocumentStart(nil)
	sb = bson.AppendInt32Element(sb, "v", 2)
	sb = bson.AppendDocumentElement(sb, "key", kb)
	sb = bson.AppendStringElement(sb, "name", "_id_")
	sb = bson.AppendDocumentEnd(sb, ss)
	return IndexSpec{Name: "_id_", Key: kb, Spec: sb}
}

// Name returns the collection's name.
func (c *Collection) Name() string { return c.name }

// DB returns the name of the collection's database.
func (c *Collection) DB() string { return c.db }

// NS returns "db.collection".
func (c *Collection) NS() string { return c.db + "." + c.name }

// UUID returns the collection's UUID (binary subtype 4).
func (c *Collection) UUID() bson.Binary { return c.uuid }

// Read runs fn with the collection locked for reading.
func (c *Collection) Read(fn func(r *Reader)) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	fn(&Reader{c: c})
}

// Write runs fn with the collection locked for writing and returns its
// error. Changes fn made before an error stay (writes are atomic per
// document, not per call).
func (c *Collection) Write(fn func(w *Writer) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fn(&Writer{Reader{c: c}})
}

// Changed returns a channel closed at the next insert, for tailable
// cursors that wait for data.
func (c *Collection) Changed() <-chan struct{} {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.changed
}

// Reader reads a collection under its read lock. It is valid only inside
// the function given to Read or Write.
type Reader struct{ c *Collection }

// Options returns the collection's options.
func (r *Reader) Options() Options { return r.c.opts }

// Dropped reports whether the collection was dropped since it was looked up.
func (r *Reader) Dropped() bool { return r.c.dropped }

// Len returns the number of documents.
func (r *Reader) Len() int { return len(r.c.recs) }

// Size returns the total size of the documents in bytes.
func (r *Reader) Size() int64 { return r.c.bytes }

// Records returns the documents in natural order. The slice is a copy;
// the documents are shared and immutable.
func (r *Reader) Records() []Record { return append([]Record(nil), r.c.recs...) }

// Scan calls fn for each document in natural order until it returns false.
func (r *Reader) Scan(fn func(Record) bool) {
	for _, rec := range r.c.recs {
		if !fn(rec) {
			return
		}
	}
}

// After returns the documents inserted after record id rid, in order.
func (r *Reader) After(rid int64) []Record {
	i := sort.Search(len(r.c.recs), func(i int) bool { return r.c.recs[i].RID > rid })
	return append([]Record(nil), r.c.recs[i:]...)
}

// LastRID returns the record id of the newest document, or 0.
func (r *Reader) LastRID() int64 {
	if n := len(r.c.recs); n > 0 {
		return r.c.recs[n-1].RID
	}
	return 0
}

// FindID returns the document whose _id equals id (the first one, in a
// time-series collection where _id is not unique).
func (r *Reader) FindID(id bson.RawValue) (Record, bool) {
	if len(r.c.indexes) == 0 || r.c.indexes[0].entries == nil {
		key := string(AppendKey(nil, id))
		for _, rec := range r.c.recs {
			if string(AppendKey(nil, rec.Doc.Lookup("_id"))) == key {
				return rec, true
			}
		}
		return Record{}, false
	}
	var kb [32]byte // most keys fit, and the lookup does not copy the key
	rid, ok := r.c.indexes[0].entries[string(AppendKey(kb[:0], id))]
	if !ok {
		return Record{}, false
	}
	return r.get(rid)
}

// UniqueID reports whether the collection has a unique _id index, so that
// FindID finds the only document with that _id (time-series collections
// and views have none).
func (r *Reader) UniqueID() bool {
	return len(r.c.indexes) > 0 && r.c.indexes[0].entries != nil
}

// Get returns the document with record id rid, if it still exists.
func (r *Reader) Get(rid int64) (Record, bool) { return r.get(rid) }

func (r *Reader) get(rid int64) (Record, bool) {
	i, ok := r.c.find(rid)
	if !ok {
		return Record{}, false
	}
	return r.c.recs[i], true
}

func (c *Collection) find(rid int64) (int, bool) {
	i := sort.Search(len(c.recs), func(i int) bool { return c.recs[i].RID >= rid })
	return i, i < len(c.recs) && c.recs[i].RID == rid
}

// Indexes returns the collection's indexes, _id_ first.
func (r *Reader) Indexes() []*Index { return append([]*Index(nil), r.c.indexes...) }

// Index returns the index named name.
func (r *Reader) Index(name string) (*Index, bool) {
	for _, ix := range r.c.indexes {
		if ix.Name == name {
			return ix, true
		}
	}
	return nil, false
}
