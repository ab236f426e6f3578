package gridfs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// uploadBatchBytes is about how much file data an upload stream holds
// before inserting it: whole chunks, several per insert command, so that
// small chunks do not cost a round trip each.
const uploadBatchBytes = 4 << 20

// UploadOptions are the options of one upload.
type UploadOptions struct {
	// ChunkSizeBytes overrides the bucket's chunk size for this file.
	ChunkSizeBytes int32
	// Metadata is stored as the files document's metadata field; it
	// must marshal to a document. Nil stores no field.
	Metadata any
}

// UploadStream writes one file into a bucket: Write buffers the contents
// and inserts them as chunks, Close inserts the files collection document
// that makes the file visible. A stream that is never closed leaves no
// file, only orphaned chunks; Abort deletes those. It is not safe for
// concurrent use.
//
// The context given when the stream was opened bounds every write the
// stream sends to the server, including those of Write and Close.
type UploadStream struct {
	b         *Bucket
	ctx       context.Context
	id        bson.RawValue
	filename  string
	chunkSize int32
	metadata  bson.Raw
	buf       []byte // data not yet inserted; a multiple of chunkSize once flushed
	batch     int    // bytes inserted per flush: whole chunks
	next      int64  // the n of the next chunk
	length    int64
	err       error // the first failure, returned from then on
	state     streamState
}

type streamState uint8

const (
	streamOpen streamState = iota
	streamClosed
	streamAborted
)

// newUploadStream checks the options of an upload of id.
func (b *Bucket) newUploadStream(ctx context.Context, id bson.RawValue, filename string, o UploadOptions) (*UploadStream, error) {
	size := b.chunkSize
	if o.ChunkSizeBytes < 0 {
		return nil, fmt.Errorf("%w: ChunkSizeBytes %d", ErrInvalidArgument, o.ChunkSizeBytes)
	} else if o.ChunkSizeBytes > 0 {
		size = o.ChunkSizeBytes
	}
	s := &UploadStream{b: b, ctx: ctx, id: id, filename: filename, chunkSize: size}
	if o.Metadata != nil {
		md, err := bson.Marshal(o.Metadata)
		if err != nil {
			return nil, fmt.Errorf("%w: metadata: %v", ErrInvalidArgument, err)
		}
		s.metadata = md
	}
	s.batch = max(1, uploadBatchBytes/int(size)) * int(size)
	return s, nil
}

// FileID returns the id of the file being uploaded.
func (s *UploadStream) FileID() bson.RawValue { return s.id }

// usable returns the error that forbids using the stream, if any.
func (s *UploadStream) usable() error {
	switch s.state {
	case streamClosed:
		return ErrStreamClosed
	case streamAborted:
		return ErrAborted
	}
	return s.err
}

// Write adds p to the file, inserting chunks as whole batches fill up.
// After a failed insert every later Write and Close returns that error.
func (s *UploadStream) Write(p []byte) (int, error) {
	if err := s.usable(); err != nil {
		return 0, err
	}
	written := 0
	for len(p) > 0 {
		if s.buf == nil {
			s.buf = make([]byte, 0, s.batch)
		}
		n := copy(s.buf[len(s.buf):cap(s.buf)], p)
		s.buf, p, written = s.buf[:len(s.buf)+n], p[n:], written+n
		if len(s.buf) == cap(s.buf) {
			if err := s.flush(); err != nil {
				return written, err
			}
		}
	}
	return written, nil
}

// ReadFrom reads src to its end into the file, without an intermediate
// buffer (io.Copy uses it). An error of src is returned as is and leaves
// the stream open, so the caller may Abort it.
func (s *UploadStream) ReadFrom(src io.Reader) (int64, error) {
	if err := s.usable(); err != nil {
		return 0, err
	}
	var total int64
	for {
		if s.buf == nil {
			s.buf = make([]byte, 0, s.batch)
		}
		n, err := src.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf, total = s.buf[:len(s.buf)+n], total+int64(n)
		if len(s.buf) == cap(s.buf) {
			if ferr := s.flush(); ferr != nil {
				return total, ferr
			}
		}
		if errors.Is(err, io.EOF) {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// flush inserts the buffered data as chunks; the last may be short.
func (s *UploadStream) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	if err := s.b.ensureIndexes(s.ctx); err != nil {
		s.err = err
		return err
	}
	docs := make([]any, 0, (len(s.buf)+int(s.chunkSize)-1)/int(s.chunkSize))
	for data := s.buf; len(data) > 0; {
		n := min(len(data), int(s.chunkSize))
		docs = append(docs, chunkDoc(s.id, s.next+int64(len(docs)), data[:n]))
		data = data[n:]
	}
	if _, err := s.b.chunks.InsertMany(s.ctx, docs); err != nil {
		s.err = fmt.Errorf("gridfs: insert chunks of file %s: %w", describeID(s.id), err)
		return s.err
	}
	s.next += int64(len(docs))
	s.length += int64(len(s.buf))
	s.buf = s.buf[:0]
	return nil
}

// chunkDoc encodes {_id, files_id, n, data}.
func chunkDoc(id bson.RawValue, n int64, data []byte) bson.Raw {
	b, start := bson.AppendDocumentStart(make([]byte, 0, len(data)+64+len(id.Value)))
	b = bson.AppendObjectIDElement(b, "_id", bson.NewObjectID())
	b = bson.AppendValueElement(b, "files_id", id)
	b = bson.AppendInt32Element(b, "n", int32(n))
	b = bson.AppendBinaryElement(b, "data", bson.BinaryGeneric, data)
	return bson.AppendDocumentEnd(b, start)
}

// Close inserts the remaining chunks, then the files collection document
// dated now. It returns the first error of the upload, and
// ErrStreamClosed when called again.
func (s *UploadStream) Close() error {
	if err := s.usable(); err != nil {
		if s.state == streamOpen {
			s.state = streamClosed
			s.buf = nil
		}
		return err
	}
	s.state = streamClosed
	defer func() { s.buf = nil }()
	if err := s.flush(); err != nil {
		return err
	}
	if err := s.b.ensureIndexes(s.ctx); err != nil {
		return err
	}
	doc := bson.D{
		{Key: "_id", Value: s.id},
		{Key: "length", Value: s.length},
		{Key: "chunkSize", Value: s.chunkSize},
		{Key: "uploadDate", Value: bson.NewDateTimeFromTime(time.Now())},
		{Key: "filename", Value: s.filename},
	}
	if s.metadata != nil {
		doc = append(doc, bson.E{Key: "metadata", Value: s.metadata})
	}
	if _, err := s.b.files.InsertOne(s.ctx, doc); err != nil {
		return fmt.Errorf("gridfs: insert files document of %s: %w", describeID(s.id), err)
	}
	return nil
}

// Abort ends the upload without creating the file and deletes the chunks
// it inserted; later writes fail with ErrAborted. It takes its own
// context, since aborting is often the answer to a cancelled one.
func (s *UploadStream) Abort(ctx context.Context) error {
	if s.state != streamOpen {
		return ErrStreamClosed
	}
	s.state, s.buf = streamAborted, nil
	if s.next == 0 {
		return nil
	}
	if _, err := s.b.chunks.DeleteMany(ctx, eq("files_id", s.id)); err != nil {
		return fmt.Errorf("gridfs: abort: delete chunks of %s: %w", describeID(s.id), err)
	}
	return nil
}

var (
	_ io.WriteCloser = (*UploadStream)(nil)
	_ io.ReaderFrom  = (*UploadStream)(nil)
)
