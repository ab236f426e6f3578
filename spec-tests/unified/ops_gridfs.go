package unified

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/gridfs"
)

// registerGridFSOps registers the operations of bucket entities.
func registerGridFSOps(t OpTable) {
	t.Register(KindBucket, "upload", bucketOp(prepareUpload))
	t.Register(KindBucket, "download", bucketOp(prepareDownload))
	t.Register(KindBucket, "downloadByName", bucketOp(prepareDownloadByName))
	t.Register(KindBucket, "delete", bucketOp(prepareBucketDelete))
	t.Register(KindBucket, "deleteByName", bucketOp(prepareBucketDeleteByName))
	t.Register(KindBucket, "rename", bucketOp(prepareRename))
	t.Register(KindBucket, "renameByName", bucketOp(prepareRenameByName))
	t.Register(KindBucket, "drop", bucketOp(prepareBucketDrop))
	t.Register(KindBucket, "find", bucketOp(prepareBucketFind))
}

func bucketOp(prepare func(b *gridfs.Bucket, a *args) runFunc) OpFunc {
	return entityOp(KindBucket, prepare)
}

// hexSource reads a {$$hexBytes: "..."} argument.
func hexSource(a *args, k string) []byte {
	s, ok := a.doc(k).Lookup("$$hexBytes").StringValueOK()
	if !ok {
		a.invalid(k, "expected {$$hexBytes: <hex string>}")
		return nil
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		a.invalid(k, err.Error())
	}
	return b
}

func prepareUpload(b *gridfs.Bucket, a *args) runFunc {
	a.require("filename", "source")
	name, src := a.str("filename"), hexSource(a, "source")
	opts := gridfs.UploadOptions{ChunkSizeBytes: int32(a.int64("chunkSizeBytes"))}
	if md := a.doc("metadata"); md != nil {
		opts.Metadata = md
	}
	a.val("disableMD5") // no-op: MD5 is never computed
	return func(ctx context.Context) (Result, error) {
		id, err := b.UploadFromStream(ctx, name, bytes.NewReader(src), opts)
		if err != nil {
			return Result{}, err
		}
		return Result{Value: bson.RawValue{Type: bson.TypeObjectID, Value: id[:]}}, nil
	}
}

// bytesResult returns downloaded bytes as a generic binary value, which
// $$matchesHexBytes reads.
func bytesResult(data []byte) Result {
	return Result{Value: bson.RawValue{Type: bson.TypeBinary, Value: bson.AppendBinary(nil, bson.BinaryGeneric, data)}}
}

func prepareDownload(b *gridfs.Bucket, a *args) runFunc {
	a.require("id")
	id := a.val("id")
	return func(ctx context.Context) (Result, error) {
		var buf bytes.Buffer
		if _, err := b.DownloadToStream(ctx, id, &buf); err != nil {
			return Result{}, err
		}
		return bytesResult(buf.Bytes()), nil
	}
}

func prepareDownloadByName(b *gridfs.Bucket, a *args) runFunc {
	a.require("filename")
	name := a.str("filename")
	var opts gridfs.DownloadByNameOptions
	if rv := a.val("revision"); !rv.IsZero() {
		n, ok := rv.AsInt64OK()
		if !ok {
			a.invalid("revision", fmt.Sprintf("not an integer: %s", rv))
		}
		opts.Revision = client.Some(int32(n))
	}
	return func(ctx context.Context) (Result, error) {
		var buf bytes.Buffer
		if _, err := b.DownloadToStreamByName(ctx, name, &buf, opts); err != nil {
			return Result{}, err
		}
		return bytesResult(buf.Bytes()), nil
	}
}

func prepareBucketDelete(b *gridfs.Bucket, a *args) runFunc {
	a.require("id")
	id := a.val("id")
	return func(ctx context.Context) (Result, error) { return Result{}, b.Delete(ctx, id) }
}

func prepareBucketDeleteByName(b *gridfs.Bucket, a *args) runFunc {
	a.require("filename")
	name := a.str("filename")
	return func(ctx context.Context) (Result, error) { return Result{}, b.DeleteByName(ctx, name) }
}

func prepareRename(b *gridfs.Bucket, a *args) runFunc {
	a.require("id", "newFilename")
	id, name := a.val("id"), a.str("newFilename")
	return func(ctx context.Context) (Result, error) { return Result{}, b.Rename(ctx, id, name) }
}

func prepareRenameByName(b *gridfs.Bucket, a *args) runFunc {
	a.require("filename", "newFilename")
	old, name := a.str("filename"), a.str("newFilename")
	return func(ctx context.Context) (Result, error) { return Result{}, b.RenameByName(ctx, old, name) }
}

func prepareBucketDrop(b *gridfs.Bucket, _ *args) runFunc {
	return func(ctx context.Context) (Result, error) { return Result{}, b.Drop(ctx) }
}

func prepareBucketFind(b *gridfs.Bucket, a *args) runFunc {
	a.require("filter")
	filter := a.any("filter")
	opts := gridfs.FindOptions{
		Sort: a.any("sort"), Skip: int32(a.int64("skip")), Limit: int32(a.int64("limit")),
		BatchSize: int32(a.int64("batchSize")), MaxTime: a.ms("maxTimeMS"),
		NoCursorTimeout: a.boolean("noCursorTimeout"), AllowDiskUse: a.optBool("allowDiskUse"),
	}
	return func(ctx context.Context) (Result, error) {
		cur, err := b.Find(ctx, filter, opts)
		if err != nil {
			return Result{}, err
		}
		docs, err := drain(ctx, cur)
		return docsResult(docs), err
	}
}
