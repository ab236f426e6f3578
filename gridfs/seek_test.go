package gridfs_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/cwal-go/cwal/gridfs"
)

// TestDownloadSeek compares a DownloadStream with a bytes.Reader over the
// same data through a series of seeks and reads.
func TestDownloadSeek(t *testing.T) {
	e := newEnv(t, gridfs.BucketOptions{ChunkSizeBytes: 10})
	data := randomBytes(95)
	id := upload(t, e.bucket, "seek", data)
	s, err := e.bucket.OpenDownloadStream(ctxT(t), id)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := bytes.NewReader(data)
	steps := []struct {
		offset int64
		whence int
		read   int
	}{
		{0, io.SeekStart, 15},
		{0, io.SeekCurrent, 3},  // no move
		{47, io.SeekStart, 30},  // mid-chunk, across chunks
		{-5, io.SeekCurrent, 5}, // back within the same chunk
		{-1, io.SeekEnd, 10},    // last byte, then EOF
		{90, io.SeekStart, 10},  // start of the short last chunk
		{95, io.SeekStart, 1},   // the end
		{0, io.SeekStart, 200},  // everything again
		{30, io.SeekStart, 1},   // a chunk boundary
	}
	for i, st := range steps {
		gotPos, err := s.Seek(st.offset, st.whence)
		wantPos, _ := want.Seek(st.offset, st.whence)
		if err != nil || gotPos != wantPos {
			t.Fatalf("step %d: Seek = %d, %v; want %d", i, gotPos, err, wantPos)
		}
		got, gerr := io.ReadAll(io.LimitReader(s, int64(st.read)))
		exp, _ := io.ReadAll(io.LimitReader(want, int64(st.read)))
		if gerr != nil || !bytes.Equal(got, exp) {
			t.Fatalf("step %d: read %x, %v; want %x", i, got, gerr, exp)
		}
	}
	for _, bad := range []struct {
		offset int64
		whence int
	}{{-1, io.SeekStart}, {96, io.SeekStart}, {1, io.SeekEnd}, {0, 7}} {
		if _, err := s.Seek(bad.offset, bad.whence); !errors.Is(err, gridfs.ErrInvalidArgument) {
			t.Errorf("Seek(%d, %d) = %v, want ErrInvalidArgument", bad.offset, bad.whence, err)
		}
	}
}

// TestDownloadSeekFetchesOnlyNeededChunks: reading the last bytes after a
// seek queries from their chunk on.
func TestDownloadSeekFetchesOnlyNeededChunks(t *testing.T) {
	e := newEnv(t, gridfs.BucketOptions{ChunkSizeBytes: 1 << 20})
	data := randomBytes(8<<20 + 5)
	id := upload(t, e.bucket, "tail", data)
	s, err := e.bucket.OpenDownloadStream(ctxT(t), id)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Seek(-10, io.SeekEnd); err != nil {
		t.Fatal(err)
	}
	e.cmds.reset()
	got, err := io.ReadAll(s)
	if err != nil || !bytes.Equal(got, data[len(data)-10:]) {
		t.Fatalf("tail = %x, %v", got, err)
	}
	if n := e.cmds.count("find") + e.cmds.count("getMore"); n != 1 {
		t.Errorf("%d find/getMore commands for the tail, want 1", n)
	}
	// Seeking to the end needs no query at all.
	if _, err := s.Seek(0, io.SeekEnd); err != nil {
		t.Fatal(err)
	}
	e.cmds.reset()
	if n, err := s.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Errorf("Read at the end = %d, %v; want io.EOF", n, err)
	}
	if n := e.cmds.total(); n != 0 {
		t.Errorf("%d commands to read at the end, want 0", n)
	}
}
