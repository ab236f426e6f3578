package gridfs

import (
	"fmt"
	"sync"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// DefaultChunkSize is the chunk size of new files when neither the bucket
// nor the upload sets one: 255 KiB, so that a chunk document stays under
// 256 KiB.
const DefaultChunkSize = 255 * 1024

// DefaultBucketName is the name of a bucket whose options give none.
const DefaultBucketName = "fs"

// BucketOptions configure a Bucket. Zero values take the defaults: the
// name "fs", 255 KiB chunks, and the database's concerns and read
// preference.
type BucketOptions struct {
	// Name prefixes the bucket's collections: <Name>.files and
	// <Name>.chunks.
	Name string
	// ChunkSizeBytes is the chunk size of the files this bucket uploads;
	// an upload may override it.
	ChunkSizeBytes int32
	WriteConcern   client.WriteConcern
	ReadConcern    client.ReadConcern
	// ReadPref selects the server of downloads and Find; unset inherits
	// the database's.
	ReadPref client.Optional[client.ReadPref]
}

// Bucket stores files in one GridFS bucket of a database: their contents
// as chunks in <name>.chunks, their descriptions in <name>.files. It is
// safe for concurrent use.
type Bucket struct {
	db        *client.Database
	name      string
	chunkSize int32
	files     *client.Collection
	chunks    *client.Collection
	// filesPrimary reads the files collection with the primary read
	// preference, as the index check requires.
	filesPrimary *client.Collection
	idx          indexState
}

// indexState records whether the index check of the first upload has
// succeeded; a failed check is tried again by the next upload.
type indexState struct {
	mu   sync.Mutex
	done bool
}

// NewBucket returns a handle to the bucket described by opts (the last
// wins) in db. Making one sends nothing. A negative ChunkSizeBytes is
// replaced by the default; uploads refuse negative sizes they are given.
func NewBucket(db *client.Database, opts ...BucketOptions) *Bucket {
	var o BucketOptions
	if len(opts) > 0 {
		o = opts[len(opts)-1]
	}
	if o.Name == "" {
		o.Name = DefaultBucketName
	}
	if o.ChunkSizeBytes <= 0 {
		o.ChunkSizeBytes = DefaultChunkSize
	}
	st := client.Settings{ReadConcern: o.ReadConcern, WriteConcern: o.WriteConcern, ReadPref: o.ReadPref}
	primary := st
	primary.ReadPref = client.Some(client.ReadPref{})
	return &Bucket{
		db: db, name: o.Name, chunkSize: o.ChunkSizeBytes,
		files:        db.Collection(o.Name+".files", st),
		chunks:       db.Collection(o.Name+".chunks", st),
		filesPrimary: db.Collection(o.Name+".files", primary),
	}
}

// Name returns the bucket's name.
func (b *Bucket) Name() string { return b.name }

// ChunkSize returns the chunk size of the files the bucket uploads.
func (b *Bucket) ChunkSize() int32 { return b.chunkSize }

// FilesCollection returns the collection of the files' descriptions,
// with the bucket's concerns and read preference.
func (b *Bucket) FilesCollection() *client.Collection { return b.files }

// ChunksCollection returns the collection of the files' chunks.
func (b *Bucket) ChunksCollection() *client.Collection { return b.chunks }

// idValue encodes a file id given by the caller.
func idValue(id any) (bson.RawValue, error) {
	if v, ok := id.(bson.RawValue); ok && !v.IsZero() {
		return v, nil
	}
	if id == nil {
		return bson.RawValue{}, fmt.Errorf("%w: a nil file id", ErrInvalidArgument)
	}
	t, b, err := bson.MarshalValue(id)
	if err != nil {
		return bson.RawValue{}, fmt.Errorf("%w: file id: %v", ErrInvalidArgument, err)
	}
	return bson.RawValue{Type: t, Value: b}, nil
}

// eq matches a file id exactly: {key: id} for ids a query cannot read as
// anything else (ObjectId, numbers, strings... — the form the specification
// tests expect), {key: {$eq: id}} for a regular expression, a document or an
// array, which a bare query would read as a pattern, operators or an
// element match.
func eq(key string, id bson.RawValue) bson.D {
	switch id.Type {
	case bson.TypeRegex, bson.TypeEmbeddedDoc, bson.TypeArray:
		return bson.D{{Key: key, Value: bson.D{{Key: "$eq", Value: id}}}}
	}
	return bson.D{{Key: key, Value: id}}
}

// describeID renders an id for error messages.
func describeID(id bson.RawValue) string { return id.String() }
