package gridfs

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// OpenDownloadStream opens the file with the given id for reading, or
// returns ErrFileNotFound. ctx bounds the stream's reads; Close the
// stream when done.
func (b *Bucket) OpenDownloadStream(ctx context.Context, id any) (*DownloadStream, error) {
	v, err := idValue(id)
	if err != nil {
		return nil, err
	}
	f, err := b.findFile(ctx, eq("_id", v), client.FindOptions{})
	if errors.Is(err, client.ErrNoDocuments) {
		return nil, fmt.Errorf("%w: id %s", ErrFileNotFound, describeID(v))
	}
	if err != nil {
		return nil, err
	}
	return newDownloadStream(ctx, b, f), nil
}

// DownloadToStream writes the contents of the file with the given id to
// dst and returns how many bytes it wrote. dst is not closed.
func (b *Bucket) DownloadToStream(ctx context.Context, id any, dst io.Writer) (int64, error) {
	s, err := b.OpenDownloadStream(ctx, id)
	if err != nil {
		return 0, err
	}
	return copyAndClose(dst, s)
}

// DownloadByNameOptions choose the revision of a by-name download.
type DownloadByNameOptions struct {
	// Revision counts the files of one name by upload date: 0 is the
	// original, 1 the first revision, 2 the second...; -1 is the most
	// recent, -2 the one before it... Unset means -1.
	Revision client.Optional[int32]
}

// OpenDownloadStreamByName opens a revision of the files called filename
// (the most recent by default). It returns ErrFileNotFound when no file
// has that name and ErrRevisionNotFound when the revision does not exist.
func (b *Bucket) OpenDownloadStreamByName(ctx context.Context, filename string, opts ...DownloadByNameOptions) (*DownloadStream, error) {
	rev := last(opts).Revision.Or(-1)
	// Files uploaded within one millisecond share their date: _id breaks
	// the tie so a revision number always means the same file.
	fo := client.FindOptions{Sort: bson.D{{Key: "uploadDate", Value: 1}, {Key: "_id", Value: 1}}, Skip: int64(rev)}
	if rev < 0 {
		fo.Sort, fo.Skip = bson.D{{Key: "uploadDate", Value: -1}, {Key: "_id", Value: -1}}, -int64(rev)-1
	}
	byName := bson.D{{Key: "filename", Value: filename}}
	f, err := b.findFile(ctx, byName, fo)
	if errors.Is(err, client.ErrNoDocuments) {
		return nil, b.revisionMissing(ctx, byName, filename, rev, fo.Skip)
	}
	if err != nil {
		return nil, err
	}
	return newDownloadStream(ctx, b, f), nil
}

// revisionMissing says whether a by-name lookup found nothing because
// no file has the name or because the revision does not exist.
func (b *Bucket) revisionMissing(ctx context.Context, byName bson.D, filename string, rev int32, skipped int64) error {
	if skipped > 0 {
		err := b.files.FindOne(ctx, byName, client.FindOptions{Projection: bson.D{{Key: "_id", Value: 1}}}).Err()
		if err == nil {
			return fmt.Errorf("%w: file %q has no revision %d", ErrRevisionNotFound, filename, rev)
		}
		if !errors.Is(err, client.ErrNoDocuments) {
			return err
		}
	}
	return fmt.Errorf("%w: no file called %q", ErrFileNotFound, filename)
}

// DownloadToStreamByName writes a revision of the files called filename
// to dst (see OpenDownloadStreamByName) and returns how many bytes it
// wrote. dst is not closed.
func (b *Bucket) DownloadToStreamByName(ctx context.Context, filename string, dst io.Writer, opts ...DownloadByNameOptions) (int64, error) {
	s, err := b.OpenDownloadStreamByName(ctx, filename, opts...)
	if err != nil {
		return 0, err
	}
	return copyAndClose(dst, s)
}

// findFile reads the first files document of filter.
func (b *Bucket) findFile(ctx context.Context, filter bson.D, fo client.FindOptions) (*File, error) {
	raw, err := b.files.FindOne(ctx, filter, fo).Raw()
	if err != nil {
		return nil, err
	}
	return parseFile(raw)
}

func copyAndClose(dst io.Writer, s *DownloadStream) (int64, error) {
	n, err := s.WriteTo(dst)
	cerr := s.Close()
	if err == nil {
		err = cerr
	}
	return n, err
}
