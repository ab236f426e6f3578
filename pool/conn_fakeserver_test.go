package pool_test

import (
	"crypto/tls"
	"encoding/binary"
	"errors"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/compressor"
	"github.com/cwal-go/cwal/wire"
)

// fakeServer is a scripted MongoDB stand-in for the connection tests: it
// answers the handshake, SCRAM and X509 authentication, ping, and a few
// test commands that block, stream, hang up or misbehave. It is temporary:
// mongotest replaces it once it exists.
type fakeServer struct {
	t    testing.TB
	ln   net.Listener
	addr string
	opts fakeOptions

	wg      sync.WaitGroup
	release chan struct{} // closed by Release: "block" and "partial" go on
	relOnce sync.Once
	quit    chan struct{}
	connIDs atomic.Int32

	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	hellos   []bson.Raw
	received []receivedCmd
}

type fakeOptions struct {
	users         map[string]string // SCRAM users and passwords; auth is required when set
	mechs         []string          // saslSupportedMechs for a known user; default both SCRAM
	compressors   []string          // compressors the server accepts
	tls           *tls.Config       // serve TLS
	x509          bool              // accept MONGODB-X509 with the TLS client certificate
	noSpeculative bool              // ignore speculativeAuthenticate, as servers before 4.4
	unix          bool              // listen on a Unix socket
	helloFields   func(b []byte) []byte
	maxMessage    int32             // maxMessageSizeBytes to report; 0: default
	quiet         bool              // record nothing and answer ping from a prepared reply (benchmarks)
	onCommand     func(name string) // called as each command arrives, before it is answered
}

type receivedCmd struct {
	name       string
	compressed bool
	db         string
}

func newFakeServer(t testing.TB, opts fakeOptions) *fakeServer {
	t.Helper()
	if opts.unix {
		return newFakeServerOn(t, "unix", filepath.Join(t.TempDir(), "mongodb-test.sock"), opts)
	}
	return newFakeServerOn(t, "tcp", "127.0.0.1:0", opts)
}

func newFakeServerOn(t testing.TB, network, address string, opts fakeOptions) *fakeServer {
	t.Helper()
	ln, err := net.Listen(network, address)
	if err != nil {
		t.Fatal(err)
	}
	if opts.tls != nil {
		ln = tls.NewListener(ln, opts.tls)
	}
	s := &fakeServer{t: t, ln: ln, addr: ln.Addr().String(), opts: opts,
		release: make(chan struct{}), quit: make(chan struct{}), conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.Close)
	return s
}

// Release lets blocked "block" and "partial" commands finish.
func (s *fakeServer) Release() { s.relOnce.Do(func() { close(s.release) }) }

// Close stops the server and waits for every goroutine it started.
func (s *fakeServer) Close() {
	select {
	case <-s.quit:
		return
	default:
	}
	close(s.quit)
	s.Release()
	_ = s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	if s.opts.unix {
		_ = os.Remove(s.addr)
	}
}

func (s *fakeServer) accept() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[nc] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)
		go s.serve(nc)
	}
}

// Hellos returns copies of the handshake commands received.
func (s *fakeServer) Hellos() []bson.Raw {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]bson.Raw(nil), s.hellos...)
}

// Received returns the commands received, in order.
func (s *fakeServer) Received() []receivedCmd {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]receivedCmd(nil), s.received...)
}

// serverConn is the server's state for one connection.
type serverConn struct {
	nc       net.Conn
	id       int32
	authed   bool
	sasl     map[int32]*saslState
	nextConv int32
	rbuf     []byte
	dbuf     []byte
	wbuf     []byte
	wbufComp []byte // quiet mode: the compressed ping reply, once one was made
}

func (s *fakeServer) serve(nc net.Conn) {
	defer s.wg.Done()
	defer func() {
		_ = nc.Close()
		s.mu.Lock()
		delete(s.conns, nc)
		s.mu.Unlock()
	}()
	sc := &serverConn{nc: nc, id: s.connIDs.Add(1), authed: s.opts.users == nil && !s.opts.x509, sasl: map[int32]*saslState{}}
	for {
		if !s.serveOne(sc) {
			return
		}
	}
}

// serveOne reads one request and answers it; false ends the connection.
func (s *fakeServer) serveOne(sc *serverConn) bool {
	raw, err := wire.ReadMessage(sc.nc, sc.rbuf, 0)
	if err != nil {
		return false
	}
	sc.rbuf = raw
	msg, comp := raw, compressor.ID(255)
	if h, _ := wire.ParseHeader(raw); h.OpCode == wire.OpCompressed {
		c, err := wire.ParseCompressed(raw)
		if err != nil {
			return false
		}
		if s.opts.quiet && sc.authed && sc.id > 0 && sc.wbufComp != nil {
			return s.fastReply(sc, sc.wbufComp, h.RequestID) // benchmarks send only pings
		}
		comp = c.CompressorID
		if sc.dbuf, err = wire.AppendDecompressed(sc.dbuf[:0], raw, 0); err != nil {
			return false
		}
		msg = sc.dbuf
	}
	m, err := wire.ParseMsg(msg)
	if err != nil {
		return false
	}
	it := m.Body.Iter()
	it.Next()
	if s.opts.quiet && string(it.KeyBytes()) == "ping" && comp == 255 {
		return s.fastPing(sc, m.Header.RequestID)
	}
	name := it.Key()
	if !s.opts.quiet {
		s.record(name, comp != 255, m.Body)
	}
	if s.opts.onCommand != nil {
		s.opts.onCommand(name)
	}
	r := &responder{s: s, sc: sc, req: m, comp: comp, compress: comp != 255 && wire.ShouldCompress(name),
		noReply: m.Flags&wire.MoreToCome != 0}
	if s.opts.quiet && r.compress && name == "ping" {
		sc.wbufComp, _ = (&responder{s: s, sc: sc, req: m, comp: comp, compress: true}).encode(fakeDoc("ok", 1.0), 0)
	}
	return s.dispatch(r, name)
}

