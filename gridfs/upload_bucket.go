package gridfs

import (
	"context"
	"io"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// abortTimeout bounds the clean-up of an upload whose source failed: the
// caller's context may be the reason it failed.
const abortTimeout = 30 * time.Second

// OpenUploadStream starts the upload of a file called filename under a
// new ObjectID (UploadStream.FileID). Close the stream to create the
// file; ctx bounds every write of the stream.
func (b *Bucket) OpenUploadStream(ctx context.Context, filename string, opts ...UploadOptions) (*UploadStream, error) {
	id := bson.NewObjectID()
	return b.newUploadStream(ctx, bson.RawValue{Type: bson.TypeObjectID, Value: id[:]}, filename, last(opts))
}

// OpenUploadStreamWithID is OpenUploadStream with the caller's file id,
// which may be any BSON value.
func (b *Bucket) OpenUploadStreamWithID(ctx context.Context, id any, filename string, opts ...UploadOptions) (*UploadStream, error) {
	v, err := idValue(id)
	if err != nil {
		return nil, err
	}
	return b.newUploadStream(ctx, v, filename, last(opts))
}

// UploadFromStream stores the contents of src, read to its end, as a
// file called filename under a new ObjectID, which it returns. When src
// fails, the chunks already inserted are deleted and src's error is
// returned; when an insert fails, its error is returned and the chunks
// already inserted are left (GridFS specification: no clean-up that would
// likely fail the same way).
func (b *Bucket) UploadFromStream(ctx context.Context, filename string, src io.Reader, opts ...UploadOptions) (bson.ObjectID, error) {
	id := bson.NewObjectID()
	err := b.UploadFromStreamWithID(ctx, bson.RawValue{Type: bson.TypeObjectID, Value: id[:]}, filename, src, opts...)
	if err != nil {
		return bson.ObjectID{}, err
	}
	return id, nil
}

// UploadFromStreamWithID is UploadFromStream with the caller's file id.
func (b *Bucket) UploadFromStreamWithID(ctx context.Context, id any, filename string, src io.Reader, opts ...UploadOptions) error {
	s, err := b.OpenUploadStreamWithID(ctx, id, filename, opts...)
	if err != nil {
		return err
	}
	if _, err := s.ReadFrom(src); err != nil {
		if s.err == nil { // src failed, not an insert
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
			_ = s.Abort(actx)
			cancel()
		} else {
			s.state, s.buf = streamClosed, nil
		}
		return err
	}
	return s.Close()
}

// last picks the options of a variadic parameter: the last wins.
func last[T any](opts []T) T {
	var zero T
	if len(opts) == 0 {
		return zero
	}
	return opts[len(opts)-1]
}
