package mongotest

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// Server is an in-process MongoDB-compatible server listening on a
// loopback port, in the manner of net/http/httptest.Server. Its methods
// are safe for concurrent use.
type Server struct {
	cfg    config
	log    *slog.Logger
	ln     net.Listener
	member *member

	cat      *store.Catalog
	cursors  *cursorTable
	fail     *failPoints
	users    *userDB
	txns     *txnTable
	sessions *sessionRegistry
	clock    *clusterClock
	connIDs  atomic.Int64
	commands map[string]*command

	ctx    context.Context // ends at Close
	cancel context.CancelFunc

	mu      sync.Mutex
	conns   map[*conn]struct{}
	peak    int // most connections open at once since Start or ResetPeakConnections
	started bool
	closed  bool
	wg      sync.WaitGroup
}

// NewServer starts a server on a free loopback port (see WithListenAddr)
// and returns it; Close it when done. It panics if it cannot listen, as
// httptest.NewServer does.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns a server that is not yet listening; call
// Start after any further setup.
func NewUnstartedServer(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg:      cfg,
		log:      cfg.logger,
		cat:      store.NewCatalog(),
		cursors:  newCursorTable(),
		fail:     newFailPoints(),
		txns:     newTxnTable(),
		sessions: newSessionRegistry(),
		clock:    newClusterClock(),
		ctx:      ctx,
		cancel:   cancel,
		conns:    make(map[*conn]struct{}),
	}
	s.users = newUserDB(cfg.users)
	s.commands = commandTable()
	return s
}

// Start begins listening. It panics if the server was already started or
// cannot listen.
func (s *Server) Start() {
	if err := s.StartErr(); err != nil {
		panic("mongotest: " + err.Error())
	}
}

// StartErr is Start that returns its error instead of panicking.
func (s *Server) StartErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return fmt.Errorf("server already started")
	}
	addr := s.cfg.addr
	if addr == "" {
		addr = "127.0.0.1:0"
		if s.cfg.ipv6 {
			addr = "[::1]:0"
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.started = true
	s.ln = ln
	s.member = newMember(ln.Addr().String(), s.cfg.setName, s.cfg.standalone)
	s.wg.Add(1)
	go s.acceptLoop()
	s.log.Debug("mongotest listening", "addr", s.Addr())
	return nil
}

// Addr returns the host:port the server listens on. Like URI, DirectURI
// and ReplicaSetName, it is valid once the server has started.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// URI returns a connection string for the server: in replica-set mode it
// names the set ("mongodb://127.0.0.1:port/?replicaSet=rs0"), so drivers
// discover the member through hello; standalone it is a plain address.
func (s *Server) URI() string {
	if s.member.rs != nil {
		return "mongodb://" + s.Addr() + "/?replicaSet=" + s.member.rs.name
	}
	return "mongodb://" + s.Addr() + "/"
}

// DirectURI returns a connection string with directConnection=true, which
// skips replica-set discovery.
func (s *Server) DirectURI() string {
	return "mongodb://" + s.Addr() + "/?directConnection=true"
}

// ReplicaSetName returns the set name, or "" for a standalone server.
func (s *Server) ReplicaSetName() string {
	if s.member.rs == nil {
		return ""
	}
	return s.member.rs.name
}

func (s *Server) acceptLoop() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			if !s.isClosed() && !strings.Contains(err.Error(), "use of closed") {
				s.log.Debug("accept failed", "err", err)
			}
			return
		}
		c := s.newConn(nc)
		if !s.track(c) {
			nc.Close()
			return
		}
		go c.serve()
	}
}

// track registers a connection; false once the server is closing.
func (s *Server) track(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	s.peak = max(s.peak, len(s.conns))
	s.wg.Add(1)
	return true
}

func (s *Server) untrack(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Close stops listening, closes every client connection, and waits until
// every command in progress has finished and every goroutine of the
// server has ended. Blocking waits (streaming hello, awaitData getMore,
// blockConnection fail points) end at once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	started := s.started
	s.mu.Unlock()
	s.cancel()
	if started {
		s.ln.Close()
	}
	for _, c := range conns {
		c.close()
	}
	s.wg.Wait()
	s.cursors.closeAll()
}

// CloseClientConnections closes every open client connection, as a
// network failure would, and keeps the server running.
func (s *Server) CloseClientConnections() {
	s.mu.Lock()
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
}

// NumConnections returns the number of open client connections.
func (s *Server) NumConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// PeakConnections returns the most client connections that were open at
// once since the server started or ResetPeakConnections was called. It is
// exact, for tests that bound how many connections a driver opens.
func (s *Server) PeakConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// ResetPeakConnections starts a new peak from the connections open now.
func (s *Server) ResetPeakConnections() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peak = len(s.conns)
}
