package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// mergeSpec is a parsed $merge stage.
type mergeSpec struct {
	db, coll       string
	on             []string
	whenMatched    string // replace, keepExisting, merge, fail, pipeline
	pipeline       bson.RawValue
	whenNotMatched string // insert, discard, fail
	let            bson.Raw
}

func (h *aggHost) parseMerge(spec bson.RawValue) (*mergeSpec, error) {
	m := &mergeSpec{on: []string{"_id"}, whenMatched: "merge", whenNotMatched: "insert"}
	d, ok := spec.DocumentOK()
	if !ok {
		var err error
		m.db, m.coll, err = h.targetNS(spec, "$merge")
		return m, err
	}
	var err error
	if m.db, m.coll, err = h.targetNS(d.Lookup("into"), "$merge"); err != nil {
		return nil, err
	}
	if on := d.Lookup("on"); on.Type == bson.TypeString {
		m.on = []string{on.StringValue()}
	} else if arr, ok := on.ArrayOK(); ok {
		m.on = stringList(bson.Raw(arr))
	}
	wm := d.Lookup("whenMatched")
	if s, ok := wm.StringValueOK(); ok {
		m.whenMatched = s
	} else if wm.Type == bson.TypeArray {
		m.whenMatched, m.pipeline = "pipeline", wm
	}
	if s, ok := d.Lookup("whenNotMatched").StringValueOK(); ok {
		m.whenNotMatched = s
	}
	m.let, _ = d.Lookup("let").DocumentOK()
	return m, nil
}

// merge writes the pipeline's output into the target collection.
func (h *aggHost) merge(spec bson.RawValue, in []bson.Raw) error {
	m, err := h.parseMerge(spec)
	if err != nil {
		return err
	}
	return h.r.c.srv.writeColl(m.db, m.coll, true, func(w *store.Writer) error {
		v := newValidator(h.r.c.srv, w, bypassArg(h.r))
		for _, doc := range in {
			if err := h.mergeOne(w, v, m, doc); err != nil {
				return err
			}
		}
		return nil
	})
}

func (h *aggHost) mergeOne(w *store.Writer, v *validator, m *mergeSpec, doc bson.Raw) error {
	if len(m.on) == 1 && m.on[0] == "_id" && doc.Lookup("_id").Type == 0 {
		var err error
		if doc, err = prepareInsert(doc); err != nil {
			return err
		}
	}
	target, found := h.findOn(w, m.on, doc)
	if !found {
		switch m.whenNotMatched {
		case "discard":
			return nil
		case "fail":
			return errorf(13113, "$merge could not find a matching document in the target collection for at least one document in the source collection")
		}
		return insertOne(w, v, doc)
	}
	var next bson.Raw
	switch m.whenMatched {
	case "keepExisting":
		return nil
	case "fail":
		if de := w.DupKeyOn(m.on, doc); de != nil {
			return de // mongod inserts, and the unique index refuses
		}
		return errorf(codeDuplicateKey, "$merge with whenMatched: fail found an existing document with the same values for the 'on' fields")
	case "replace":
		next = withID(doc, target.Doc.Lookup("_id"))
	case "merge":
		next = mergeTop(target.Doc, doc)
	case "pipeline":
		var err error
		if next, err = h.mergePipeline(m, target.Doc, doc); err != nil {
			return err
		}
	default:
		return errorf(codeBadValue, "Enumeration value '%s' for field 'whenMatched' is not a valid value.", m.whenMatched)
	}
	if err := engine.ValidateForStorage(next); err != nil {
		return err
	}
	if err := v.check(next, target.Doc); err != nil {
		return err
	}
	_, err := w.Replace(target.RID, next)
	return err
}

// findOn finds the target document whose on fields equal doc's.
func (h *aggHost) findOn(w *store.Writer, on []string, doc bson.Raw) (store.Record, bool) {
	if len(on) == 1 && on[0] == "_id" {
		return w.FindID(doc.Lookup("_id"))
	}
	var found store.Record
	ok := false
	w.Scan(func(rec store.Record) bool {
		for _, f := range on {
			if !engine.Equal(rec.Doc.Path(f), doc.Path(f), h.env.Collation) {
				return true
			}
		}
		found, ok = rec, true
		return false
	})
	return found, ok
}

func (h *aggHost) mergePipeline(m *mergeSpec, old, doc bson.Raw) (bson.Raw, error) {
	env := engine.NewEnv()
	env.Collation = h.env.Collation
	let := m.let
	if let == nil {
		let = rawDoc(func(bl *builder) { bl.str("new", "$$ROOT") })
	}
	if err := bindLet(env, let, doc); err != nil {
		return nil, err
	}
	u, err := engine.CompileUpdate(m.pipeline, engine.UpdateOptions{Env: env})
	if err != nil {
		return nil, err
	}
	out, _, err := u.Apply(old, -1)
	return out, err
}

// bindLet evaluates let expressions against doc and binds the values.
func bindLet(env *engine.Env, let, doc bson.Raw) error {
	lit := newBuilder(nil)
	it := let.Iter()
	for it.Next() {
		x, err := engine.CompileExpression(it.Value(), env)
		if err != nil {
			return err
		}
		v, err := x.Eval(doc)
		if err != nil {
			return err
		}
		if v.Type == 0 {
			v = bson.RawValue{Type: bson.TypeNull}
		}
		lit.startDoc(it.Key()).value("$literal", v).end()
	}
	return env.SetLet(lit.finish())
}

// withID returns doc with _id set to id, first.
func withID(doc bson.Raw, id bson.RawValue) bson.Raw {
	bl := newBuilder(nil)
	bl.value("_id", id)
	it := doc.Iter()
	for it.Next() {
		if it.Key() != "_id" {
			bl.value(it.Key(), it.Value())
		}
	}
	return bl.finish()
}

// mergeTop overwrites old's top-level fields with doc's and appends new ones.
func mergeTop(old, doc bson.Raw) bson.Raw {
	bl := newBuilder(nil)
	it := old.Iter()
	for it.Next() {
		if v := doc.Lookup(it.Key()); v.Type != 0 {
			bl.value(it.Key(), v)
		} else {
			bl.value(it.Key(), it.Value())
		}
	}
	it = doc.Iter()
	for it.Next() {
		if old.Lookup(it.Key()).Type == 0 {
			bl.value(it.Key(), it.Value())
		}
	}
	return bl.finish()
}
