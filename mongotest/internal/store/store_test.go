package store_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

func doc(t *testing.T, js string) bson.Raw {
	t.Helper()
	b, err := bson.ParseExtJSON(nil, []byte(js), false)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func val(t *testing.T, js string) bson.RawValue {
	return doc(t, `{"v": `+js+`}`).Lookup("v")
}

func TestAppendKeyEquality(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{`1`, `{"$numberLong": "1"}`, true},
		{`1`, `1.0`, true},
		{`1`, `{"$numberDecimal": "1.000"}`, true},
		{`{"$numberDecimal": "100"}`, `{"$numberDecimal": "1E+2"}`, true},
		{`0.0`, `-0.0`, true},
		{`{"$numberDouble": "NaN"}`, `{"$numberDecimal": "NaN"}`, true},
		{`{"$numberDouble": "Infinity"}`, `{"$numberDecimal": "Infinity"}`, true},
		{`1.5`, `1.5`, true},
		{`1`, `2`, false},
		{`1`, `"1"`, false},
		{`"a"`, `"A"`, false},
		{`null`, `{"$undefined": true}`, true},
		{`{"a": 1, "b": [1, 2]}`, `{"a": 1.0, "b": [{"$numberLong": "1"}, 2]}`, true},
		{`{"a": 1, "b": 2}`, `{"b": 2, "a": 1}`, false},
		{`[1, 2]`, `[2, 1]`, false},
		{`{"$oid": "000000000000000000000001"}`, `{"$oid": "000000000000000000000001"}`, true},
		{`true`, `1`, false},
	} {
		ka := string(store.AppendKey(nil, val(t, tc.a)))
		kb := string(store.AppendKey(nil, val(t, tc.b)))
		if (ka == kb) != tc.same {
			t.Errorf("%s vs %s: same=%v, want %v", tc.a, tc.b, ka == kb, tc.same)
		}
	}
	if string(store.AppendKey(nil, bson.RawValue{})) != string(store.AppendKey(nil, val(t, "null"))) {
		t.Error("missing and null differ")
	}
}