func (s *fakeServer) record(name string, compressed bool, body bson.Raw) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.received = append(s.received, receivedCmd{name: name, compressed: compressed, db: body.Lookup("$db").StringValue()})
	if name == "isMaster" || name == "hello" {
		s.hellos = append(s.hellos, append(bson.Raw(nil), body...))
	}
}

// responder writes the replies to one request.
type responder struct {
	s        *fakeServer
	sc       *serverConn
	req      wire.Msg
	comp     compressor.ID
	compress bool
	noReply  bool  // the request had moreToCome: answer nothing
	last     int32 // requestID of the previous reply in a stream
}

// reply writes one OP_MSG reply, compressed like the request.
func (r *responder) reply(body bson.Raw, flags wire.MsgFlags) bool {
	if r.noReply {
		return true
	}
	b, ok := r.encode(body, flags)
	if !ok {
		return false
	}
	_, err := r.sc.nc.Write(b)
	return err == nil
}

func (r *responder) encode(body bson.Raw, flags wire.MsgFlags) ([]byte, bool) {
	to := r.req.Header.RequestID
	if r.last != 0 {
		to = r.last
	}
	r.last = wire.NextRequestID()
	msg, err := wire.AppendMsg(nil, r.last, to, flags, body, false)
	if err != nil {
		r.s.t.Errorf("fake server: %v", err)
		return nil, false
	}
	if !r.compress {
		return msg, true
	}
	c, err := compressor.New(r.comp, -1)
	if err == nil {
		msg, err = wire.AppendCompressed(nil, msg, c)
	}
	if err != nil {
		r.s.t.Errorf("fake server: %v", err)
		return nil, false
	}
	return msg, true
}

// doc builds a reply: key/value pairs then ok: 1.
func fakeDoc(kv ...any) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	b = fakeAppendPairs(b, kv...)
	return bson.AppendDocumentEnd(b, start)
}

func fakeAppendPairs(b []byte, kv ...any) []byte {
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		switch v := kv[i+1].(type) {
		case string:
			b = bson.AppendStringElement(b, k, v)
		case int:
			b = bson.AppendInt32Element(b, k, int32(v))
		case int32:
			b = bson.AppendInt32Element(b, k, v)
		case float64:
			b = bson.AppendDoubleElement(b, k, v)
		case bool:
			b = bson.AppendBooleanElement(b, k, v)
		case bson.Raw:
			b = bson.AppendDocumentElement(b, k, v)
		case []string:
			var a int
			b, a = bson.AppendArrayElementStart(b, k)
			for j, s := range v {
				b = bson.AppendArrayHeader(b, bson.TypeString, j)
				b = bson.AppendString(b, s)
			}
			b = bson.AppendDocumentEnd(b, a)
		case bson.ObjectID:
			b = bson.AppendObjectIDElement(b, k, v)
		case []byte:
			b = bson.AppendBinaryElement(b, k, 0, v)
		default:
			panic("doc: unsupported value")
		}
	}
	return b
}

func fakeErrReply(code int, name, msg string) bson.Raw {
	return fakeDoc("ok", 0.0, "errmsg", msg, "code", code, "codeName", name)
}

var errFake = errors.New("fake server")

// patchResponseTo rewrites a reply's responseTo, for the misbehaving
// command.
func patchResponseTo(msg []byte, to int32) { binary.LittleEndian.PutUint32(msg[8:], uint32(to)) }

// fastPing answers an uncompressed ping without allocating, so that
// benchmarks measure the client.
func (s *fakeServer) fastPing(sc *serverConn, requestID int32) bool {
	if sc.wbuf == nil {
		sc.wbuf, _ = wire.AppendMsg(nil, 1, 0, 0, fakeDoc("ok", 1.0), false)
	}
	return s.fastReply(sc, sc.wbuf, requestID)
}

func (s *fakeServer) fastReply(sc *serverConn, reply []byte, requestID int32) bool {
	patchResponseTo(reply, requestID)
	_, err := sc.nc.Write(reply)
	return err == nil
}

// wait blocks until Release, server close, or d.
func (s *fakeServer) wait(d time.Duration) {
	select {
	case <-s.release:
	case <-s.quit:
	case <-time.After(d):
	}
}
