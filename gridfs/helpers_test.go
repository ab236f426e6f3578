package gridfs_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/gridfs"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/operation"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// env is one test's client, database and bucket on a fresh server (or on
// MONGODB_URI, in a database named after the test).
type env struct {
	client *client.Client
	db     *client.Database
	bucket *gridfs.Bucket
	cmds   *commands
}

// commands counts the commands a client sends, by name.
type commands struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *commands) monitor() *operation.CommandMonitor {
	return &operation.CommandMonitor{Started: func(e operation.CommandStartedEvent) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.n[e.CommandName]++
	}}
}

func (c *commands) count(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[name]
}

func (c *commands) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, k := range c.n {
		n += k
	}
	return n
}

func (c *commands) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n = map[string]int{}
}

func newEnv(t testing.TB, opts ...gridfs.BucketOptions) *env {
	t.Helper()
	uri := os.Getenv("MONGODB_URI")
	if uri == "" {
		srv := mongotest.NewServer()
		t.Cleanup(srv.Close)
		uri = srv.URI()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e := &env{cmds: &commands{n: map[string]int{}}}
	c, err := client.Connect(ctx, uri, client.WithMonitor(e.cmds.monitor()))
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if n := c.LeakedCursors(); n != 0 {
			t.Errorf("%d cursor(s) leaked", n)
		}
		for _, st := range c.PoolStats() {
			if st.InUse != 0 {
				t.Errorf("%d connection(s) still in use", st.InUse)
			}
		}
		if err := c.Disconnect(ctx); err != nil {
			t.Errorf("Disconnect: %v", err)
		}
	})
	e.client = c
	e.db = c.Database("gridfs_" + strings.NewReplacer("/", "_", " ", "_", ".", "_").Replace(t.Name()))
	if err := e.db.Drop(ctx); err != nil {
		t.Fatalf("drop database: %v", err)
	}
	e.bucket = gridfs.NewBucket(e.db, opts...)
	e.cmds.reset()
	return e
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// randomBytes returns n reproducible pseudo-random bytes.
func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// upload stores data under filename and returns the id.
func upload(t testing.TB, b *gridfs.Bucket, filename string, data []byte, opts ...gridfs.UploadOptions) bson.ObjectID {
	t.Helper()
	id, err := b.UploadFromStream(ctxT(t), filename, bytes.NewReader(data), opts...)
	if err != nil {
		t.Fatalf("UploadFromStream(%q): %v", filename, err)
	}
	return id
}

// download reads the file with the given id through DownloadToStream.
func download(t testing.TB, b *gridfs.Bucket, id any) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := b.DownloadToStream(ctxT(t), id, &buf)
	if err != nil {
		t.Fatalf("DownloadToStream(%v): %v", id, err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("DownloadToStream returned %d, wrote %d bytes", n, buf.Len())
	}
	return buf.Bytes()
}

// docs reads every document of coll matching filter, sorted by sort.
func docs(t testing.TB, coll *client.Collection, filter, sort any) []bson.Raw {
	t.Helper()
	ctx := ctxT(t)
	cur, err := coll.Find(ctx, filter, client.FindOptions{Sort: sort})
	if err != nil {
		t.Fatalf("find in %s: %v", coll.Name(), err)
	}
	var out []bson.Raw
	for d, err := range cur.Docs(ctx) {
		if err != nil {
			t.Fatalf("find in %s: %v", coll.Name(), err)
		}
		out = append(out, append(bson.Raw(nil), d...))
	}
	return out
}

func count(t testing.TB, coll *client.Collection, filter any) int {
	t.Helper()
	return len(docs(t, coll, filter, nil))
}

func oidValue(id bson.ObjectID) bson.RawValue {
	return bson.RawValue{Type: bson.TypeObjectID, Value: id[:]}
}

// insertRaw inserts documents written in extended JSON.
func insertRaw(t testing.TB, coll *client.Collection, docsJSON ...string) {
	t.Helper()
	for _, s := range docsJSON {
		d, err := bson.ParseExtJSON(nil, []byte(s), false)
		if err != nil {
			t.Fatalf("bad extended JSON %s: %v", s, err)
		}
		if _, err := coll.InsertOne(ctxT(t), bson.Raw(d)); err != nil {
			t.Fatalf("insert %s: %v", s, err)
		}
	}
}
