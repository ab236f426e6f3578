package crosscheck

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"testing"

	cbson "github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/gridfs"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestGridFSInterop stores files with each driver's GridFS and reads them
// with the other's: both must agree on the files and chunks documents,
// revisions by name and the chunk layout, whatever the chunk size.
func TestGridFSInterop(t *testing.T) {
	s := startMongotest(t)
	ctx := testCtx(t)
	off := connectOfficial(t, s.URI())
	cw, err := client.Connect(ctx, s.URI())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cw.Disconnect(context.Background()) })

	const chunk = 1000
	obucket := off.Database("files").GridFSBucket(options.GridFSBucket().SetChunkSizeBytes(chunk))
	cbucket := gridfs.NewBucket(cw.Database("files"), gridfs.BucketOptions{ChunkSizeBytes: chunk})
	rng := rand.New(rand.NewPCG(1, 2))
	data := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		return b
	}

	for _, n := range []int{0, 1, chunk - 1, chunk, chunk + 1, 10*chunk + 7} {
		// official writes, cwal reads (by id and by name).
		want := data(n)
		oid, err := obucket.UploadFromStream(ctx, "from-official", bytes.NewReader(want))
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if _, err := cbucket.DownloadToStream(ctx, cbson.ObjectID(oid), &got); err != nil || !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("%d bytes written by the official driver: cwal read %d bytes, %v", n, got.Len(), err)
		}
		got.Reset()
		if _, err := cbucket.DownloadToStreamByName(ctx, "from-official", &got); err != nil || !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("%d bytes by name: cwal read %d bytes, %v", n, got.Len(), err)
		}

		// cwal writes, official reads.
		want = data(n)
		cid, err := cbucket.UploadFromStream(ctx, "from-cwal", bytes.NewReader(want))
		if err != nil {
			t.Fatal(err)
		}
		ds, err := obucket.OpenDownloadStream(ctx, bson.ObjectID(cid))
		if err != nil {
			t.Fatalf("%d bytes written by cwal: official open: %v", n, err)
		}
		b, err := io.ReadAll(ds)
		ds.Close()
		if err != nil || !bytes.Equal(b, want) {
			t.Fatalf("%d bytes written by cwal: official read %d bytes, %v", n, len(b), err)
		}
		got.Reset()
		if _, err := obucket.DownloadToStreamByName(ctx, "from-cwal", &got); err != nil || !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("%d bytes by name: official read %d bytes, %v", n, got.Len(), err)
		}
		// The files documents carry the same fields for both.
		var odoc, cdoc bson.M
		if err := obucket.GetFilesCollection().FindOne(ctx, bson.D{{Key: "_id", Value: oid}}).Decode(&odoc); err != nil {
			t.Fatal(err)
		}
		if err := obucket.GetFilesCollection().FindOne(ctx, bson.D{{Key: "_id", Value: bson.ObjectID(cid)}}).Decode(&cdoc); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"_id", "length", "chunkSize", "uploadDate", "filename"} {
			if _, ok := cdoc[k]; !ok {
				t.Errorf("cwal's files document lacks %q: %v", k, cdoc)
			}
		}
		if len(odoc) != len(cdoc) || cdoc["length"] != int64(n) || cdoc["chunkSize"] != int32(chunk) {
			t.Errorf("files documents differ: official %v, cwal %v", odoc, cdoc)
		}
	}

	// Both see the same latest revision, and deletes by either are seen by the other.
	var latest bytes.Buffer
	if _, err := obucket.DownloadToStreamByName(ctx, "from-cwal", &latest, options.GridFSName().SetRevision(-1)); err != nil {
		t.Fatal(err)
	}
	var cl bytes.Buffer
	if _, err := cbucket.DownloadToStreamByName(ctx, "from-cwal", &cl); err != nil || !bytes.Equal(cl.Bytes(), latest.Bytes()) {
		t.Fatalf("latest revision differs: %d vs %d bytes, %v", cl.Len(), latest.Len(), err)
	}
	if err := cbucket.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := obucket.OpenDownloadStreamByName(ctx, "from-official"); err == nil {
		t.Fatal("the official driver still finds a file after cwal dropped the bucket")
	}
}
