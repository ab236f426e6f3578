package store

import (
	"sort"
	"sync"
)

// Catalog holds every database. Its lock guards only the names; each
// collection has its own.
type Catalog struct {
	mu  sync.RWMutex
	dbs map[string]map[string]*Collection
}

// NewCatalog returns an empty catalog.
func NewCatalog() *Catalog {
	return &Catalog{dbs: make(map[string]map[string]*Collection)}
}

// Collection returns the named collection, if it exists.
func (cat *Catalog) Collection(db, name string) (*Collection, bool) {
	cat.mu.RLock()
	defer cat.mu.RUnlock()
	c, ok := cat.dbs[db][name]
	return c, ok
}

// Ensure returns the named collection, creating it with default options
// when it does not exist (as an insert does). created says whether it did.
func (cat *Catalog) Ensure(db, name string) (c *Collection, created bool) {
	if c, ok := cat.Collection(db, name); ok {
		return c, false
	}
	cat.mu.Lock()
	defer cat.mu.Unlock()
	if c, ok := cat.dbs[db][name]; ok {
		return c, false
	}
	c = newCollection(db, name, Options{})
	cat.put(c)
	return c, true
}

func (cat *Catalog) put(c *Collection) {
	colls := cat.dbs[c.db]
	if colls == nil {
		colls = make(map[string]*Collection)
		cat.dbs[c.db] = colls
	}
	colls[c.name] = c
}

// Create makes a collection, or returns ErrNamespaceExists.
func (cat *Catalog) Create(db, name string, opts Options) (*Collection, error) {
	cat.mu.Lock()
	defer cat.mu.Unlock()
	if _, ok := cat.dbs[db][name]; ok {
		return nil, ErrNamespaceExists
	}
	c := newCollection(db, name, opts)
	cat.put(c)
	return c, nil
}

// Drop removes a collection and reports whether it existed. A database
// without collections disappears, as in mongod.
func (cat *Catalog) Drop(db, name string) bool {
	cat.mu.Lock()
	c, ok := cat.dbs[db][name]
	if ok {
		delete(cat.dbs[db], name)
		if len(cat.dbs[db]) == 0 {
			delete(cat.dbs, db)
		}
	}
	cat.mu.Unlock()
	if ok {
		c.markDropped()
	}
	return ok
}

func (c *Collection) markDropped() {
	c.mu.Lock()
	c.dropped = true
	close(c.changed) // wakes tailable cursors, which then see the drop
	c.changed = make(chan struct{})
	c.mu.Unlock()
}

// DropDatabase removes a database and all its collections.
func (cat *Catalog) DropDatabase(db string) {
	cat.mu.Lock()
	colls := cat.dbs[db]
	delete(cat.dbs, db)
	cat.mu.Unlock()
	for _, c := range colls {
		c.markDropped()
	}
}

// Databases returns the names of the databases, sorted.
func (cat *Catalog) Databases() []string {
	cat.mu.RLock()
	defer cat.mu.RUnlock()
	names := make([]string, 0, len(cat.dbs))
	for n := range cat.dbs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Collections returns a database's collections sorted by name.
func (cat *Catalog) Collections(db string) []*Collection {
	cat.mu.RLock()
	defer cat.mu.RUnlock()
	out := make([]*Collection, 0, len(cat.dbs[db]))
	for _, c := range cat.dbs[db] {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// Rename moves a collection to a new namespace, keeping its documents,
// indexes and UUID. With dropTarget an existing target is dropped first;
// without, an existing target gives ErrNamespaceExists.
func (cat *Catalog) Rename(fromDB, from, toDB, to string, dropTarget bool) error {
	cat.mu.Lock()
	c, ok := cat.dbs[fromDB][from]
	if !ok {
		cat.mu.Unlock()
		return ErrNamespaceNotFound
	}
	target, exists := cat.dbs[toDB][to]
	if exists && !dropTarget {
		cat.mu.Unlock()
		return ErrNamespaceExists
	}
	delete(cat.dbs[fromDB], from)
	if len(cat.dbs[fromDB]) == 0 {
		delete(cat.dbs, fromDB)
	}
	c.mu.Lock()
	moved := &Collection{db: toDB, name: to, uuid: c.uuid, opts: c.opts, recs: c.recs, nextRID: c.nextRID,
		bytes: c.bytes, indexes: c.indexes, changed: make(chan struct{})}
	c.recs, c.bytes, c.dropped = nil, 0, true
	c.indexes = []*Index{newIndex(IDIndexSpec())}
	c.indexes[0].entries = make(map[string]int64)
	c.indexes[0].id = true
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
	cat.put(moved)
	cat.mu.Unlock()
	if exists {
		target.markDropped()
	}
	return nil
}
