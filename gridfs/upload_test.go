package gridfs_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/gridfs"
)

// TestUploadRoundTrip uploads files of many sizes, checks the documents
// written per the specification and reads them back both ways.
func TestUploadRoundTrip(t *testing.T) {
	tests := []struct {
		name      string
		size      int
		chunkSize int32
	}{
		{"empty", 0, 4},
		{"one byte", 1, 4},
		{"under a chunk", 3, 4},
		{"one chunk", 4, 4},
		{"chunk and a byte", 5, 4},
		{"two chunks", 8, 4},
		{"default chunk size", 600 << 10, 0},
		{"many small chunks, several batches", 9<<20 + 17, 64 << 10},
		{"exact batch", 4 << 20, 1 << 20},
	}
	e := newEnv(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := randomBytes(tc.size)
			before := time.Now().Add(-time.Second)
			id := upload(t, e.bucket, tc.name, data, gridfs.UploadOptions{ChunkSizeBytes: tc.chunkSize})
			wantChunk := tc.chunkSize
			if wantChunk == 0 {
				wantChunk = gridfs.DefaultChunkSize
			}
			checkFilesDoc(t, e, id, tc.name, int64(tc.size), wantChunk, before)
			checkChunks(t, e, id, data, int(wantChunk))
			if got := download(t, e.bucket, id); !bytes.Equal(got, data) {
				t.Fatalf("DownloadToStream: %d bytes differ from the %d uploaded", len(got), len(data))
			}
			s, err := e.bucket.OpenDownloadStream(ctxT(t), id)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			got, err := io.ReadAll(s)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("ReadAll: %d bytes, %v; want the %d uploaded", len(got), err, len(data))
			}
		})
	}
}

// checkFilesDoc checks the one files document of id, field by field and
// in order, with no md5.
func checkFilesDoc(t *testing.T, e *env, id bson.ObjectID, name string, length int64, chunk int32, after time.Time) {
	t.Helper()
	files := docs(t, e.bucket.FilesCollection(), bson.D{{Key: "_id", Value: id}}, nil)
	if len(files) != 1 {
		t.Fatalf("%d files documents, want 1", len(files))
	}
	d := files[0]
	var keys []string
	it := d.Iter()
	for it.Next() {
		keys = append(keys, it.Key())
	}
	if want := "[_id length chunkSize uploadDate filename]"; fmt.Sprint(keys) != want {
		t.Errorf("files document keys %v, want %s", keys, want)
	}
	if v := d.Lookup("length"); v.Type != bson.TypeInt64 || v.Int64() != length {
		t.Errorf("length = %s, want int64 %d", v, length)
	}
	if v := d.Lookup("chunkSize"); v.Type != bson.TypeInt32 || v.Int32() != chunk {
		t.Errorf("chunkSize = %s, want int32 %d", v, chunk)
	}
	if up := d.Lookup("uploadDate").Time(); up.Before(after) || up.After(time.Now().Add(time.Second)) {
		t.Errorf("uploadDate = %v, want about now", up)
	}
	if got := d.Lookup("filename").StringValue(); got != name {
		t.Errorf("filename = %q, want %q", got, name)
	}
}

// checkChunks checks that the chunks of id hold data, cut at size.
func checkChunks(t *testing.T, e *env, id bson.ObjectID, data []byte, size int) {
	t.Helper()
	chunks := docs(t, e.bucket.ChunksCollection(), bson.D{{Key: "files_id", Value: id}}, bson.D{{Key: "n", Value: 1}})
	if want := (len(data) + size - 1) / size; len(chunks) != want {
		t.Fatalf("%d chunks, want %d", len(chunks), want)
	}
	for i, c := range chunks {
		if n := c.Lookup("n"); n.Type != bson.TypeInt32 || n.Int32() != int32(i) {
			t.Fatalf("chunk %d: n = %s", i, n)
		}
		if c.Lookup("_id").Type != bson.TypeObjectID {
			t.Fatalf("chunk %d: _id is not an ObjectID", i)
		}
		bin := c.Lookup("data").Binary()
		end := min(len(data), (i+1)*size)
		if bin.Subtype != bson.BinaryGeneric || !bytes.Equal(bin.Data, data[i*size:end]) {
			t.Fatalf("chunk %d: data differs (subtype %d, %d bytes)", i, bin.Subtype, len(bin.Data))
		}
	}
}

