package gridfs_test

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/gridfs"
)

// TestConcurrentUploads shares one bucket among goroutines: the index
// check runs once and every file reads back intact.
func TestConcurrentUploads(t *testing.T) {
	e := newEnv(t, gridfs.BucketOptions{ChunkSizeBytes: 1000})
	ctx := ctxT(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := randomBytes(10000 + i)
			id, err := e.bucket.UploadFromStream(ctx, fmt.Sprint("f", i), bytes.NewReader(data))
			if err != nil {
				errs <- err
				return
			}
			var buf bytes.Buffer
			if _, err := e.bucket.DownloadToStream(ctx, id, &buf); err != nil || !bytes.Equal(buf.Bytes(), data) {
				errs <- fmt.Errorf("file %d: %d bytes read back, %v", i, buf.Len(), err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := e.cmds.count("createIndexes"); n != 2 {
		t.Errorf("%d createIndexes, want 2", n)
	}
}
