package pool_test

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/wire"
)

// memDialer establishes in-memory connections for pool tests: no I/O, an
// optional delay and injected failures, and counters of concurrent
// establishments and live connections that tests assert on.
type memDialer struct {
	delay time.Duration
	// fail, when set, is asked before each establishment completes.
	fail func(id int64) error
	// desc, when set, gives each connection its handshake description.
	desc func(id int64) *description.Server

	establishing, maxEstablishing atomic.Int64
	live, maxLive                 atomic.Int64
	dials                         atomic.Int64
}

func raiseMax(max *atomic.Int64, v int64) {
	for {
		old := max.Load()
		if v <= old || max.CompareAndSwap(old, v) {
			return
		}
	}
}

func (d *memDialer) Dial(ctx context.Context, addr string, cfg pool.ConnConfig) (*pool.Conn, error) {
	d.dials.Add(1)
	raiseMax(&d.maxEstablishing, d.establishing.Add(1))
	defer d.establishing.Add(-1)
	// The socket counts as live from its connect, as a server sees it.
	raiseMax(&d.maxLive, d.live.Add(1))
	nc := &memConn{d: d, closed: make(chan struct{})}
	if d.delay > 0 {
		t := time.NewTimer(d.delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			_ = nc.Close()
			return nil, &pool.EstablishError{Stage: pool.StageHello, Addr: addr, Err: &pool.NetError{Op: "read", Addr: addr, Err: ctx.Err()}}
		}
	}
	if d.fail != nil {
		if err := d.fail(cfg.ID); err != nil {
			_ = nc.Close()
			return nil, err
		}
	}
	var desc *description.Server
	if d.desc != nil {
		desc = d.desc(cfg.ID)
	}
	return pool.WrapConn(nc, addr, cfg, desc), nil
}

// memConn is a socket that never carries data: reads block until Close.
type memConn struct {
	d      *memDialer
	once   sync.Once
	closed chan struct{}
}

func (c *memConn) Read([]byte) (int, error) {
	<-c.closed
	return 0, net.ErrClosed
}
func (c *memConn) Write(b []byte) (int, error) {
	select {
	case <-c.closed:
		return 0, net.ErrClosed
	default:
		return len(b), nil
	}
}
func (c *memConn) Close() error {
	c.once.Do(func() {
		close(c.closed)
		c.d.live.Add(-1)
	})
	return nil
}
func (c *memConn) LocalAddr() net.Addr                { return memAddr{} }
func (c *memConn) RemoteAddr() net.Addr               { return memAddr{} }
func (c *memConn) SetDeadline(t time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(t time.Time) error { return nil }

type memAddr struct{}

func (memAddr) Network() string { return "mem" }
func (memAddr) String() string  { return "mem" }

// pipeDialer establishes connections over net.Pipe to an in-process
// responder that answers every OP_MSG with {ok: 1}, after the number of
// milliseconds in the command's "sleepMS" field if any. It lets tests
// time out a read mid-reply and watch the pool drain it.
type pipeDialer struct {
	// fail, when set, is asked before each establishment.
	fail func() error

	wg   sync.WaitGroup
	live atomic.Int64
}

func (d *pipeDialer) Dial(ctx context.Context, addr string, cfg pool.ConnConfig) (*pool.Conn, error) {
	if d.fail != nil {
		if err := d.fail(); err != nil {
			return nil, err
		}
	}
	client, server := net.Pipe()
	d.live.Add(1)
	d.wg.Add(1)
	go d.serve(server)
	return pool.WrapConn(client, addr, cfg, nil), nil
}

func (d *pipeDialer) serve(nc net.Conn) {
	defer d.wg.Done()
	defer d.live.Add(-1)
	defer nc.Close()
	var buf []byte
	for {
		msg, err := wire.ReadMessage(nc, buf[:0], 48<<20)
		if err != nil {
			return
		}
		buf = msg
		m, err := wire.ParseMsg(msg)
		if err != nil {
			return
		}
		if ms, ok := m.Body.Lookup("sleepMS").AsInt64OK(); ok {
			time.Sleep(time.Duration(ms) * time.Millisecond)
		}
		body := bson.Raw(bson.AppendDoubleElement(mustDocStart(), "ok", 1))
		reply, err := wire.AppendMsg(nil, wire.NextRequestID(), m.Header.RequestID, 0, closeDoc(body), false)
		if err != nil {
			return
		}
		if _, err := nc.Write(reply); err != nil {
			return
		}
	}
}

func mustDocStart() []byte {
	b, _ := bson.AppendDocumentStart(nil)
	return b
}

// closeDoc ends a document begun by mustDocStart.
func closeDoc(b []byte) bson.Raw { return bson.AppendDocumentEnd(b, 0) }

// sleepCmd is {sleepMS: ms}: the responder waits that long before replying.
func sleepCmd(ms int64) bson.Raw {
	return closeDoc(bson.AppendInt64Element(mustDocStart(), "sleepMS", ms))
}

// pingCmd is {ping: 1}.
func pingCmd() bson.Raw {
	return closeDoc(bson.AppendInt32Element(mustDocStart(), "ping", 1))
}

// isTimeout reports a read that the context or a deadline interrupted.
func isTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.Is(err, context.Canceled) || errors.Is(err, io.ErrUnexpectedEOF)
}

// waitFor polls cond until it holds or the time runs out.
func waitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// closePool closes p, giving checked-out connections no grace.
func closePool(t testing.TB, p *pool.Pool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := p.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
}