func TestUploadMetadataAndCustomID(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	md := bson.D{{Key: "owner", Value: "ada"}, {Key: "tags", Value: bson.A{"x", "y"}}}
	err := e.bucket.UploadFromStreamWithID(ctx, "my-id", "a.txt", bytes.NewReader([]byte("hello")), gridfs.UploadOptions{Metadata: md})
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.bucket.OpenDownloadStream(ctx, "my-id")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := s.File()
	if f.ID.StringValue() != "my-id" || f.Name != "a.txt" || f.Length != 5 || f.ChunkSize != gridfs.DefaultChunkSize {
		t.Errorf("File = %+v", f)
	}
	if got := f.Metadata.Lookup("owner").StringValue(); got != "ada" {
		t.Errorf("metadata.owner = %q (metadata %s)", got, f.Metadata)
	}
	got, err := io.ReadAll(s)
	if err != nil || string(got) != "hello" {
		t.Errorf("ReadAll = %q, %v", got, err)
	}
	// A second file with the same id is refused by the files _id index.
	err = e.bucket.UploadFromStreamWithID(ctx, "my-id", "b.txt", bytes.NewReader(nil))
	if err == nil {
		t.Fatal("a second file with the same id was accepted")
	}
}

// TestUploadStreamSmallWrites writes a file a few bytes at a time, across
// chunk and batch boundaries, and with ReadFrom.
func TestUploadStreamSmallWrites(t *testing.T) {
	e := newEnv(t, gridfs.BucketOptions{ChunkSizeBytes: 1000})
	ctx := ctxT(t)
	data := randomBytes(5<<20 + 3)
	s, err := e.bucket.OpenUploadStream(ctx, "pieces")
	if err != nil {
		t.Fatal(err)
	}
	for p := data; len(p) > 0; {
		n := min(len(p), 7777)
		if w, err := s.Write(p[:n]); err != nil || w != n {
			t.Fatalf("Write = %d, %v", w, err)
		}
		p = p[n:]
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := download(t, e.bucket, s.FileID()); !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes differ from the %d written", len(got), len(data))
	}
	if err := s.Close(); !errors.Is(err, gridfs.ErrStreamClosed) {
		t.Errorf("second Close = %v, want ErrStreamClosed", err)
	}
	if _, err := s.Write([]byte("x")); !errors.Is(err, gridfs.ErrStreamClosed) {
		t.Errorf("Write after Close = %v, want ErrStreamClosed", err)
	}
	if err := s.Abort(ctx); !errors.Is(err, gridfs.ErrStreamClosed) {
		t.Errorf("Abort after Close = %v, want ErrStreamClosed", err)
	}
}

