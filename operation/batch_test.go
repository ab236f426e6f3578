package operation_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/wire"
)

// batchMsg builds the message of the next batch of b for desc: body and
// sequences, as Execute would without the envelope.
func batchMsg(t *testing.T, b operation.Batched, desc description.Server) wire.Msg {
	t.Helper()
	if err := b.Split(desc, true); err != nil {
		t.Fatalf("Split: %v", err)
	}
	buf, start := wire.BeginMsg(nil, 1, 0, 0)
	buf = wire.AppendBodySection(buf, body(t, b, desc))
	buf = b.AppendSequences(buf)
	buf, err := wire.FinishMsg(buf, start, false)
	if err != nil {
		t.Fatal(err)
	}
	m, err := wire.ParseMsg(buf)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// seqDocs returns the documents of a message's sequence as JSON strings.
func seqDocs(t *testing.T, m wire.Msg, ident string) []bson.Raw {
	t.Helper()
	s, ok := m.Sequence(ident)
	if !ok {
		t.Fatalf("no %q sequence", ident)
	}
	var out []bson.Raw
	for d := range s.All() {
		out = append(out, d)
	}
	return out
}

func limitsDesc(maxDoc, maxMsg, maxCount int32) description.Server {
	return description.Server{MaxBSONObjectSize: maxDoc, MaxMessageSizeBytes: maxMsg, MaxWriteBatchSize: maxCount}
}

// TestInsertSplitByCount splits by maxWriteBatchSize.
func TestInsertSplitByCount(t *testing.T) {
	c := &operation.Insert{DB: "db", Collection: "c", Documents: docs(7, 0)}
	c.Begin()
	desc := limitsDesc(1<<20, 1<<20, 3)
	var sizes []int
	for more := true; more; {
		sizes = append(sizes, len(seqDocs(t, batchMsg(t, c, desc), "documents")))
		more, _ = c.Advance(nil)
	}
	if len(sizes) != 3 || sizes[0] != 3 || sizes[1] != 3 || sizes[2] != 1 {
		t.Fatalf("batches %v, want [3 3 1]", sizes)
	}
	if c.Result.Batches != 3 {
		t.Fatalf("Batches = %d", c.Result.Batches)
	}
}

// TestInsertSplitBySize splits by maxMessageSizeBytes, keeping the
// overhead allowance, and refuses a document over maxBsonObjectSize.
func TestInsertSplitBySize(t *testing.T) {
	const maxMsg = 8000
	c := &operation.Insert{DB: "db", Collection: "c", Documents: docs(10, 1500)}
	c.Begin()
	desc := limitsDesc(4000, maxMsg, 1000)
	total := 0
	for more := true; more; {
		m := batchMsg(t, c, desc)
		if int(m.Header.Length)+1000 > maxMsg {
			t.Fatalf("message of %d bytes leaves no room for the envelope", m.Header.Length)
		}
		total += len(seqDocs(t, m, "documents"))
		more, _ = c.Advance(nil)
	}
	if total != 10 || c.Result.Batches < 3 {
		t.Fatalf("%d documents in %d batches", total, c.Result.Batches)
	}

	big := &operation.Insert{DB: "db", Collection: "c", Documents: append(docs(2, 0), docs(1, 5000)...)}
	big.Begin()
	if err := big.Split(desc, false); !errors.Is(err, operation.ErrDocumentTooLarge) {
		t.Fatalf("Split of a too large document: %v", err)
	}
	empty := &operation.Insert{DB: "db", Collection: "c"}
	empty.Begin()
	if err := empty.Split(desc, true); !errors.Is(err, operation.ErrEmptyWrite) {
		t.Fatalf("Split of nothing: %v", err)
	}
}

// TestUpdateDeleteStatements checks the statement documents.
func TestUpdateDeleteStatements(t *testing.T) {
	u := &operation.Update{DB: "db", Collection: "c", Updates: []operation.UpdateStatement{
		{Filter: ext(t, `{"a": 1}`), Update: operation.DocValue(ext(t, `{"$set": {"b": 2}}`))},
		{Filter: ext(t, `{"a": 2}`), Update: operation.ArrayValue(arr(t, `[{"$set": {"c": 1}}]`)), Multi: true, Upsert: true,
			ArrayFilters: arr(t, `[{"e": 1}]`), Collation: ext(t, `{"locale": "en"}`), Hint: operation.StringValue("a_1"), Sort: ext(t, `{"a": 1}`)},
	}}
	u.Begin()
	got := seqDocs(t, batchMsg(t, u, description.Server{}), "updates")
	sameDoc(t, got[0], ext(t, `{"q": {"a": 1}, "u": {"$set": {"b": 2}}}`))
	sameDoc(t, got[1], ext(t, `{"q": {"a": 2}, "u": [{"$set": {"c": 1}}], "upsert": true, "multi": true,
		"arrayFilters": [{"e": 1}], "collation": {"locale": "en"}, "hint": "a_1", "sort": {"a": 1}}`))

	d := &operation.Delete{DB: "db", Collection: "c", Deletes: []operation.DeleteStatement{
		{Filter: ext(t, `{"a": 1}`)}, {Multi: true, Hint: operation.DocValue(ext(t, `{"a": 1}`))},
	}}
	d.Begin()
	got = seqDocs(t, batchMsg(t, d, description.Server{}), "deletes")
	sameDoc(t, got[0], ext(t, `{"q": {"a": 1}, "limit": 1}`))
	sameDoc(t, got[1], ext(t, `{"q": {}, "limit": 0, "hint": {"a": 1}}`))

	bad := &operation.Update{DB: "db", Collection: "c", Updates: []operation.UpdateStatement{{Filter: bson.Raw{1, 2}}}}
	bad.Begin()
	if err := bad.Split(description.Server{}, true); !errors.Is(err, operation.ErrInvalidArgument) {
		t.Fatalf("Split with a malformed filter: %v", err)
	}
}

// TestBulkWriteOps checks the ops and nsInfo sequences of a client
// bulkWrite and the namespace numbering per batch.
func TestBulkWriteOps(t *testing.T) {
	c := &operation.BulkWrite{Models: []operation.BulkWriteModel{
		{Namespace: "db.a", Kind: operation.InsertOne, Document: ext(t, `{"_id": 1}`)},
		{Namespace: "db.b", Kind: operation.UpdateOne, Filter: ext(t, `{"_id": 1}`), Update: operation.DocValue(ext(t, `{"$set": {"x": 1}}`)), Upsert: true},
		{Namespace: "db.a", Kind: operation.ReplaceOne, Filter: ext(t, `{"_id": 2}`), Document: ext(t, `{"y": 1}`), Sort: ext(t, `{"y": 1}`)},
		{Namespace: "db.b", Kind: operation.UpdateMany, Filter: ext(t, `{}`), Update: operation.ArrayValue(arr(t, `[{"$set": {"z": 1}}]`)), ArrayFilters: arr(t, `[{"i": 0}]`)},
		{Namespace: "db.c", Kind: operation.DeleteOne, Filter: ext(t, `{"_id": 3}`), Collation: ext(t, `{"locale": "en"}`)},
		{Namespace: "db.b", Kind: operation.DeleteMany, Filter: ext(t, `{}`), Hint: operation.StringValue("_id_")},
	}}
	c.Begin()
	m := batchMsg(t, c, description.Server{})
	want := []string{
		`{"insert": 0, "document": {"_id": 1}}`,
		`{"update": 1, "filter": {"_id": 1}, "updateMods": {"$set": {"x": 1}}, "multi": false, "upsert": true}`,
		`{"update": 0, "filter": {"_id": 2}, "updateMods": {"y": 1}, "multi": false, "sort": {"y": 1}}`,
		`{"update": 1, "filter": {}, "updateMods": [{"$set": {"z": 1}}], "multi": true, "arrayFilters": [{"i": 0}]}`,
		`{"delete": 2, "filter": {"_id": 3}, "multi": false, "collation": {"locale": "en"}}`,
		`{"delete": 1, "filter": {}, "multi": true, "hint": "_id_"}`,
	}
	ops := seqDocs(t, m, "ops")
	for i, w := range want {
		sameDoc(t, ops[i], ext(t, w))
	}
	ns := seqDocs(t, m, "nsInfo")
	for i, w := range []string{"db.a", "db.b", "db.c"} {
		sameDoc(t, ns[i], ext(t, `{"ns": "`+w+`"}`))
	}
	if c.Traits().Retry != operation.RetryNone {
		t.Fatal("a batch with UpdateMany must not be retryable")
	}

	// With two models per batch, the second batch numbers its own
	// namespaces from 0.
	c.Begin()
	desc := limitsDesc(1<<20, 1<<20, 2)
	batchMsg(t, c, desc)
	if more, err := c.Advance(nil); !more || err != nil {
		t.Fatalf("Advance: %v %v", more, err)
	}
	m = batchMsg(t, c, desc)
	sameDoc(t, seqDocs(t, m, "ops")[0], ext(t, `{"update": 0, "filter": {"_id": 2}, "updateMods": {"y": 1}, "multi": false, "sort": {"y": 1}}`))
	sameDoc(t, seqDocs(t, m, "ops")[1], ext(t, `{"update": 1, "filter": {}, "updateMods": [{"$set": {"z": 1}}], "multi": true, "arrayFilters": [{"i": 0}]}`))
	sameDoc(t, seqDocs(t, m, "nsInfo")[1], ext(t, `{"ns": "db.b"}`))
}

// TestBulkWriteRefusals checks the client errors of a client bulkWrite.
func TestBulkWriteRefusals(t *testing.T) {
	one := []operation.BulkWriteModel{{Namespace: "db.a", Kind: operation.InsertOne, Document: ext(t, `{"_id": 1}`)}}
	tests := []struct {
		name string
		c    *operation.BulkWrite
		ack  bool
		want error
	}{
		{"unacknowledged ordered", &operation.BulkWrite{Models: one}, false, operation.ErrUnacknowledgedOrdered},
		{"unacknowledged verbose", &operation.BulkWrite{Models: one, Options: operation.BulkWriteOptions{Unordered: true, VerboseResults: true}}, false, operation.ErrUnacknowledgedVerbose},
		{"empty", &operation.BulkWrite{}, true, operation.ErrEmptyWrite},
		{"too large", &operation.BulkWrite{Models: []operation.BulkWriteModel{{Namespace: "db.a", Kind: operation.InsertOne, Document: docs(1, 3000)[0]}}}, true, operation.ErrDocumentTooLarge},
		{"namespace too large", &operation.BulkWrite{Models: []operation.BulkWriteModel{{Namespace: "db." + string(make([]byte, 3000)), Kind: operation.DeleteOne}}}, true, operation.ErrDocumentTooLarge},
		{"no kind", &operation.BulkWrite{Models: []operation.BulkWriteModel{{Namespace: "db.a"}}}, true, operation.ErrInvalidArgument},
		{"update without update", &operation.BulkWrite{Models: []operation.BulkWriteModel{{Namespace: "db.a", Kind: operation.UpdateOne}}}, true, operation.ErrInvalidArgument},
	}
	for _, tt := range tests {
		tt.c.Begin()
		if err := tt.c.Split(limitsDesc(1<<20, 3000, 100), tt.ack); !errors.Is(err, tt.want) {
			t.Errorf("%s: Split = %v, want %v", tt.name, err, tt.want)
		}
	}
}
