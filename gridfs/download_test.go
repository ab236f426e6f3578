package gridfs_test

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/gridfs"
)

// corruptFiles are files documents of length 10 in chunks of 4 and the
// chunks each has, in extended JSON; the ids are the test names' order.
var corruptFiles = []struct {
	name   string
	length string
	chunks []string // n and base64 data of each chunk
	want   error
}{
	{"intact", "10", []string{`0,ESIzRA==`, `1,VWZ3iA==`, `2,mao=`}, nil},
	{"intermediate chunk missing", "10", []string{`0,ESIzRA==`, `2,mao=`}, gridfs.ErrMissingChunk},
	{"final chunk missing", "10", []string{`0,ESIzRA==`, `1,VWZ3iA==`}, gridfs.ErrMissingChunk},
	{"no chunk at all", "10", nil, gridfs.ErrMissingChunk},
	{"intermediate chunk short", "10", []string{`0,ESIzRA==`, `1,VWZ3`, `2,iJmq`}, gridfs.ErrWrongChunkSize},
	{"final chunk short", "10", []string{`0,ESIzRA==`, `1,VWZ3iA==`, `2,mQ==`}, gridfs.ErrWrongChunkSize},
	{"final chunk long", "10", []string{`0,ESIzRA==`, `1,VWZ3iA==`, `2,mqq7`}, gridfs.ErrWrongChunkSize},
	{"extra chunk", "10", []string{`0,ESIzRA==`, `1,VWZ3iA==`, `2,mao=`, `3,mao=`}, gridfs.ErrExtraChunk},
	{"n as a string", "10", []string{`"0",ESIzRA==`}, gridfs.ErrBadChunk},
	{"double n and length", "10.0", []string{`0.0,ESIzRA==`, `1.0,VWZ3iA==`, `2.0,mao=`}, nil},
	{"negative length", "-1", nil, gridfs.ErrBadFile},
	{"length a string", `"10"`, nil, gridfs.ErrBadFile},
}

func TestDownloadCorruptFiles(t *testing.T) {
	e := newEnv(t)
	for i, tc := range corruptFiles {
		t.Run(tc.name, func(t *testing.T) {
			id := bson.RawValue{Type: bson.TypeInt32, Value: bson.AppendInt32(nil, int32(i))}
			insertRaw(t, e.bucket.FilesCollection(), `{"_id": `+strconv.Itoa(i)+`, "length": `+tc.length+`, "chunkSize": 4, "uploadDate": {"$date": "1970-01-01T00:00:00Z"}, "filename": "f"}`)
			for _, c := range tc.chunks {
				n, data, _ := strings.Cut(c, ",")
				insertRaw(t, e.bucket.ChunksCollection(), `{"files_id": `+strconv.Itoa(i)+`, "n": `+n+`, "data": {"$binary": {"base64": "`+data+`", "subType": "00"}}}`)
			}
			var buf bytes.Buffer
			_, err := e.bucket.DownloadToStream(ctxT(t), id, &buf)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("DownloadToStream = %v, want %v", err, tc.want)
			}
			if tc.want == nil && buf.String() != "\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa" {
				t.Fatalf("downloaded %x", buf.Bytes())
			}
			var ce *gridfs.ChunkError
			if errors.As(err, &ce) && (ce.FileID == "" || ce.Detail == "") {
				t.Errorf("ChunkError without file or detail: %v", ce)
			}
			// Read reports the same error, after the data before it.
			if s, err := e.bucket.OpenDownloadStream(ctxT(t), id); err == nil {
				_, err = io.ReadAll(s)
				if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
					t.Errorf("ReadAll = %v, want %v", err, tc.want)
				}
				if _, err := s.Read(make([]byte, 1)); err == nil {
					t.Error("Read after the end returned no error")
				}
				s.Close()
			}
		})
	}
}

func TestDownloadNotFound(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	if _, err := e.bucket.OpenDownloadStream(ctx, bson.NewObjectID()); !errors.Is(err, gridfs.ErrFileNotFound) {
		t.Errorf("OpenDownloadStream = %v, want ErrFileNotFound", err)
	}
	if _, err := e.bucket.DownloadToStream(ctx, "nope", io.Discard); !errors.Is(err, gridfs.ErrFileNotFound) {
		t.Errorf("DownloadToStream = %v, want ErrFileNotFound", err)
	}
}

// TestDownloadEmptyFileNoChunkQuery: a zero-length file is read without
// querying the chunks collection, even when a stray empty chunk exists.
func TestDownloadEmptyFileNoChunkQuery(t *testing.T) {
	e := newEnv(t)
	insertRaw(t, e.bucket.FilesCollection(), `{"_id": 1, "length": 0, "chunkSize": 4, "uploadDate": {"$date": "1970-01-01T00:00:00Z"}, "filename": "empty"}`)
	insertRaw(t, e.bucket.ChunksCollection(), `{"files_id": 1, "n": 0, "data": {"$binary": {"base64": "", "subType": "00"}}}`)
	e.cmds.reset()
	if got := download(t, e.bucket, 1); len(got) != 0 {
		t.Fatalf("downloaded %d bytes", len(got))
	}
	if n := e.cmds.count("find"); n != 1 {
		t.Errorf("%d find commands, want 1 (the files document only)", n)
	}
}

// TestDownloadPartialReadClose: closing a stream read halfway kills the
// chunk cursor (the env checks no cursor leaked and no connection stays
// out).
func TestDownloadPartialReadClose(t *testing.T) {
	e := newEnv(t, gridfs.BucketOptions{ChunkSizeBytes: 1 << 20})
	data := randomBytes(40 << 20)
	id := upload(t, e.bucket, "big", data)
	s, err := e.bucket.OpenDownloadStream(ctxT(t), id)
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 3<<20)
	if _, err := io.ReadFull(s, head); err != nil || !bytes.Equal(head, data[:len(head)]) {
		t.Fatalf("ReadFull: %v", err)
	}
	e.cmds.reset()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := e.cmds.count("killCursors"); n != 1 {
		t.Errorf("%d killCursors after Close, want 1", n)
	}
	if _, err := s.Read(head); !errors.Is(err, gridfs.ErrStreamClosed) {
		t.Errorf("Read after Close = %v, want ErrStreamClosed", err)
	}
	if err := s.Close(); !errors.Is(err, gridfs.ErrStreamClosed) {
		t.Errorf("second Close = %v, want ErrStreamClosed", err)
	}
}
