package gridfs_test

import (
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/gridfs"
)

// indexes returns the key patterns and uniqueness of coll's indexes by
// name.
func indexes(t *testing.T, coll *client.Collection) map[string]string {
	t.Helper()
	ctx := ctxT(t)
	cur, err := coll.Indexes().List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for spec, err := range cur.Docs(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		desc := spec.Lookup("key").String()
		if spec.Lookup("unique").Boolean() {
			desc += " unique"
		}
		out[spec.Lookup("name").StringValue()] = desc
	}
	return out
}

func TestIndexesCreatedOnFirstUpload(t *testing.T) {
	e := newEnv(t)
	upload(t, e.bucket, "a", []byte("a"))
	if got := e.cmds.count("createIndexes"); got != 2 {
		t.Errorf("%d createIndexes, want 2", got)
	}
	files := indexes(t, e.bucket.FilesCollection())
	if got := files["filename_1_uploadDate_1"]; got != `{"filename":1,"uploadDate":1}` {
		t.Errorf("files index = %q (all: %v)", got, files)
	}
	chunks := indexes(t, e.bucket.ChunksCollection())
	if got := chunks["files_id_1_n_1"]; got != `{"files_id":1,"n":1} unique` {
		t.Errorf("chunks index = %q (all: %v)", got, chunks)
	}
	// The check runs once per bucket.
	e.cmds.reset()
	upload(t, e.bucket, "b", []byte("b"))
	if n := e.cmds.count("find") + e.cmds.count("listIndexes") + e.cmds.count("createIndexes"); n != 0 {
		t.Errorf("%d index-check commands on the second upload, want 0", n)
	}
	// Another bucket on files that exist only checks emptiness.
	e.cmds.reset()
	b2 := gridfs.NewBucket(e.db)
	upload(t, b2, "c", []byte("c"))
	if f, l := e.cmds.count("find"), e.cmds.count("listIndexes"); f != 1 || l != 0 {
		t.Errorf("%d find and %d listIndexes on a non-empty bucket, want 1 and 0", f, l)
	}
}

// TestIndexesExistingWithOtherNumericTypes: indexes the shell made with
// doubles count as present.
func TestIndexesExistingWithOtherNumericTypes(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	_, err := e.bucket.FilesCollection().Indexes().CreateOne(ctx, client.IndexModel{
		Keys: bson.D{{Key: "filename", Value: 1.0}, {Key: "uploadDate", Value: int64(1)}}, Options: client.IndexOptions{Name: "by_name"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.bucket.ChunksCollection().Indexes().CreateOne(ctx, client.IndexModel{
		Keys: bson.D{{Key: "files_id", Value: 1.0}, {Key: "n", Value: 1.0}}, Options: client.IndexOptions{Name: "chunk_order", Unique: true}})
	if err != nil {
		t.Fatal(err)
	}
	e.cmds.reset()
	upload(t, e.bucket, "a", []byte("a"))
	if n := e.cmds.count("createIndexes"); n != 0 {
		t.Errorf("%d createIndexes with the indexes present, want 0", n)
	}
	if n := e.cmds.count("listIndexes"); n != 2 {
		t.Errorf("%d listIndexes, want 2", n)
	}
}

// TestAbortBeforeFlushSendsNothing: an upload aborted before its first
// batch leaves no trace, not even the index check.
func TestAbortBeforeFlushSendsNothing(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	s, err := e.bucket.OpenUploadStream(ctx, "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write([]byte("some data")); err != nil {
		t.Fatal(err)
	}
	if err := s.Abort(ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.cmds.total(); n != 0 {
		t.Errorf("%d commands sent", n)
	}
}
