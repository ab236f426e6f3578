package operation_test

import (
	"context"
	"encoding/binary"
	"net"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
	"github.com/cwal-go/cwal/wire"
)

// cannedConn is a net.Conn whose peer answers every request with the same
// reply body (nothing for moreToCome), without a goroutine: the client's
// costs are measured alone.
type cannedConn struct {
	reply   bson.Raw
	pending []byte
	out     []byte
}

func (c *cannedConn) Write(b []byte) (int, error) {
	flags := wire.MsgFlags(binary.LittleEndian.Uint32(b[16:]))
	if flags&wire.MoreToCome == 0 {
		reqID := int32(binary.LittleEndian.Uint32(b[4:]))
		c.out, _ = wire.AppendMsg(c.out[:0], 1, reqID, 0, c.reply, false)
		c.pending = c.out
	}
	return len(b), nil
}

func (c *cannedConn) Read(b []byte) (int, error) {
	n := copy(b, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

func (c *cannedConn) Close() error                     { return nil }
func (c *cannedConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *cannedConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c *cannedConn) SetDeadline(time.Time) error      { return nil }
func (c *cannedConn) SetReadDeadline(time.Time) error  { return nil }
func (c *cannedConn) SetWriteDeadline(time.Time) error { return nil }

// cannedServer hands out its one connection.
type cannedServer struct {
	conn *pool.Conn
	desc description.Server
}

func (s *cannedServer) Description() description.Server                { return s.desc }
func (s *cannedServer) Checkout(context.Context) (*pool.Conn, error)   { return s.conn, nil }
func (s *cannedServer) Checkin(*pool.Conn) error                       { return nil }
func (s *cannedServer) HandleError(context.Context, topology.AppError) {}
func (s *cannedServer) Done()                                          {}
func (s *cannedServer) SelectServer(context.Context, topology.Criteria) (operation.Server, error) {
	return s, nil
}
func (s *cannedServer) Kind() topology.Kind { return topology.ReplicaSetWithPrimary }

func newCanned(b *testing.B, reply bson.Raw) *cannedServer {
	lstm := int64(30)
	desc := description.Server{Addr: "bench:27017", Type: description.RSPrimary, MaxWireVersion: 25,
		MaxBSONObjectSize: 16 << 20, MaxMessageSizeBytes: 48_000_000, MaxWriteBatchSize: 100_000, LogicalSessionTimeoutMinutes: &lstm}
	return &cannedServer{conn: pool.WrapConn(&cannedConn{reply: reply}, desc.Addr, pool.ConnConfig{}, &desc), desc: desc}
}

// BenchmarkInsert1000 builds and sends an insert of 1,000 small documents
// (w: 0, so nothing is read back): the allocations do not grow with the
// number of documents.
func BenchmarkInsert1000(b *testing.B) {
	s := newCanned(b, nil)
	ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(1000, 10)}
	opts := operation.ExecOptions{WriteConcern: operation.WriteConcern{W: operation.Some(operation.WValue{})}}
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(1000 * len(ins.Documents[0])))
	for b.Loop() {
		if err := operation.Execute(ctx, s, ins, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInsert1000Acknowledged is the same insert with a reply read.
func BenchmarkInsert1000Acknowledged(b *testing.B) {
	s := newCanned(b, ext(b, `{"n": 1000, "ok": 1}`))
	ins := &operation.Insert{DB: "db", Collection: "c", Documents: docs(1000, 10)}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := operation.Execute(ctx, s, ins, operation.ExecOptions{}); err != nil || ins.Result.N != 1000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindOneCanned is a FindOne round trip without a network: the
// driver's own allocations per operation.
func BenchmarkFindOneCanned(b *testing.B) {
	s := newCanned(b, ext(b, `{"cursor": {"id": {"$numberLong": "0"}, "ns": "db.c", "firstBatch": [{"_id": 1, "text": "hello"}]}, "ok": 1}`))
	f := &operation.Find{DB: "db", Collection: "c", Filter: ext(b, `{"_id": 1}`), Options: operation.FindOptions{Limit: 1, SingleBatch: true}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := operation.Execute(ctx, s, f, operation.ExecOptions{RetryReads: true}); err != nil || f.Result.Len() != 1 {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindOneMongotest is a FindOne round trip to mongotest over
// loopback.
func BenchmarkFindOneMongotest(b *testing.B) {
	_, _, d := newDeployment(b)
	if err := run(b, d, &operation.Insert{DB: "db", Collection: "c", Documents: docs(10, 100)}, operation.ExecOptions{}); err != nil {
		b.Fatal(err)
	}
	f := &operation.Find{DB: "db", Collection: "c", Filter: ext(b, `{"_id": 5}`), Options: operation.FindOptions{Limit: 1, SingleBatch: true}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := operation.Execute(ctx, d, f, operation.ExecOptions{RetryReads: true}); err != nil || f.Result.Len() != 1 {
			b.Fatal(err)
		}
	}
}

// TestAllocations pins the allocation counts the benchmarks report.
func TestAllocations(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are measured without -short and -race")
	}
	for _, tc := range []struct {
		name string
		max  float64
		fn   func(*testing.B)
	}{
		{"Insert1000", 1, BenchmarkInsert1000},
		{"Insert1000Acknowledged", 1, BenchmarkInsert1000Acknowledged},
		{"FindOneCanned", 1, BenchmarkFindOneCanned},
	} {
		r := testing.Benchmark(tc.fn)
		if a := float64(r.AllocsPerOp()); a > tc.max {
			t.Errorf("%s: %v allocs/op, want at most %v", tc.name, a, tc.max)
		}
		t.Logf("%s: %v", tc.name, r)
	}
}
