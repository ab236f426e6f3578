package mongotest

import (
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// createFields are the options create accepts.
var createFields = []string{"capped", "size", "max", "validator", "validationLevel", "validationAction",
	"collation", "viewOn", "pipeline", "timeseries", "clusteredIndex", "changeStreamPreAndPostImages",
	"expireAfterSeconds", "storageEngine", "indexOptionDefaults", "encryptedFields", "idIndex",
	"autoIndexId", "flags", "temp", "recordPreImages"}

// cmdCreate creates a collection with options; creating an existing one
// with the same options succeeds, as in mongod 7.0 and later.
func cmdCreate(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	opts, err := collOptions(r)
	if err != nil {
		return err
	}
	s := r.c.srv
	if _, err := s.cat.Create(r.db, name, opts); err != nil {
		if !errors.Is(err, store.ErrNamespaceExists) {
			return err
		}
		c, _ := s.cat.Collection(r.db, name)
		var same bool
		if c != nil {
			c.Read(func(rd *store.Reader) { same = string(rd.Options().Raw) == string(opts.Raw) })
		}
		if !same {
			return errorf(codeNamespaceExists, "Collection %s.%s already exists.", r.db, name)
		}
	}
	return nil
}

// collOptions reads create's options into store.Options; Raw keeps the
// options as listCollections reports them.
func collOptions(r *request) (store.Options, error) {
	var o store.Options
	capped, err := boolArg(r, "capped")
	if err != nil {
		return o, err
	}
	o.Capped = capped
	if o.Size, err = int64Arg(r, "size", 0); err != nil {
		return o, err
	}
	if o.Max, err = int64Arg(r, "max", 0); err != nil {
		return o, err
	}
	if o.Capped && o.Size <= 0 {
		return o, errorf(codeInvalidOptions, "the 'size' field is required when 'capped' is true")
	}
	if o.Capped {
		o.Size = (o.Size + 255) &^ 255
	}
	if r.arg("viewOn").Type != 0 {
		if err := viewOptions(r, &o); err != nil {
			return o, err
		}
	}
	o.Timeseries = r.arg("timeseries").Type == bson.TypeEmbeddedDoc
	bl := newBuilder(nil)
	it := r.body.Iter()
	it.Next()
	for it.Next() {
		k := it.Key()
		if genericArgs[k] {
			continue
		}
		if k == "size" && o.Capped {
			bl.int64("size", o.Size)
			continue
		}
		if k == "clusteredIndex" && it.Value().Type == bson.TypeEmbeddedDoc {
			ci, spec, err := clusteredIndex(it.Value().Document())
			if err != nil {
				return o, err
			}
			bl.doc(k, ci)
			o.IDIndex = spec
			continue
		}
		bl.value(k, it.Value())
	}
	o.Raw = bl.finish()
	return o, nil
}

// codeCommandNotSupported is mongod's code for a valid but unsupported request.
const codeCommandNotSupported = 115

// cmdDrop drops a collection; dropping a missing one succeeds (mongod 7.0+).
func cmdDrop(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	s := r.c.srv
	c, ok := s.cat.Collection(r.db, name)
	if !ok {
		return nil
	}
	var n int
	c.Read(func(rd *store.Reader) { n = len(rd.Indexes()) })
	s.cat.Drop(r.db, name)
	bl.int32("nIndexesWas", int32(n)).str("ns", r.db+"."+name)
	return nil
}

func cmdDropDatabase(r *request, bl *builder) error {
	if err := checkDBName(r.db); err != nil {
		return err
	}
	r.c.srv.cat.DropDatabase(r.db)
	bl.str("dropped", r.db)
	return nil
}

// cmdRenameCollection renames "db.a" to "db.b" (admin only).
func cmdRenameCollection(r *request, bl *builder) error {
	from, _ := r.arg("renameCollection").StringValueOK()
	to, _ := r.arg("to").StringValueOK()
	fdb, fcoll, ok1 := splitNS(from)
	tdb, tcoll, ok2 := splitNS(to)
	if !ok1 || checkNS(fdb, fcoll) != nil {
		return errorf(codeInvalidNamespace, "Invalid source namespace: %s", from)
	}
	if !ok2 || checkNS(tdb, tcoll) != nil {
		return errorf(codeInvalidNamespace, "Invalid target namespace: %s", to)
	}
	if from == to {
		return errorf(codeIllegalOperation, "Can't rename a collection to itself")
	}
	dropTarget, err := boolArg(r, "dropTarget")
	if err != nil {
		return err
	}
	switch err := r.c.srv.cat.Rename(fdb, fcoll, tdb, tcoll, dropTarget); {
	case errors.Is(err, store.ErrNamespaceNotFound):
		return errorf(codeNamespaceNotFound, "Source collection %s does not exist", from)
	case errors.Is(err, store.ErrNamespaceExists):
		return errorf(codeNamespaceExists, "target namespace exists")
	case err != nil:
		return err
	}
	return nil
}

// cmdCollMod changes collection options: validator settings, capped
// limits and index hidden/expireAfterSeconds.
func cmdCollMod(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	c, ok := r.c.srv.cat.Collection(r.db, name)
	if !ok {
		return errorf(codeNamespaceNotFound, "ns does not exist: %s.%s", r.db, name)
	}
	return c.Write(func(w *store.Writer) error {
		if idx := r.arg("index"); idx.Type != 0 {
			d, ok := idx.DocumentOK()
			if !ok {
				return typeMismatch(r.name, "index", idx, "object")
			}
			if err := collModIndex(bl, w, d, c.NS()); err != nil {
				return err
			}
		}
		opts := w.Options()
		if n, ok := r.arg("cappedSize").AsInt64OK(); ok {
			opts.Size = n
		}
		if n, ok := r.arg("cappedMax").AsInt64OK(); ok {
			opts.Max = n
		}
		if opts.ViewOn != "" && r.arg("viewOn").Type != 0 {
			if err := viewOptions(r, &opts); err != nil {
				return err
			}
		}
		opts.Raw = mergeOptions(opts.Raw, r.body, "validator", "validationLevel", "validationAction",
			"changeStreamPreAndPostImages", "expireAfterSeconds", "viewOn", "pipeline")
		w.SetOptions(opts)
		return nil
	})
}

// mergeOptions replaces or adds the listed fields of cmd in raw.
func mergeOptions(raw, cmd bson.Raw, fields ...string) bson.Raw {
	bl := newBuilder(nil)
	it := raw.Iter()
	for it.Next() {
		if v := cmd.Lookup(it.Key()); v.Type != 0 && contains(fields, it.Key()) {
			bl.value(it.Key(), v)
			continue
		}
		bl.value(it.Key(), it.Value())
	}
	for _, f := range fields {
		if v := cmd.Lookup(f); v.Type != 0 && raw.Lookup(f).Type == 0 {
			bl.value(f, v)
		}
	}
	return bl.finish()
}
