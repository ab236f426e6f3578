package gridfs_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/gridfs"
	"github.com/cwal-go/cwal/mongotest"
)

// Store a file, find it by its metadata, and read it back.
func Example() {
	srv := mongotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c, err := client.Connect(ctx, srv.URI())
	if err != nil {
		panic(err)
	}
	defer c.Disconnect(ctx)

	b := gridfs.NewBucket(c.Database("media"))
	id, err := b.UploadFromStream(ctx, "notes.txt", strings.NewReader("GridFS keeps big files in chunks."),
		gridfs.UploadOptions{Metadata: bson.D{{Key: "owner", Value: "ada"}}})
	if err != nil {
		panic(err)
	}

	cur, err := b.Find(ctx, bson.D{{Key: "metadata.owner", Value: "ada"}})
	if err != nil {
		panic(err)
	}
	for doc, err := range cur.Docs(ctx) {
		if err != nil {
			panic(err)
		}
		f, err := gridfs.ParseFile(doc)
		if err != nil {
			panic(err)
		}
		fmt.Println(f.Name, f.Length, f.ID.ObjectID() == id)
	}

	if _, err := b.DownloadToStream(ctx, id, os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// notes.txt 33 true
	// GridFS keeps big files in chunks.
}

// Write a file through a stream; it appears when the stream is closed.
func ExampleBucket_OpenUploadStream() {
	srv := mongotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c, err := client.Connect(ctx, srv.URI())
	if err != nil {
		panic(err)
	}
	defer c.Disconnect(ctx)

	b := gridfs.NewBucket(c.Database("logs"), gridfs.BucketOptions{Name: "daily", ChunkSizeBytes: 8})
	up, err := b.OpenUploadStream(ctx, "today.log")
	if err != nil {
		panic(err)
	}
	for _, line := range []string{"started\n", "working\n", "done\n"} {
		if _, err := io.WriteString(up, line); err != nil {
			_ = up.Abort(ctx)
			panic(err)
		}
	}
	if err := up.Close(); err != nil {
		panic(err)
	}

	down, err := b.OpenDownloadStreamByName(ctx, "today.log")
	if err != nil {
		panic(err)
	}
	defer down.Close()
	data, err := io.ReadAll(down)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d bytes in %d-byte chunks:\n%s", down.File().Length, down.File().ChunkSize, data)
	// Output:
	// 21 bytes in 8-byte chunks:
	// started
	// working
	// done
}
