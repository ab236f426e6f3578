// Package pool holds the connection layer of the driver: a Conn is one
// established connection to one server (socket, TLS, handshake,
// compression, authentication), and the pool that shares connections among
// operations (CMAP).
package pool

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/internal/compressor"
)

// lastConnID numbers connections process-wide when the caller does not.
var lastConnID atomic.Int64

// MaxRetainedBuffer is the largest read, write or decompression buffer a
// connection keeps between messages. A larger one, needed for one big
// message, is dropped afterwards so idle connections do not pin memory.
//
// It is a promise callers may rely on: a reply returned in a buffer whose
// capacity exceeds MaxRetainedBuffer is never written again by the
// connection, so the caller may keep it without copying (the operation
// layer does, for large cursor batches).
const MaxRetainedBuffer = 4 << 20

const maxRetainedBuffer = MaxRetainedBuffer

// Conn is one established connection to a server, made by Dial: the
// handshake and authentication are done, compression negotiated.
//
// A Conn carries one request and its reply(s) at a time and is not safe for
// concurrent use: a second goroutine entering an I/O method while one is
// running gets ErrConcurrentUse. Close, State, Err and the accessors are
// safe to call from any goroutine. Messages returned by reads are views
// into the connection's buffer, valid until its next I/O call.
type Conn struct {
	nc         net.Conn
	addr       string
	id         int64
	generation uint64
	desc       description.Server
	created    time.Time
	lastUsed   time.Time

	comp          compressor.Compressor
	compress      bool
	maxMsg        int32
	socketTimeout time.Duration
	serverAPI     *ServerAPI

	wbuf, dbuf, cmdbuf []byte
	rd                 msgReader
	expectTo           int32 // responseTo of the next reply while one is pending

	watch ctxWatch
	busy  atomic.Bool

	mu    sync.Mutex // guards state and err
	state atomic.Uint32
	err   error
	// closeCause replaces ErrConnClosed in the errors of I/O after a
	// close that had a reason (closeWithCause).
	closeCause error
}

func newConn(nc net.Conn, addr string, cfg *ConnConfig) *Conn {
	c := &Conn{
		nc:            nc,
		addr:          addr,
		id:            cfg.ID,
		generation:    cfg.Generation,
		created:       time.Now(),
		maxMsg:        description.DefaultMaxMessageSizeBytes,
		socketTimeout: cfg.SocketTimeout,
		serverAPI:     cfg.ServerAPI,
	}
	if c.id == 0 {
		c.id = lastConnID.Add(1)
	}
	c.lastUsed = c.created
	c.watch.init(nc)
	return c
}

// ID returns the connection's id: ConnConfig.ID, or a process-wide
// sequence number starting at 1.
func (c *Conn) ID() int64 { return c.id }

// Addr returns the server address, normalized (description.NormalizeAddr).
func (c *Conn) Addr() string { return c.addr }

// Generation returns ConnConfig.Generation, the pool generation the
// connection was made in.
func (c *Conn) Generation() uint64 { return c.generation }

// Description returns the server description made from the handshake's
// hello reply (type LoadBalancer in load-balanced mode).
func (c *Conn) Description() description.Server { return c.desc }

// ServerConnectionID returns the server's id for this connection (hello
// connectionId), 0 if the server did not say.
func (c *Conn) ServerConnectionID() int64 { return c.desc.ConnectionID }

// Compressor returns the name of the negotiated compressor, "" when
// messages travel uncompressed.
func (c *Conn) Compressor() string {
	if !c.compress {
		return ""
	}
	return c.comp.ID().String()
}

// MaxMessageSize returns the largest message the server accepts and the
// connection reads (maxMessageSizeBytes, 48 MB by default).
func (c *Conn) MaxMessageSize() int32 { return c.maxMsg }

// CreatedAt returns when Dial created the connection.
func (c *Conn) CreatedAt() time.Time { return c.created }

// LastUsed returns when the connection last completed reading a reply (or
// was created). Read it only while no I/O is running, as a pool does for
// idle connections.
func (c *Conn) LastUsed() time.Time { return c.lastUsed }

// LocalAddr and RemoteAddr return the socket's addresses.
func (c *Conn) LocalAddr() net.Addr { return c.nc.LocalAddr() }

// RemoteAddr returns the address of the server end of the socket.
func (c *Conn) RemoteAddr() net.Addr { return c.nc.RemoteAddr() }

// Close closes the socket. It is idempotent and safe to call from any
// goroutine, including while another goroutine is blocked in I/O on the
// connection, which then fails with ErrConnClosed.
func (c *Conn) Close() error { return c.closeWithCause(ErrConnClosed) }

// closeWithCause is Close with the error that I/O blocked on or started
// after the close reports inside its *NetError (a PoolClearedError when a
// clear interrupts connections in use), unless the connection had already
// failed.
func (c *Conn) closeWithCause(cause error) error {
	c.mu.Lock()
	if ConnState(c.state.Load()) == StateClosed {
		c.mu.Unlock()
		return nil
	}
	wasBroken := ConnState(c.state.Load()) == StateBroken
	c.state.Store(uint32(StateClosed))
	if c.err == nil {
		c.err = ErrConnClosed
	}
	if cause != ErrConnClosed {
		c.closeCause = cause
	}
	c.mu.Unlock()
	if wasBroken {
		return nil // the socket was closed when it broke
	}
	return c.nc.Close()
}
