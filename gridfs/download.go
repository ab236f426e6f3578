package gridfs

import (
	"context"
	"io"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// DownloadStream reads one stored file. Read checks each chunk as it
// arrives: its number must be the next one and its data the length the
// file's chunkSize and length call for, and reading past the end checks
// that no chunk is left over. It is not safe for concurrent use.
//
// The chunks are queried at the first Read (or the first after a Seek),
// under the context given when the stream was opened. Close releases the
// query's server cursor; a stream read to its end or to an error has
// released it already, and one dropped unclosed is released by the
// client's cursor cleanup (counted in Client.LeakedCursors).
type DownloadStream struct {
	b     *Bucket
	ctx   context.Context
	file  *File
	cur   *client.Cursor
	chunk []byte // the unread data of the current chunk, a view into the cursor's batch
	next  int64  // the n expected next
	count int64  // the chunks the file has
	pos   int64  // the offset of the next byte Read returns
	skip  int    // bytes of the next chunk before pos, after a Seek
	err   error  // io.EOF at the end, or the first failure
	done  bool   // Close was called
}

func newDownloadStream(ctx context.Context, b *Bucket, f *File) *DownloadStream {
	return &DownloadStream{b: b, ctx: ctx, file: f, count: chunkCount(f.Length, f.ChunkSize)}
}

// File returns the files collection document of the file.
func (s *DownloadStream) File() *File { return s.file }

// Read reads up to len(p) bytes of the file, at most the rest of one
// chunk; io.EOF at the end. A corrupted file gives a *ChunkError.
func (s *DownloadStream) Read(p []byte) (int, error) {
	if s.done {
		return 0, ErrStreamClosed
	}
	if len(p) == 0 {
		return 0, nil
	}
	if len(s.chunk) == 0 {
		if err := s.advance(); err != nil {
			return 0, err
		}
	}
	n := copy(p, s.chunk)
	s.chunk, s.pos = s.chunk[n:], s.pos+int64(n)
	return n, nil
}

// WriteTo writes the rest of the file to w, chunk by chunk without an
// intermediate buffer (io.Copy uses it).
func (s *DownloadStream) WriteTo(w io.Writer) (int64, error) {
	if s.done {
		return 0, ErrStreamClosed
	}
	var total int64
	for {
		if len(s.chunk) == 0 {
			if err := s.advance(); err == io.EOF {
				return total, nil
			} else if err != nil {
				return total, err
			}
		}
		n, err := w.Write(s.chunk)
		s.chunk, total, s.pos = s.chunk[n:], total+int64(n), s.pos+int64(n)
		if err != nil {
			return total, err
		}
	}
}

// advance moves to the next chunk, or ends the stream with io.EOF or an
// error, releasing the cursor either way.
func (s *DownloadStream) advance() error {
	if s.err != nil {
		return s.err
	}
	if err := s.step(); err != nil {
		s.err, s.chunk = err, nil
		s.release()
		return err
	}
	return nil
}

// step reads and checks the next chunk; io.EOF after the last one.
func (s *DownloadStream) step() error {
	if s.cur == nil && s.next == s.count {
		// No chunk query for an empty file (GridFS specification), nor
		// after a Seek to the end.
		return io.EOF
	}
	if s.cur == nil {
		if err := s.query(); err != nil {
			return err
		}
	}
	if !s.cur.Next(s.ctx) {
		if err := s.cur.Err(); err != nil {
			return err
		}
		if s.next == s.count {
			return io.EOF
		}
		return s.chunkErr(ErrMissingChunk, "no more chunks")
	}
	if s.next == s.count {
		return s.chunkErr(ErrExtraChunk, "a chunk follows the last one")
	}
	data, err := s.check(s.cur.Current())
	if err != nil {
		return err
	}
	s.chunk, s.skip = data[s.skip:], 0
	s.next++
	return nil
}

// query opens the cursor over the chunks from the next one on.
func (s *DownloadStream) query() error {
	filter := eq("files_id", s.file.ID)
	if s.next > 0 {
		filter = append(filter, bson.E{Key: "n", Value: bson.D{{Key: "$gte", Value: s.next}}})
	}
	cur, err := s.b.chunks.Find(s.ctx, filter, client.FindOptions{Sort: bson.D{{Key: "n", Value: 1}}})
	if err != nil {
		return err
	}
	s.cur = cur
	return nil
}