func TestFormat(t *testing.T) {
	got := string(store.AppendFormatDoc(nil, doc(t, `{"a": 1, "s": "x", "o": {"$oid": "0102030405060708090a0b0c"}, "d": {"$date": {"$numberLong": "5"}}, "n": null, "f": 1.5, "l": [1, {"b": true}], "e": {}}`)))
	want := `{ a: 1, s: "x", o: ObjectId('0102030405060708090a0b0c'), d: new Date(5), n: null, f: 1.5, l: [ 1, { b: true } ], e: {} }`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func insert(t *testing.T, c *store.Collection, js string) error {
	t.Helper()
	return c.Write(func(w *store.Writer) error {
		_, err := w.Insert(doc(t, js))
		return err
	})
}

func TestUniqueIndexes(t *testing.T) {
	cat := store.NewCatalog()
	c, created := cat.Ensure("db", "c")
	if !created {
		t.Fatal("not created")
	}
	if err := insert(t, c, `{"_id": 1, "a": [1, 2]}`); err != nil {
		t.Fatal(err)
	}
	var de *store.DupKeyError
	if err := insert(t, c, `{"_id": 1.0}`); !errors.As(err, &de) || de.Index != "_id_" {
		t.Fatalf("duplicate _id: %v", err)
	}
	spec := store.IndexSpec{Name: "a_1", Key: doc(t, `{"a": 1}`), Unique: true}
	err := c.Write(func(w *store.Writer) error { _, err := w.CreateIndex(spec); return err })
	if err != nil {
		t.Fatal(err)
	}
	err = insert(t, c, `{"_id": 2, "a": 2}`)
	if !errors.As(err, &de) || de.Error() != "E11000 duplicate key error collection: db.c index: a_1 dup key: { a: 2 }" {
		t.Fatalf("multikey duplicate: %v", err)
	}
	// A document may repeat a value within its own array.
	if err := insert(t, c, `{"_id": 3, "a": [5, 5]}`); err != nil {
		t.Fatal(err)
	}
	// Replace frees the old keys and claims the new ones atomically.
	c.Write(func(w *store.Writer) error {
		rec, _ := w.FindID(val(t, "1"))
		if _, err := w.Replace(rec.RID, doc(t, `{"_id": 1, "a": 9}`)); err != nil {
			t.Error(err)
		}
		rec3, _ := w.FindID(val(t, "3"))
		if _, err := w.Replace(rec3.RID, doc(t, `{"_id": 3, "a": 9}`)); !errors.As(err, &de) {
			t.Errorf("replace into a duplicate: %v", err)
		}
		return nil
	})
	if err := insert(t, c, `{"_id": 4, "a": 1}`); err != nil {
		t.Errorf("old key still held: %v", err)
	}
	// An index over duplicates fails to build and is not added.
	bad := store.IndexSpec{Name: "x", Key: doc(t, `{"missing": 1}`), Unique: true}
	err = c.Write(func(w *store.Writer) error { _, err := w.CreateIndex(bad); return err })
	if !errors.As(err, &de) {
		t.Fatalf("building over nulls: %v", err)
	}
	c.Read(func(r *store.Reader) {
		if n := len(r.Indexes()); n != 2 {
			t.Errorf("%d indexes", n)
		}
	})
	sparse := store.IndexSpec{Name: "x", Key: doc(t, `{"missing": 1}`), Unique: true, Sparse: true}
	if err := c.Write(func(w *store.Writer) error { _, err := w.CreateIndex(sparse); return err }); err != nil {
		t.Errorf("sparse index: %v", err)
	}
	if err := c.Write(func(w *store.Writer) error { return w.DropIndex("nope") }); !errors.Is(err, store.ErrIndexNotFound) {
		t.Errorf("drop unknown index: %v", err)
	}
}

func TestCappedAndOrder(t *testing.T) {
	cat := store.NewCatalog()
	c, err := cat.Create("db", "cap", store.Options{Capped: true, Max: 2, Size: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cat.Create("db", "cap", store.Options{}); !errors.Is(err, store.ErrNamespaceExists) {
		t.Errorf("create twice: %v", err)
	}
	changed := c.Changed()
	for i := 1; i <= 3; i++ {
		if err := insert(t, c, `{"_id": `+string(rune('0'+i))+`}`); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-changed:
	default:
		t.Error("Changed not closed by an insert")
	}
	c.Read(func(r *store.Reader) {
		recs := r.Records()
		if len(recs) != 2 || recs[0].Doc.Lookup("_id").Int32() != 2 || r.LastRID() != recs[1].RID {
			t.Errorf("capped records: %v", recs)
		}
		if after := r.After(recs[0].RID); len(after) != 1 {
			t.Errorf("After: %v", after)
		}
		if _, ok := r.FindID(val(t, "1")); ok {
			t.Error("evicted document still indexed")
		}
	})
}

func TestCatalog(t *testing.T) {
	cat := store.NewCatalog()
	a, _ := cat.Ensure("db", "a")
	insert(t, a, `{"_id": 1}`)
	cat.Ensure("db", "b")
	cat.Ensure("other", "x")
	if err := cat.Rename("db", "a", "db", "b", false); !errors.Is(err, store.ErrNamespaceExists) {
		t.Errorf("rename onto existing: %v", err)
	}
	if err := cat.Rename("db", "zz", "db", "y", false); !errors.Is(err, store.ErrNamespaceNotFound) {
		t.Errorf("rename missing: %v", err)
	}
	if err := cat.Rename("db", "a", "db", "b", true); err != nil {
		t.Fatal(err)
	}
	a.Read(func(r *store.Reader) {
		if !r.Dropped() || r.Len() != 0 {
			t.Error("the old collection is still live")
		}
	})
	b, _ := cat.Collection("db", "b")
	b.Read(func(r *store.Reader) {
		if r.Len() != 1 {
			t.Errorf("renamed collection has %d documents", r.Len())
		}
	})
	if b.UUID().Equal(bson.Binary{}) || b.NS() != "db.b" {
		t.Errorf("uuid %v ns %s", b.UUID(), b.NS())
	}
	if got := len(cat.Collections("db")); got != 1 {
		t.Errorf("%d collections", got)
	}
	cat.DropDatabase("other")
	if dbs := cat.Databases(); len(dbs) != 1 || dbs[0] != "db" {
		t.Errorf("databases %v", dbs)
	}
	if !cat.Drop("db", "b") || cat.Drop("db", "b") {
		t.Error("drop reports")
	}
	if len(cat.Databases()) != 0 {
		t.Error("empty database kept")
	}
}