// TestUploadNotClosedOrAborted: chunks flushed by Write stay orphans
// without a files document until Close; Abort deletes them.
func TestUploadNotClosedOrAborted(t *testing.T) {
	e := newEnv(t, gridfs.BucketOptions{ChunkSizeBytes: 1 << 20})
	ctx := ctxT(t)
	s, err := e.bucket.OpenUploadStream(ctx, "unfinished")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write(randomBytes(9 << 20)); err != nil {
		t.Fatal(err)
	}
	if n := count(t, e.bucket.FilesCollection(), nil); n != 0 {
		t.Fatalf("%d files documents before Close, want 0", n)
	}
	if n := count(t, e.bucket.ChunksCollection(), nil); n != 8 {
		t.Fatalf("%d chunks flushed, want 8 (two full batches)", n)
	}
	if err := s.Abort(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(t, e.bucket.ChunksCollection(), nil); n != 0 {
		t.Fatalf("%d chunks after Abort, want 0", n)
	}
	if _, err := s.Write([]byte("x")); !errors.Is(err, gridfs.ErrAborted) {
		t.Errorf("Write after Abort = %v, want ErrAborted", err)
	}
	if err := s.Close(); !errors.Is(err, gridfs.ErrAborted) {
		t.Errorf("Close after Abort = %v, want ErrAborted", err)
	}
	if n := count(t, e.bucket.FilesCollection(), nil); n != 0 {
		t.Fatalf("%d files documents after Abort and Close, want 0", n)
	}
}

// failingReader returns data, then err.
type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestUploadSourceError: the source's error is returned as is and the
// chunks already inserted are deleted.
func TestUploadSourceError(t *testing.T) {
	e := newEnv(t, gridfs.BucketOptions{ChunkSizeBytes: 1 << 20})
	boom := errors.New("disk on fire")
	_, err := e.bucket.UploadFromStream(ctxT(t), "broken", &failingReader{data: randomBytes(6 << 20), err: boom})
	if !errors.Is(err, boom) {
		t.Fatalf("UploadFromStream = %v, want the source's error", err)
	}
	if n := count(t, e.bucket.ChunksCollection(), nil); n != 0 {
		t.Errorf("%d chunks left, want 0", n)
	}
	if n := count(t, e.bucket.FilesCollection(), nil); n != 0 {
		t.Errorf("%d files documents, want 0", n)
	}
}

func TestUploadBadOptions(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	tests := []struct {
		name string
		run  func() error
	}{
		{"negative chunk size", func() error {
			_, err := e.bucket.OpenUploadStream(ctx, "x", gridfs.UploadOptions{ChunkSizeBytes: -1})
			return err
		}},
		{"metadata not a document", func() error {
			_, err := e.bucket.OpenUploadStream(ctx, "x", gridfs.UploadOptions{Metadata: 42})
			return err
		}},
		{"nil id", func() error {
			_, err := e.bucket.OpenUploadStreamWithID(ctx, nil, "x")
			return err
		}},
		{"nil id download", func() error {
			_, err := e.bucket.OpenDownloadStream(ctx, nil)
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.run(); !errors.Is(err, gridfs.ErrInvalidArgument) {
				t.Errorf("err = %v, want ErrInvalidArgument", err)
			}
		})
	}
	if n := e.cmds.count("insert") + e.cmds.count("find"); n != 0 {
		t.Errorf("%d commands sent for refused arguments", n)
	}
}

// TestUploadInsertFailure: a failed chunk insert is returned by Write and
// again by Close, no files document is written, and the chunks are left
// as the specification asks.
func TestUploadInsertFailure(t *testing.T) {
	e := newEnv(t, gridfs.BucketOptions{ChunkSizeBytes: 1 << 20})
	ctx := ctxT(t)
	upload(t, e.bucket, "first", []byte("x")) // creates the unique chunks index
	insertRaw(t, e.bucket.ChunksCollection(), `{"files_id": "dup", "n": 2, "data": {"$binary": {"base64": "", "subType": "00"}}}`)
	s, err := e.bucket.OpenUploadStreamWithID(ctx, "dup", "dup")
	if err != nil {
		t.Fatal(err)
	}
	_, werr := s.Write(randomBytes(5 << 20))
	if !client.IsDuplicateKey(werr) {
		t.Fatalf("Write = %v, want a duplicate key error", werr)
	}
	if _, err := s.Write([]byte("more")); !errors.Is(err, werr) {
		t.Errorf("Write after the failure = %v, want %v", err, werr)
	}
	if err := s.Close(); !errors.Is(err, werr) {
		t.Errorf("Close = %v, want %v", err, werr)
	}
	if n := count(t, e.bucket.FilesCollection(), bson.D{{Key: "_id", Value: "dup"}}); n != 0 {
		t.Errorf("%d files documents for the failed upload", n)
	}
	// Chunks 0 and 1 went in before the failure; they stay (orphans).
	if n := count(t, e.bucket.ChunksCollection(), bson.D{{Key: "files_id", Value: "dup"}}); n != 3 {
		t.Errorf("%d chunks with the failed id, want 3 (the conflicting one and the two inserted)", n)
	}
}
