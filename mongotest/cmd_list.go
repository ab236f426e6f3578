package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// cmdListCollections lists a database's collections as a cursor of
// {name, type, options, info: {readOnly, uuid}, idIndex}.
func cmdListCollections(r *request, bl *builder) error {
	if err := checkDBName(r.db); err != nil {
		return err
	}
	env, err := commandEnv(r, bson.RawValue{})
	if err != nil {
		return err
	}
	filter, err := compileFilter(r, "filter", r.arg("filter"), env)
	if err != nil {
		return err
	}
	nameOnly, err := boolArg(r, "nameOnly")
	if err != nil {
		return err
	}
	batchSize, err := cursorBatchSize(r)
	if err != nil {
		return err
	}
	var out []bson.Raw
	for _, c := range r.c.srv.cat.Collections(r.db) {
		doc := collectionInfo(c, nameOnly)
		ok, err := filter.Match(doc)
		if err != nil {
			return err
		}
		if ok {
			out = append(out, doc)
		}
	}
	r.replyCursor(bl, r.db+".$cmd.listCollections", out, cursorOpts{batchSize: batchSize})
	return nil
}

func collectionInfo(c *store.Collection, nameOnly bool) bson.Raw {
	var opts store.Options
	c.Read(func(rd *store.Reader) { opts = rd.Options() })
	kind := "collection"
	switch {
	case opts.ViewOn != "":
		kind = "view"
	case opts.Timeseries:
		kind = "timeseries"
	}
	bl := newBuilder(nil)
	bl.str("name", c.Name()).str("type", kind)
	if nameOnly {
		return bl.finish()
	}
	if opts.Raw == nil {
		opts.Raw = emptyDoc
	}
	bl.doc("options", opts.Raw)
	if kind == "view" {
		bl.startDoc("info").bool("readOnly", true).end()
		return bl.finish()
	}
	u := c.UUID()
	bl.startDoc("info").bool("readOnly", false).binary("uuid", u.Subtype, u.Data).end()
	if kind == "collection" && opts.IDIndex == nil { // a clustered collection has none
		bl.startDoc("idIndex").int32("v", 2).startDoc("key").int32("_id", 1).end().str("name", "_id_").end()
	}
	return bl.finish()
}

// cursorBatchSize reads cursor.batchSize; -1 when absent (no count limit).
func cursorBatchSize(r *request) (int64, error) {
	cur := r.arg("cursor")
	if cur.Type == 0 {
		return -1, nil
	}
	d, ok := cur.DocumentOK()
	if !ok {
		return 0, typeMismatch(r.name, "cursor", cur, "object")
	}
	v := d.Lookup("batchSize")
	if v.Type == 0 {
		return -1, nil
	}
	n, ok := v.AsInt64OK()
	if !ok {
		return 0, typeMismatch(r.name, "cursor.batchSize", v, "long")
	}
	if n < 0 {
		return 0, errorf(codeBadValue, "BSON field 'batchSize' value must be >= 0, actual value '%d'", n)
	}
	return n, nil
}

// cmdListDatabases lists databases with their sizes (admin only).
func cmdListDatabases(r *request, bl *builder) error {
	env, err := commandEnv(r, bson.RawValue{})
	if err != nil {
		return err
	}
	filter, err := compileFilter(r, "filter", r.arg("filter"), env)
	if err != nil {
		return err
	}
	nameOnly, err := boolArg(r, "nameOnly")
	if err != nil {
		return err
	}
	s := r.c.srv
	var total int64
	bl.startArray("databases")
	for _, db := range s.cat.Databases() {
		var size int64
		for _, c := range s.cat.Collections(db) {
			c.Read(func(rd *store.Reader) { size += rd.Size() })
		}
		doc := rawDoc(func(d *builder) {
			d.str("name", db)
			if !nameOnly {
				d.int64("sizeOnDisk", size).bool("empty", size == 0)
			}
		})
		if ok, err := filter.Match(doc); err != nil {
			return err
		} else if ok {
			total += size
			bl.doc("", doc)
		}
	}
	bl.end()
	if !nameOnly {
		bl.int64("totalSize", total).int64("totalSizeMb", total>>20)
	}
	return nil
}
