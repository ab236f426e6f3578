package mongotest

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"

	"github.com/cwal-go/cwal/internal/compressor"
	"github.com/cwal-go/cwal/wire"
)

// maxMessageSize is maxMessageSizeBytes as hello reports it.
const maxMessageSize = 48_000_000

// conn is one client connection, served by one goroutine.
type conn struct {
	srv    *Server
	nc     net.Conn
	id     int64
	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once

	// Handshake and authentication state, touched only by the serving
	// goroutine, except appName which fail points read under mu.
	mu          sync.Mutex
	appName     string
	compressors []compressor.ID
	auth        authState

	wbuf []byte // message buffer of small replies
	rbuf []byte // spare reply body buffer (replybuf.go)
	hdr  []byte // header of a reply written directly
}

func (s *Server) newConn(nc net.Conn) *conn {
	ctx, cancel := context.WithCancel(s.ctx)
	return &conn{srv: s, nc: nc, id: s.connIDs.Add(1), ctx: ctx, cancel: cancel}
}

// close ends the connection; safe to call from any goroutine, repeatedly.
func (c *conn) close() {
	c.once.Do(func() {
		c.cancel()
		c.nc.Close()
	})
}

func (c *conn) getAppName() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.appName
}

func (c *conn) serve() {
	defer c.srv.untrack(c)
	defer c.close()
	log := c.srv.log.With("conn", c.id)
	defer func() {
		// Handlers recover their own panics; this guards the framing code
		// so that no input can take the process down.
		if p := recover(); p != nil {
			log.Error("connection handler panicked", "panic", p)
		}
	}()
	log.Debug("connection accepted", "remote", c.nc.RemoteAddr().String())
	for {
		// A fresh buffer per message: handlers keep views into it (stored
		// documents, cursors), so it is never reused.
		msg, err := wire.ReadMessage(c.nc, nil, maxMessageSize)
		if err != nil {
			if !errors.Is(err, io.EOF) && c.ctx.Err() == nil {
				log.Debug("read failed, closing", "err", err)
			}
			return
		}
		if err := c.handle(msg); err != nil {
			if c.ctx.Err() == nil {
				log.Debug("closing connection", "err", err)
			}
			return
		}
	}
}

// handle answers one message. An error means the connection must close.
func (c *conn) handle(msg []byte) error {
	h, err := wire.ParseHeader(msg)
	if err != nil {
		return err
	}
	var comp *compressor.Compressor
	if h.OpCode == wire.OpCompressed {
		cm, err := wire.ParseCompressed(msg)
		if err != nil {
			return err
		}
		inner, err := wire.AppendDecompressed(nil, msg, maxMessageSize)
		if err != nil {
			return err
		}
		cc, err := compressor.New(cm.CompressorID, -1)
		if err != nil {
			return err
		}
		comp, msg = &cc, inner
		h, _ = wire.ParseHeader(msg)
	}
	switch h.OpCode {
	case wire.OpMsg:
		return c.handleMsg(h, msg, comp)
	case wire.OpQuery:
		return c.handleQuery(msg)
	}
	return errors.New("unsupported opcode " + h.OpCode.String())
}

// handleMsg runs an OP_MSG command and writes its reply (or replies, for
// a streaming hello).
func (c *conn) handleMsg(h wire.Header, raw []byte, comp *compressor.Compressor) error {
	m, err := wire.ParseMsg(raw)
	if err != nil {
		flags := msgFlags(raw)
		if errors.Is(err, wire.ErrChecksum) || flags&wire.MoreToCome != 0 {
			return err
		}
		return c.reply(h.RequestID, errorBody(errorf(codeFailedToParse, "%v", err)), 0, false, nil)
	}
	if err := m.Body.Validate(); err != nil {
		if m.Flags&wire.MoreToCome != 0 {
			return err
		}
		return c.reply(h.RequestID, errorBody(errorf(codeInvalidBSON, "invalid command document: %v", err)), 0, false, nil)
	}
	req := c.newRequest(m)
	streaming := req.exhaust && !req.moreToCome && isHello(req.name) &&
		req.arg("topologyVersion").Type != 0 && req.arg("maxAwaitTimeMS").Type != 0
	if streaming {
		// From here on the client only reads; watch for it leaving.
		c.srv.wg.Add(1)
		go c.watchClose()
	}
	body, closeConn := c.dispatch(req)
	if closeConn {
		return errClosedByFailPoint
	}
	if req.moreToCome {
		return nil
	}
	body = c.withClusterTime(req, body)
	checksum := m.Flags&wire.ChecksumPresent != 0
	if !wire.ShouldCompress(req.name) {
		comp = nil
	}
	if streaming {
		return c.streamHello(req, h.RequestID, body, checksum, comp)
	}
	if err := c.reply(h.RequestID, body, 0, checksum, comp); err != nil {
		return err
	}
	if req.recyclable {
		c.recycleReply(body)
	}
	return nil
}

func (c *conn) newRequest(m wire.Msg) *request {
	req := &request{c: c, ctx: c.ctx, body: m.Body, msg: m,
		exhaust:    m.Flags&wire.ExhaustAllowed != 0,
		moreToCome: m.Flags&wire.MoreToCome != 0}
	it := m.Body.Iter()
	if it.Next() {
		req.name = it.Key()
	}
	req.db = m.Body.Lookup("$db").StringValue()
	return req
}

// msgFlags reads the flag bits of an OP_MSG that failed to parse.
func msgFlags(raw []byte) wire.MsgFlags {
	if len(raw) < wire.HeaderLen+4 {
		return 0
	}
	return wire.MsgFlags(binary.LittleEndian.Uint32(raw[wire.HeaderLen:]))
}

func (c *conn) reply(responseTo int32, body []byte, flags wire.MsgFlags, checksum bool, comp *compressor.Compressor) error {
	_, err := c.send(responseTo, body, flags, checksum, comp)
	return err
}

// send writes one OP_MSG reply and returns its request id.
func (c *conn) send(responseTo int32, body []byte, flags wire.MsgFlags, checksum bool, comp *compressor.Compressor) (int32, error) {
	id := wire.NextRequestID()
	if !checksum && comp == nil && len(body) >= directWriteSize {
		return id, c.writeDirect(id, responseTo, flags, body)
	}
	b, err := wire.AppendMsg(c.wbuf[:0], id, responseTo, flags, body, checksum)
	if err != nil {
		return 0, err
	}
	if comp != nil {
		var cb []byte
		if cb, err = wire.AppendCompressed(nil, b, *comp); err != nil {
			return 0, err
		}
		b = cb
	}
	if cap(b) <= 1<<20 {
		c.wbuf = b[:0]
	}
	_, err = c.nc.Write(b)
	return id, err
}
