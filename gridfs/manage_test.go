package gridfs_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/gridfs"
)

func TestDownloadByNameRevisions(t *testing.T) {
	e := newEnv(t)
	for _, s := range []string{"r0", "r1", "r2", "r3", "r4"} {
		upload(t, e.bucket, "abc", []byte(s))
	}
	upload(t, e.bucket, "other", []byte("o"))
	tests := []struct {
		rev  client.Optional[int32]
		want string
		err  error
	}{
		{client.Optional[int32]{}, "r4", nil},
		{client.Some[int32](0), "r0", nil},
		{client.Some[int32](1), "r1", nil},
		{client.Some[int32](4), "r4", nil},
		{client.Some[int32](-1), "r4", nil},
		{client.Some[int32](-2), "r3", nil},
		{client.Some[int32](-5), "r0", nil},
		{client.Some[int32](5), "", gridfs.ErrRevisionNotFound},
		{client.Some[int32](-6), "", gridfs.ErrRevisionNotFound},
	}
	ctx := ctxT(t)
	for _, tc := range tests {
		var buf bytes.Buffer
		_, err := e.bucket.DownloadToStreamByName(ctx, "abc", &buf, gridfs.DownloadByNameOptions{Revision: tc.rev})
		if !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) || buf.String() != tc.want {
			t.Errorf("revision %v: got %q, %v; want %q, %v", tc.rev, buf.String(), err, tc.want, tc.err)
		}
	}
	for _, rev := range []int32{0, -1, 3} {
		_, err := e.bucket.OpenDownloadStreamByName(ctx, "xyz", gridfs.DownloadByNameOptions{Revision: client.Some(rev)})
		if !errors.Is(err, gridfs.ErrFileNotFound) || errors.Is(err, gridfs.ErrRevisionNotFound) {
			t.Errorf("missing name, revision %d: %v, want ErrFileNotFound and not ErrRevisionNotFound", rev, err)
		}
	}
}

func TestDelete(t *testing.T) {
	e := newEnv(t, gridfs.BucketOptions{ChunkSizeBytes: 4})
	ctx := ctxT(t)
	keep := upload(t, e.bucket, "keep", []byte("123456789"))
	gone := upload(t, e.bucket, "gone", []byte("123456789"))
	if err := e.bucket.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if n := count(t, e.bucket.ChunksCollection(), nil); n != 3 {
		t.Errorf("%d chunks left, want the 3 of the kept file", n)
	}
	if err := e.bucket.Delete(ctx, gone); !errors.Is(err, gridfs.ErrFileNotFound) {
		t.Errorf("second Delete = %v, want ErrFileNotFound", err)
	}
	// Orphaned chunks of a missing file are deleted too, with the error.
	if _, err := e.bucket.FilesCollection().DeleteOne(ctx, bson.D{{Key: "_id", Value: keep}}); err != nil {
		t.Fatal(err)
	}
	if err := e.bucket.Delete(ctx, keep); !errors.Is(err, gridfs.ErrFileNotFound) {
		t.Errorf("Delete of orphans = %v, want ErrFileNotFound", err)
	}
	if n := count(t, e.bucket.ChunksCollection(), nil); n != 0 {
		t.Errorf("%d orphaned chunks left", n)
	}
}

// TestIDMatchedWithEq: an id that looks like a query matches only
// itself.
func TestIDMatchedWithEq(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	for _, id := range []string{"a", "b"} {
		if err := e.bucket.UploadFromStreamWithID(ctx, id, id, bytes.NewReader([]byte(id))); err != nil {
			t.Fatal(err)
		}
	}
	query := bson.D{{Key: "$in", Value: bson.A{"a", "b"}}}
	if err := e.bucket.Delete(ctx, query); !errors.Is(err, gridfs.ErrFileNotFound) {
		t.Errorf("Delete($in) = %v, want ErrFileNotFound", err)
	}
	if err := e.bucket.Rename(ctx, query, "x"); !errors.Is(err, gridfs.ErrFileNotFound) {
		t.Errorf("Rename($in) = %v, want ErrFileNotFound", err)
	}
	if _, err := e.bucket.OpenDownloadStream(ctx, query); !errors.Is(err, gridfs.ErrFileNotFound) {
		t.Errorf("OpenDownloadStream($in) = %v, want ErrFileNotFound", err)
	}
	if n := count(t, e.bucket.FilesCollection(), nil); n != 2 {
		t.Errorf("%d files left, want 2", n)
	}
}

