package crosscheck

import (
	"context"
	"encoding/binary"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/mongotest"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// startMongotest starts a server closed at the end of the test.
func startMongotest(t testing.TB, opts ...mongotest.Option) *mongotest.Server {
	t.Helper()
	s := mongotest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// connectOfficial connects the official driver to uri, disconnecting at
// the end of the test.
func connectOfficial(t testing.TB, uri string, extra ...func(*options.ClientOptions)) *mongo.Client {
	t.Helper()
	// A short heartbeat bounds Disconnect: the official driver can miss the
	// cancellation of an awaitable hello and then waits out maxAwaitTimeMS.
	o := options.Client().ApplyURI(uri).SetServerSelectionTimeout(5 * time.Second).
		SetHeartbeatInterval(500 * time.Millisecond)
	for _, f := range extra {
		f(o)
	}
	cl, err := mongo.Connect(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Disconnect(context.Background()) })
	return cl
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// opcodeCounter is a dialer that counts the opcodes of the messages the
// driver writes, to prove which wire format it used.
type opcodeCounter struct {
	mu     sync.Mutex
	counts map[int32]int
}

func (oc *opcodeCounter) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, oc: oc}, nil
}

func (oc *opcodeCounter) count(op int32) int {
	oc.mu.Lock()
	defer oc.mu.Unlock()
	return oc.counts[op]
}

// countingConn parses message headers out of the written byte stream.
type countingConn struct {
	net.Conn
	oc      *opcodeCounter
	pending []byte
	skip    int
}

func (c *countingConn) Write(b []byte) (int, error) {
	c.scan(b)
	return c.Conn.Write(b)
}

func (c *countingConn) scan(b []byte) {
	for len(b) > 0 {
		if c.skip > 0 {
			n := min(c.skip, len(b))
			c.skip -= n
			b = b[n:]
			continue
		}
		need := 16 - len(c.pending)
		n := min(need, len(b))
		c.pending = append(c.pending, b[:n]...)
		b = b[n:]
		if len(c.pending) < 16 {
			return
		}
		length := int(binary.LittleEndian.Uint32(c.pending))
		op := int32(binary.LittleEndian.Uint32(c.pending[12:]))
		c.oc.mu.Lock()
		if c.oc.counts == nil {
			c.oc.counts = map[int32]int{}
		}
		c.oc.counts[op]++
		c.oc.mu.Unlock()
		c.pending = c.pending[:0]
		c.skip = length - 16
	}
}

// adminCommand runs a command on the admin database and fails the test on error.
func adminCommand(t testing.TB, cl *mongo.Client, cmd bson.D) bson.Raw {
	t.Helper()
	raw, err := cl.Database("admin").RunCommand(testCtx(t), cmd).Raw()
	if err != nil {
		t.Fatalf("%v: %v", cmd, err)
	}
	return raw
}

// failCommand configures the failCommand fail point.
func failCommand(t testing.TB, cl *mongo.Client, mode any, data bson.D) {
	t.Helper()
	adminCommand(t, cl, bson.D{{Key: "configureFailPoint", Value: "failCommand"}, {Key: "mode", Value: mode}, {Key: "data", Value: data}})
	t.Cleanup(func() {
		cl.Database("admin").RunCommand(context.Background(), bson.D{{Key: "configureFailPoint", Value: "failCommand"}, {Key: "mode", Value: "off"}})
	})
}

// seed inserts documents {_id: i, ...fields} for the CRUD tests.
func seed(t *testing.T, coll *mongo.Collection, docs ...bson.D) {
	t.Helper()
	in := make([]any, len(docs))
	for i, d := range docs {
		in[i] = d
	}
	if _, err := coll.InsertMany(testCtx(t), in); err != nil {
		t.Fatal(err)
	}
}

func findIDs(t *testing.T, coll *mongo.Collection, filter any, opts ...options.Lister[options.FindOptions]) []int32 {
	t.Helper()
	cur, err := coll.Find(testCtx(t), filter, opts...)
	if err != nil {
		t.Fatalf("find %v: %v", filter, err)
	}
	var docs []struct {
		ID int32 `bson:"_id"`
	}
	if err := cur.All(testCtx(t), &docs); err != nil {
		t.Fatal(err)
	}
	ids := make([]int32, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids
}

func findOne(t *testing.T, coll *mongo.Collection, id any) bson.D {
	t.Helper()
	var d bson.D
	if err := coll.FindOne(testCtx(t), bson.D{{Key: "_id", Value: id}}).Decode(&d); err != nil {
		t.Fatalf("findOne %v: %v", id, err)
	}
	return d
}

func extJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := bson.MarshalExtJSON(v, false, false)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
