package pool

import (
	"context"
	"crypto/tls"
	"net"
	"strings"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// DefaultConnectTimeout is connectTimeoutMS's default.
const DefaultConnectTimeout = 10 * time.Second

// defaultKeepAlive follows MongoDB's production advice of a two-minute TCP
// keep-alive, well below the idle timeouts of common firewalls.
const defaultKeepAlive = 120 * time.Second

// Dialer opens sockets; *net.Dialer implements it. A SOCKS5 proxy dialer
// can stand in.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// ConnConfig says how Dial establishes a connection. It is plain data: the
// zero value dials TCP without TLS, authentication or compression, with the
// default timeouts. ConnConfigFromConnString fills one from a URI.
type ConnConfig struct {
	// ConnectTimeout bounds the socket connect and the TLS handshake
	// (connectTimeoutMS). 0 means DefaultConnectTimeout; a negative value
	// means no limit but ctx's.
	ConnectTimeout time.Duration
	// SocketTimeout bounds each exchange on the socket (a write, its
	// reply's read, or a Drain), in addition to the context
	// (socketTimeoutMS); 0 means no limit but the context's.
	SocketTimeout time.Duration
	// Dialer opens the socket; nil means a net.Dialer with a two-minute
	// keep-alive.
	Dialer Dialer
	// TLS, when non-nil, secures the connection. An empty ServerName is
	// replaced by the host name of the address (SNI and verification).
	// NewTLSConfig makes one from the tls* URI options.
	TLS *tls.Config

	// AppName is the application name sent in the handshake (appname, at
	// most 128 bytes).
	AppName string
	// DriverInfo lists libraries that wrap the driver, appended to the
	// handshake's driver and platform fields.
	DriverInfo []DriverInfo
	// ClientMetadata, when set, is the handshake's client document as
	// AppendClientMetadata makes it, built once instead of per connection;
	// AppName and DriverInfo are then not used.
	ClientMetadata bson.Raw

	// Compressors are the compressors to offer, in preference order:
	// "snappy", "zlib", "zstd". Unknown names are skipped.
	Compressors []string
	// ZlibLevel is zlibCompressionLevel for zlib: 1 (fastest) to 9
	// (smallest); 0 or -1 mean zlib's default (6), and ZlibLevelNone asks
	// for level 0 (stored, uncompressed).
	ZlibLevel int

	// Auth authenticates each connection; nil means no authentication.
	// Share one among all connections of a client: it caches SCRAM keys.
	Auth *Authenticator
	// LoadBalanced asks for load-balanced mode: the hello says
	// loadBalanced: true, the reply must carry a serviceId, and the
	// description's type is LoadBalancer.
	LoadBalanced bool
	// ServerAPI, when set, is the declared Stable API version, sent with
	// every command of the connection (the handshake uses hello).
	ServerAPI *ServerAPI

	// ID, when non-zero, is the connection's id (a pool numbers its own
	// connections from 1); 0 takes the next process-wide number.
	ID int64
	// Generation is recorded on the connection for the pool.
	Generation uint64
}

// ZlibLevelNone is the ZlibLevel that asks for zlib level 0.
const ZlibLevelNone = -2

// Dial opens a connection to addr and establishes it: connect (TCP, or a
// Unix socket for a path ending in ".sock" or starting with "/"), TLS,
// the hello handshake with client metadata, compressor negotiation,
// speculative authentication and authentication. The whole of it is
// bounded by ctx; the connect and TLS handshake also by ConnectTimeout.
//
// Failures are an *EstablishError naming the stage; its Backpressure method
// says whether the pool must treat it as a sign of overload.
func Dial(ctx context.Context, addr string, cfg ConnConfig) (*Conn, error) {
	addr = description.NormalizeAddr(addr)
	nc, err := openSocket(ctx, addr, &cfg)
	if err != nil {
		return nil, err
	}
	c := newConn(nc, addr, &cfg)
	if err := c.handshake(ctx, &cfg); err != nil {
		_ = c.Close()
		return nil, err
	}
	return c, nil
}

// openSocket connects and, when configured, completes the TLS handshake,
// both under the connect timeout.
func openSocket(ctx context.Context, addr string, cfg *ConnConfig) (net.Conn, error) {
	timeout := cfg.ConnectTimeout
	if timeout == 0 {
		timeout = DefaultConnectTimeout
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	network, host := "tcp", hostOf(addr)
	if isSocketPath(addr) {
		network = "unix"
	}
	d := cfg.Dialer
	if d == nil {
		d = &net.Dialer{KeepAlive: defaultKeepAlive}
	}
	nc, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, &EstablishError{Stage: StageDial, Addr: addr, Err: &NetError{Op: "dial", Addr: addr, Err: dialCause(ctx, err)}}
	}
	if cfg.TLS == nil {
		return nc, nil
	}
	tc := tls.Client(nc, tlsConfigFor(cfg.TLS, host))
	if err := tc.HandshakeContext(ctx); err != nil {
		_ = nc.Close()
		return nil, &EstablishError{Stage: StageTLS, Addr: addr, Err: &NetError{Op: "tls handshake", Addr: addr, Err: dialCause(ctx, err)}}
	}
	return tc, nil
}

// dialCause reports the context's error when it ended the attempt.
func dialCause(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !isCertificateError(err) {
		return ctxErr
	}
	return err
}

// tlsConfigFor sets the server name (SNI, and the name verified) to the
// host when the configuration leaves it empty.
func tlsConfigFor(base *tls.Config, host string) *tls.Config {
	if base.ServerName != "" {
		return base
	}
	cfg := base.Clone()
	cfg.ServerName = host
	return cfg
}

// isSocketPath reports a Unix domain socket address.
func isSocketPath(addr string) bool {
	return strings.HasSuffix(addr, ".sock") || strings.HasPrefix(addr, "/")
}

// hostOf returns the host of a normalized address, without brackets.
func hostOf(addr string) string {
	if isSocketPath(addr) {
		return addr
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return host
}