func TestDeleteByName(t *testing.T) {
	e := newEnv(t, gridfs.BucketOptions{ChunkSizeBytes: 2})
	ctx := ctxT(t)
	upload(t, e.bucket, "dup", []byte("aaa"))
	upload(t, e.bucket, "dup", []byte("bbbbb"))
	other := upload(t, e.bucket, "other", []byte("cc"))
	if err := e.bucket.DeleteByName(ctx, "dup"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, e.bucket.FilesCollection(), nil); n != 1 {
		t.Errorf("%d files left, want 1", n)
	}
	if got := download(t, e.bucket, other); string(got) != "cc" {
		t.Errorf("the other file reads %q", got)
	}
	if n := count(t, e.bucket.ChunksCollection(), nil); n != 1 {
		t.Errorf("%d chunks left, want 1", n)
	}
	if err := e.bucket.DeleteByName(ctx, "dup"); !errors.Is(err, gridfs.ErrFileNotFound) {
		t.Errorf("DeleteByName of a missing name = %v, want ErrFileNotFound", err)
	}
}

func TestRename(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	id := upload(t, e.bucket, "old", []byte("x"))
	upload(t, e.bucket, "many", []byte("1"))
	upload(t, e.bucket, "many", []byte("2"))
	if err := e.bucket.Rename(ctx, id, "new"); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.bucket.OpenDownloadStreamByName(ctx, "new"); got == nil || got.File().ID.ObjectID() != id {
		t.Errorf("the renamed file is not found by its new name")
	} else {
		got.Close()
	}
	if err := e.bucket.Rename(ctx, bson.NewObjectID(), "new"); !errors.Is(err, gridfs.ErrFileNotFound) {
		t.Errorf("Rename of a missing id = %v, want ErrFileNotFound", err)
	}
	if err := e.bucket.RenameByName(ctx, "many", "renamed"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, e.bucket.FilesCollection(), bson.D{{Key: "filename", Value: "renamed"}}); n != 2 {
		t.Errorf("%d files renamed, want 2", n)
	}
	if err := e.bucket.RenameByName(ctx, "many", "x"); !errors.Is(err, gridfs.ErrFileNotFound) {
		t.Errorf("RenameByName of a missing name = %v, want ErrFileNotFound", err)
	}
}

func TestFind(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	for i, name := range []string{"c", "a", "b"} {
		upload(t, e.bucket, name, []byte(name), gridfs.UploadOptions{Metadata: bson.D{{Key: "i", Value: i}}})
	}
	cur, err := e.bucket.Find(ctx, bson.D{{Key: "metadata.i", Value: bson.D{{Key: "$gte", Value: 1}}}},
		gridfs.FindOptions{Sort: bson.D{{Key: "filename", Value: 1}}, Limit: 5, BatchSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for doc, err := range cur.Docs(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		f, err := gridfs.ParseFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
	}
	if len(names) != 2 || names[0] != "a" || names[1] != "b" {
		t.Errorf("Find = %v, want [a b]", names)
	}
}

func TestDrop(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	upload(t, e.bucket, "x", []byte("x"))
	if err := e.bucket.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	names, err := e.db.ListCollectionNames(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 0 {
		t.Errorf("collections after Drop: %v", names)
	}
	// The next upload checks and creates the indexes again.
	e.cmds.reset()
	upload(t, e.bucket, "y", []byte("y"))
	if n := e.cmds.count("createIndexes"); n != 2 {
		t.Errorf("%d createIndexes after Drop, want 2", n)
	}
}
