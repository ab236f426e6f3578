package mongotest

import (
	"bytes"
	"strings"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// indexSpecFields are the fields an index specification may have.
var indexSpecFields = []string{"key", "name", "unique", "sparse", "partialFilterExpression",
	"expireAfterSeconds", "hidden", "collation", "background", "v", "weights", "default_language",
	"language_override", "textIndexVersion", "2dsphereIndexVersion", "bits", "min", "max",
	"wildcardProjection", "storageEngine", "clustered", "prepareUnique", "ns", "dropDups", "bucketSize"}

const codeInvalidIndexSpecOption = 197

// cmdCreateIndexes builds indexes, creating the collection if needed.
func cmdCreateIndexes(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	specs, present, err := r.docs("indexes")
	if err != nil {
		return err
	}
	if !present {
		return errorf(codeMissingField, "BSON field 'createIndexes.indexes' is missing but a required field")
	}
	if len(specs) == 0 {
		return errorf(codeBadValue, "Must specify at least one index to create")
	}
	parsed := make([]store.IndexSpec, 0, len(specs))
	for _, sp := range specs {
		is, err := parseIndexSpec(sp)
		if err != nil {
			return err
		}
		parsed = append(parsed, is)
	}
	c, created := r.c.srv.cat.Ensure(r.db, name)
	var before, after int
	err = c.Write(func(w *store.Writer) error {
		if w.Options().ViewOn != "" {
			return notOnView(c.NS())
		}
		before = len(w.Indexes())
		for _, is := range parsed {
			if err := checkIndexConflict(w, is); err != nil {
				return err
			}
			if _, err := w.CreateIndex(is); err != nil {
				return err
			}
		}
		after = len(w.Indexes())
		return nil
	})
	if err != nil {
		return err
	}
	bl.int32("numIndexesBefore", int32(before)).int32("numIndexesAfter", int32(after))
	if before == after {
		bl.str("note", "all indexes already exist")
	}
	bl.bool("createdCollectionAutomatically", created)
	return nil
}

// parseIndexSpec validates one index specification and normalizes it to
// {v: 2, key, name, ...options} as listIndexes reports it.
func parseIndexSpec(sp bson.Raw) (store.IndexSpec, error) {
	key, ok := sp.Lookup("key").DocumentOK()
	if !ok {
		return store.IndexSpec{}, errorf(codeFailedToParse, "The 'key' field is a required property of an index specification")
	}
	name, ok := sp.Lookup("name").StringValueOK()
	if !ok {
		return store.IndexSpec{}, errorf(codeFailedToParse, "The 'name' field is a required property of an index specification")
	}
	if err := checkKeyPattern(sp, key); err != nil {
		return store.IndexSpec{}, err
	}
	is := store.IndexSpec{Name: name, Key: key}
	bl := newBuilder(nil)
	bl.int32("v", 2).doc("key", key).str("name", name)
	it := sp.Iter()
	for it.Next() {
		k, v := it.Key(), it.Value()
		if !contains(indexSpecFields, k) {
			return is, errorf(codeInvalidIndexSpecOption, "The field '%s' is not valid for an index specification. Specification: %s", k, formatDoc(sp))
		}
		switch k {
		case "key", "name", "v", "ns", "background":
			continue
		case "unique", "sparse", "hidden", "prepareUnique":
			b := truthy(v)
			if k == "unique" {
				is.Unique = b
			} else if k == "prepareUnique" {
				is.PrepareUnique = b
			} else if k == "sparse" {
				is.Sparse = b
			}
			if b {
				bl.bool(k, true)
			}
			continue
		case "partialFilterExpression":
			f, err := engine.CompileFilter(v.Document(), nil)
			if err != nil {
				return is, err
			}
			is.Partial = func(doc bson.Raw) bool { ok, _ := f.Match(doc); return ok }
		}
		bl.value(k, v)
	}
	is.Spec = bl.finish()
	return is, nil
}

func truthy(v bson.RawValue) bool {
	if v.Type == bson.TypeBoolean {
		return v.Boolean()
	}
	f, ok := v.AsFloat64OK()
	return ok && f != 0
}

func checkKeyPattern(sp, key bson.Raw) error {
	it := key.Iter()
	n := 0
	for it.Next() {
		n++
		v := it.Value()
		if s, ok := v.StringValueOK(); ok {
			switch s {
			case "2d", "2dsphere", "text", "hashed", "geoHaystack":
				continue
			}
			return errorf(codeCannotCreateIndex, "Error in specification %s :: caused by :: Unknown index plugin '%s'", formatDoc(sp), s)
		}
		if f, ok := v.AsFloat64OK(); ok && f != 0 {
			continue
		}
		if v.Type == bson.TypeDecimal128 && !v.Decimal128().IsZero() {
			continue
		}
		return errorf(codeCannotCreateIndex, "Error in specification %s :: caused by :: Values in the index key pattern can't be 0 or non-numeric strings", formatDoc(sp))
	}
	if n == 0 {
		return errorf(codeCannotCreateIndex, "Error in specification %s :: caused by :: Index keys cannot be an empty field.", formatDoc(sp))
	}
	return nil
}

// checkIndexConflict gives mongod's errors for an index that clashes with
// an existing one by name or key pattern.
func checkIndexConflict(w *store.Writer, is store.IndexSpec) error {
	for _, ix := range w.Indexes() {
		sameKey := bytes.Equal(ix.Key, is.Key)
		sameOpts := ix.Unique == is.Unique && ix.Sparse == is.Sparse
		switch {
		case ix.Name == is.Name && !sameKey:
			return errorf(codeIndexKeySpecsConflict, "An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: %s, existing index: %s", formatDoc(is.Spec), formatDoc(ix.Spec))
		case ix.Name == is.Name && !sameOpts && ix.Name != "_id_":
			return errorf(codeIndexOptionsConflict, "An equivalent index already exists with the same name but different options. Requested index: %s, existing index: %s", formatDoc(is.Spec), formatDoc(ix.Spec))
		case ix.Name != is.Name && sameKey && sameOpts:
			return errorf(codeIndexOptionsConflict, "Index already exists with a different name: %s", ix.Name)
		}
	}
	return nil
}

// formatDoc prints a document as mongod does in messages.
func formatDoc(d bson.Raw) string { return string(store.AppendFormatDoc(nil, d)) }

// cmdListIndexes lists a collection's index specifications as a cursor.
func cmdListIndexes(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	batchSize, err := cursorBatchSize(r)
	if err != nil {
		return err
	}
	c, ok := r.c.srv.cat.Collection(r.db, name)
	if !ok {
		return errorf(codeNamespaceNotFound, "ns does not exist: %s.%s", r.db, name)
	}
	if _, isView := r.c.srv.viewDef(r.db, name); isView {
		return notOnView(r.db + "." + name)
	}
	var out []bson.Raw
	c.Read(func(rd *store.Reader) {
		for _, ix := range rd.Indexes() {
			out = append(out, ix.Spec)
		}
	})
	r.replyCursor(bl, r.db+".$cmd.listIndexes."+name, out, cursorOpts{batchSize: batchSize})
	return nil
}

// cmdDropIndexes drops indexes by name, names, key pattern or "*".
func cmdDropIndexes(r *request, bl *builder) error {
	name, err := collName(r)
	if err != nil {
		return err
	}
	c, ok := r.c.srv.cat.Collection(r.db, name)
	if !ok {
		return errorf(codeNamespaceNotFound, "ns not found %s.%s", r.db, name)
	}
	target := r.arg("index")
	return c.Write(func(w *store.Writer) error {
		bl.int32("nIndexesWas", int32(len(w.Indexes())))
		return dropIndexes(w, target)
	})
}

func dropIndexes(w *store.Writer, target bson.RawValue) error {
	switch target.Type {
	case bson.TypeString:
		n := target.StringValue()
		if n == "*" {
			w.DropIndexes()
			return nil
		}
		return dropIndexByName(w, n)
	case bson.TypeArray:
		it := bson.Raw(target.Value).Iter()
		for it.Next() {
			if err := dropIndexByName(w, it.Value().StringValue()); err != nil {
				return err
			}
		}
		return nil
	case bson.TypeEmbeddedDoc:
		for _, ix := range w.Indexes() {
			if bytes.Equal(ix.Key, target.Value) {
				return dropIndexByName(w, ix.Name)
			}
		}
		return errorf(codeIndexNotFound, "can't find index with key: %s", formatDoc(target.Document()))
	case 0:
		return errorf(codeMissingField, "BSON field 'dropIndexes.index' is missing but a required field")
	}
	return errorf(codeTypeMismatch, "BSON field 'dropIndexes.index' is the wrong type '%s', expected types '[string, object, array]'", typeAlias(target.Type))
}

func dropIndexByName(w *store.Writer, name string) error {
	if ix, ok := w.Index(name); name == "_id_" || (ok && ix.IsID()) {
		return errorf(codeInvalidOptions, "cannot drop _id index")
	}
	if strings.TrimSpace(name) == "" {
		return errorf(codeIndexNotFound, "index not found with name [%s]", name)
	}
	if err := w.DropIndex(name); err != nil {
		return errorf(codeIndexNotFound, "index not found with name [%s]", name)
	}
	return nil
}
