package gridfs

import (
	"context"
	"errors"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

var (
	filesIndex  = bson.D{{Key: "filename", Value: int32(1)}, {Key: "uploadDate", Value: int32(1)}}
	chunksIndex = bson.D{{Key: "files_id", Value: int32(1)}, {Key: "n", Value: int32(1)}}
)

// ensureIndexes runs, once per bucket, before its first upload writes: when
// the files collection is empty (read from the primary), it creates the
// two indexes GridFS relies on unless they exist already. It checks first
// so that an application with read-only rights on the indexes still
// works.
func (b *Bucket) ensureIndexes(ctx context.Context) error {
	b.idx.mu.Lock()
	defer b.idx.mu.Unlock()
	if b.idx.done {
		return nil
	}
	err := b.filesPrimary.FindOne(ctx, nil, client.FindOptions{Projection: bson.D{{Key: "_id", Value: 1}}}).Err()
	switch {
	case err == nil:
		b.idx.done = true // files exist: the indexes are the user's business
		return nil
	case !errors.Is(err, client.ErrNoDocuments):
		return fmt.Errorf("gridfs: index check: %w", err)
	}
	if err := ensureIndex(ctx, b.files, filesIndex, false); err != nil {
		return err
	}
	if err := ensureIndex(ctx, b.chunks, chunksIndex, true); err != nil {
		return err
	}
	b.idx.done = true
	return nil
}

// ensureIndex creates the index on keys in coll unless an index with the
// same keys, compared by numeric value, exists.
func ensureIndex(ctx context.Context, coll *client.Collection, keys bson.D, unique bool) error {
	want, err := bson.Marshal(keys)
	if err != nil {
		return err
	}
	cur, err := coll.Indexes().List(ctx)
	if err != nil {
		return fmt.Errorf("gridfs: list indexes of %s: %w", coll.Name(), err)
	}
	for spec, err := range cur.Docs(ctx) {
		if err != nil {
			return fmt.Errorf("gridfs: list indexes of %s: %w", coll.Name(), err)
		}
		if sameKeys(spec.Lookup("key").Document(), want) {
			return nil
		}
	}
	model := client.IndexModel{Keys: keys, Options: client.IndexOptions{Unique: unique}}
	if _, err := coll.Indexes().CreateOne(ctx, model); err != nil {
		return fmt.Errorf("gridfs: create index on %s: %w", coll.Name(), err)
	}
	return nil
}

// sameKeys reports whether two key patterns name the same fields in the
// same order with numerically equal directions: the shell stores 1.0
// where a driver stores 1.
func sameKeys(got, want bson.Raw) bool {
	g, w := got.Iter(), want.Iter()
	for w.Next() {
		if !g.Next() || g.Key() != w.Key() {
			return false
		}
		gv, ok1 := g.Value().AsFloat64OK()
		wv, ok2 := w.Value().AsFloat64OK()
		if !ok1 || !ok2 || gv != wv {
			return false
		}
	}
	return !g.Next() && g.Err() == nil && w.Err() == nil
}
