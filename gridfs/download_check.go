package gridfs

import (
	"context"
	"fmt"

	"github.com/cwal-go/cwal/bson"
)

// check returns the data of chunk doc, which must be the next expected
// chunk and of the expected length.
func (s *DownloadStream) check(raw bson.Raw) ([]byte, error) {
	nv := raw.Lookup("n")
	n, ok := nv.AsInt64OK()
	switch {
	case !ok:
		return nil, s.chunkErr(ErrBadChunk, fmt.Sprintf("n is %s", describeValue(nv)))
	case n > s.next:
		return nil, s.chunkErr(ErrMissingChunk, fmt.Sprintf("found chunk %d instead", n))
	case n < s.next:
		return nil, s.chunkErr(ErrExtraChunk, fmt.Sprintf("chunk %d again", n))
	}
	dv := raw.Lookup("data")
	bin, ok := dv.BinaryOK()
	if !ok {
		return nil, s.chunkErr(ErrBadChunk, fmt.Sprintf("data is %s", describeValue(dv)))
	}
	if want := s.file.chunkLen(n); int64(len(bin.Data)) != want {
		return nil, s.chunkErr(ErrWrongChunkSize, fmt.Sprintf("%d bytes instead of %d", len(bin.Data), want))
	}
	return bin.Data, nil
}

func (s *DownloadStream) chunkErr(kind error, detail string) error {
	return &ChunkError{FileID: describeID(s.file.ID), N: s.next, Detail: detail, Err: kind}
}

// release closes the chunk cursor, if open; its server cursor is killed
// even when the stream's context has ended.
func (s *DownloadStream) release() {
	if s.cur != nil {
		_ = s.cur.Close(context.WithoutCancel(s.ctx))
		s.cur = nil
	}
}

// Close ends the download, releasing the chunk query's server cursor.
// Later reads return ErrStreamClosed; a second Close returns it too.
func (s *DownloadStream) Close() error {
	if s.done {
		return ErrStreamClosed
	}
	s.done, s.chunk = true, nil
	s.release()
	return nil
}

// describeValue names the type of a field's value, or its absence.
func describeValue(v bson.RawValue) string {
	if v.IsZero() {
		return "missing"
	}
	return "a " + v.Type.String()
}
