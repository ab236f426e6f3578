package mongotest_test

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/spectest"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/wire"
)

// The server side of the driver benchmarking spec's tasks that the
// crosscheck client benchmarks run: one iteration is one round trip (hello,
// a find by _id) or one whole cursor (find many, drained by getMore), sent
// the way drivers send them (lsid included). Allocations include the
// benchmark's own reply buffers, which it reuses, so they are the server's.

// benchConn is a raw wire client that reuses its buffers.
type benchConn struct {
	b    *testing.B
	nc   net.Conn
	out  []byte
	in   []byte
	lsid bson.Raw
}

func newBenchConn(b *testing.B, s *mongotest.Server) *benchConn {
	nc, err := net.DialTimeout("tcp", s.Addr(), 5*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { nc.Close() })
	lsid, ls := bson.AppendDocumentStart(nil)
	lsid = bson.AppendBinaryElement(lsid, "id", 4, make([]byte, 16))
	lsid = bson.AppendDocumentEnd(lsid, ls)
	return &benchConn{b: b, nc: nc, lsid: lsid}
}

// roundTrip sends a command whose fields fn appends (before lsid and $db)
// and returns the reply body, valid until the next call.
func (c *benchConn) roundTrip(db string, fn func(dst []byte) []byte) bson.Raw {
	var start int
	body := c.out[:0]
	body, start = bson.AppendDocumentStart(body)
	body = fn(body)
	body = bson.AppendDocumentElement(body, "lsid", c.lsid)
	body = bson.AppendStringElement(body, "$db", db)
	body = bson.AppendDocumentEnd(body, start)
	msg, ms := wire.BeginMsg(body[len(body):], wire.NextRequestID(), 0, 0)
	msg = wire.AppendBodySection(msg, body)
	msg, err := wire.FinishMsg(msg, ms, false)
	if err != nil {
		c.b.Fatal(err)
	}
	c.out = msg[:0]
	if _, err := c.nc.Write(msg); err != nil {
		c.b.Fatal(err)
	}
	in, err := wire.ReadMessage(c.nc, c.in[:0], 0)
	if err != nil {
		c.b.Fatal(err)
	}
	c.in = in
	m, err := wire.ParseMsg(in)
	if err != nil {
		c.b.Fatal(err)
	}
	if ok := m.Body.Lookup("ok").Double(); ok != 1 {
		c.b.Fatalf("command failed: %s", m.Body)
	}
	return m.Body
}

// benchTweet reads the benchmarking spec's tweet document.
func benchTweet(b *testing.B) bson.Raw {
	path := filepath.Join(spectest.Root(b), "source", "benchmarking", "data", "single_and_multi_document", "tweet.json")
	js, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("tweet.json not found: %v", err)
	}
	doc, err := bson.ParseExtJSON(nil, js, false)
	if err != nil {
		b.Fatal(err)
	}
	return doc
}

// seedBenchTweets inserts the tweet 10,000 times with _id 1 to 10,000.
func seedBenchTweets(b *testing.B, c *benchConn, tweet bson.Raw) {
	for lo := 1; lo <= 10_000; lo += 1000 {
		c.roundTrip("perftest", func(dst []byte) []byte {
			dst = bson.AppendStringElement(dst, "insert", "corpus")
			dst, as := bson.AppendArrayElementStart(dst, "documents")
			for i := range 1000 {
				var ds int
				dst, ds = bson.AppendDocumentElementStart(dst, itoa(int64(i)))
				dst = bson.AppendInt32Element(dst, "_id", int32(lo+i))
				dst = append(dst, tweet[4:len(tweet)-1]...)
				dst = bson.AppendDocumentEnd(dst, ds)
			}
			return bson.AppendDocumentEnd(dst, as)
		})
	}
}

// BenchmarkServe measures the server's side of hello, a find by _id and
// a find of 10,000 documents drained through getMore.
func BenchmarkServe(b *testing.B) {
	tweet := benchTweet(b)
	s := mongotest.NewServer()
	b.Cleanup(s.Close)
	c := newBenchConn(b, s)
	seedBenchTweets(b, c, tweet)
	b.Run("Hello", func(b *testing.B) {
		c.b = b
		b.ReportAllocs()
		for b.Loop() {
			c.roundTrip("admin", func(dst []byte) []byte { return bson.AppendBooleanElement(dst, "hello", true) })
		}
	})
	b.Run("FindOneByID", func(b *testing.B) {
		c.b = b
		b.ReportAllocs()
		b.SetBytes(int64(len(tweet)))
		i := 0
		for b.Loop() {
			i++
			benchFindOne(c, int32(i%10_000+1))
		}
	})
	b.Run("FindMany", func(b *testing.B) {
		c.b = b
		b.ReportAllocs()
		b.SetBytes(int64(len(tweet)) * 10_000)
		for b.Loop() {
			if n := benchFindMany(c); n != 10_000 {
				b.Fatalf("cursor returned %d documents, want 10000", n)
			}
		}
	})
}

func benchFindOne(c *benchConn, id int32) {
	reply := c.roundTrip("perftest", func(dst []byte) []byte {
		dst = bson.AppendStringElement(dst, "find", "corpus")
		dst, fs := bson.AppendDocumentElementStart(dst, "filter")
		dst = bson.AppendInt32Element(dst, "_id", id)
		dst = bson.AppendDocumentEnd(dst, fs)
		dst = bson.AppendInt64Element(dst, "limit", 1)
		return bson.AppendBooleanElement(dst, "singleBatch", true)
	})
	batch := reply.Lookup("cursor").Document().Lookup("firstBatch").Array()
	if batch.Index(0).Document().Lookup("_id").Int32() != id {
		c.b.Fatalf("find by _id %d returned %s", id, reply)
	}
}

// benchFindMany runs find {} and getMore until the cursor is exhausted and
// returns the number of documents seen.
func benchFindMany(c *benchConn) int {
	reply := c.roundTrip("perftest", func(dst []byte) []byte {
		dst = bson.AppendStringElement(dst, "find", "corpus")
		dst, fs := bson.AppendDocumentElementStart(dst, "filter")
		return bson.AppendDocumentEnd(dst, fs)
	})
	n := 0
	for {
		cur := reply.Lookup("cursor").Document()
		batch := cur.Lookup("firstBatch")
		if batch.Type == 0 {
			batch = cur.Lookup("nextBatch")
		}
		n += batch.Array().Len()
		id := cur.Lookup("id").Int64()
		if id == 0 {
			return n
		}
		reply = c.roundTrip("perftest", func(dst []byte) []byte {
			dst = bson.AppendInt64Element(dst, "getMore", id)
			return bson.AppendStringElement(dst, "collection", "corpus")
		})
	}
}
