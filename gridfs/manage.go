package gridfs

import (
	"context"
	"fmt"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// Delete deletes the file with the given id: its files document first,
// so readers stop finding it, then its chunks. When no files document
// has the id it still deletes chunks left with that id (orphans of a
// failed upload) and returns ErrFileNotFound.
func (b *Bucket) Delete(ctx context.Context, id any) error {
	v, err := idValue(id)
	if err != nil {
		return err
	}
	res, err := b.files.DeleteOne(ctx, eq("_id", v))
	if err != nil {
		return fmt.Errorf("gridfs: delete file %s: %w", describeID(v), err)
	}
	if _, err := b.chunks.DeleteMany(ctx, eq("files_id", v)); err != nil {
		return fmt.Errorf("gridfs: delete chunks of %s: %w", describeID(v), err)
	}
	if res.Acknowledged && res.DeletedCount == 0 {
		return fmt.Errorf("%w: id %s", ErrFileNotFound, describeID(v))
	}
	return nil
}

// DeleteByName deletes every revision of the files called filename, or
// returns ErrFileNotFound when there is none.
func (b *Bucket) DeleteByName(ctx context.Context, filename string) error {
	ids, err := b.idsByName(ctx, filename)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("%w: no file called %q", ErrFileNotFound, filename)
	}
	in := bson.D{{Key: "$in", Value: ids}}
	if _, err := b.files.DeleteMany(ctx, bson.D{{Key: "_id", Value: in}}); err != nil {
		return fmt.Errorf("gridfs: delete files called %q: %w", filename, err)
	}
	if _, err := b.chunks.DeleteMany(ctx, bson.D{{Key: "files_id", Value: in}}); err != nil {
		return fmt.Errorf("gridfs: delete chunks of files called %q: %w", filename, err)
	}
	return nil
}

// idsByName returns the _id of every files document called filename.
func (b *Bucket) idsByName(ctx context.Context, filename string) ([]bson.RawValue, error) {
	cur, err := b.files.Find(ctx, bson.D{{Key: "filename", Value: filename}},
		client.FindOptions{Projection: bson.D{{Key: "_id", Value: 1}}})
	if err != nil {
		return nil, err
	}
	var ids []bson.RawValue
	for doc, err := range cur.Docs(ctx) {
		if err != nil {
			return nil, err
		}
		id := doc.Lookup("_id")
		ids = append(ids, bson.RawValue{Type: id.Type, Value: append([]byte(nil), id.Value...)})
	}
	return ids, nil
}

// Rename sets the filename of the file with the given id, or returns
// ErrFileNotFound.
func (b *Bucket) Rename(ctx context.Context, id any, newFilename string) error {
	v, err := idValue(id)
	if err != nil {
		return err
	}
	res, err := b.files.UpdateOne(ctx, eq("_id", v), setFilename(newFilename))
	if err != nil {
		return fmt.Errorf("gridfs: rename file %s: %w", describeID(v), err)
	}
	if res.Acknowledged && res.MatchedCount == 0 {
		return fmt.Errorf("%w: id %s", ErrFileNotFound, describeID(v))
	}
	return nil
}

// RenameByName renames every revision of the files called filename, or
// returns ErrFileNotFound when there is none.
func (b *Bucket) RenameByName(ctx context.Context, filename, newFilename string) error {
	res, err := b.files.UpdateMany(ctx, bson.D{{Key: "filename", Value: filename}}, setFilename(newFilename))
	if err != nil {
		return fmt.Errorf("gridfs: rename files called %q: %w", filename, err)
	}
	if res.Acknowledged && res.MatchedCount == 0 {
		return fmt.Errorf("%w: no file called %q", ErrFileNotFound, filename)
	}
	return nil
}

func setFilename(name string) bson.D {
	return bson.D{{Key: "$set", Value: bson.D{{Key: "filename", Value: name}}}}
}

// Drop drops the bucket's files collection, then its chunks collection.
// The next upload checks the indexes again.
func (b *Bucket) Drop(ctx context.Context) error {
	if err := b.files.Drop(ctx); err != nil {
		return fmt.Errorf("gridfs: drop %s: %w", b.files.Name(), err)
	}
	if err := b.chunks.Drop(ctx); err != nil {
		return fmt.Errorf("gridfs: drop %s: %w", b.chunks.Name(), err)
	}
	b.idx.mu.Lock()
	b.idx.done = false
	b.idx.mu.Unlock()
	return nil
}

// FindOptions are the options of Find.
type FindOptions struct {
	// Sort orders the files documents, for example
	// bson.D{{Key: "uploadDate", Value: -1}}; nil leaves the server's order.
	Sort            any
	Skip, Limit     int32
	BatchSize       int32
	MaxTime         time.Duration
	NoCursorTimeout bool
	AllowDiskUse    client.Optional[bool]
}

// Find returns a cursor over the files documents that match filter, a
// query on the files collection: {filename: "a.txt"}, or on the
// application's metadata with dotted paths such as
// {"metadata.owner": "ada"}. A nil filter matches every file. Read each
// document with ParseFile.
func (b *Bucket) Find(ctx context.Context, filter any, opts ...FindOptions) (*client.Cursor, error) {
	o := last(opts)
	return b.files.Find(ctx, filter, client.FindOptions{
		Sort: o.Sort, Skip: int64(o.Skip), Limit: int64(o.Limit), BatchSize: o.BatchSize,
		MaxTime: o.MaxTime, NoCursorTimeout: o.NoCursorTimeout, AllowDiskUse: o.AllowDiskUse,
	})
}

// ParseFile reads a files collection document, such as one of Find's,
// into a File (copying it); ErrBadFile when its length or chunkSize is
// unusable.
func ParseFile(doc bson.Raw) (*File, error) { return parseFile(doc) }
