package pool

import (
	"context"
	"crypto/tls"
	"fmt"
	"time"

	"github.com/cwal-go/cwal/wire"
)

// enter claims the connection for one I/O call; leave releases it.
func (c *Conn) enter() error {
	if !c.busy.CompareAndSwap(false, true) {
		return ErrConcurrentUse
	}
	return nil
}

func (c *Conn) leave() { c.busy.Store(false) }

// WriteMessage sends msg, one complete OP_MSG as wire.FinishMsg makes it.
// It compresses the message with the negotiated compressor unless the
// command is one wire.ShouldCompress excludes. Unless msg has moreToCome
// set, the connection then expects the reply: read it with ReadMessage.
//
// It fails without sending anything if ctx is done, the connection is not
// ready (ErrReplyPending, ErrConnClosed, ErrConnBroken), msg is not a valid
// OP_MSG, or it is larger than the server's maxMessageSizeBytes
// (wire.ErrTooLarge). A failed write breaks the connection, since part of the
// message may have gone out.
func (c *Conn) WriteMessage(ctx context.Context, msg []byte) error {
	if err := c.enter(); err != nil {
		return err
	}
	defer c.leave()
	c.watch.arm(ctx, c.socketTimeout)
	defer c.watch.disarm()
	return c.writeMessage(ctx, msg)
}

// writeMessage and readMessage do the I/O under a watch the caller armed,
// once for a whole exchange.
func (c *Conn) writeMessage(ctx context.Context, msg []byte) error {
	if err := c.usable("write"); err != nil {
		return err
	}
	if c.State() == StateReplyPending {
		return ErrReplyPending
	}
	if err := ctx.Err(); err != nil {
		return &NetError{Op: "write", Addr: c.addr, ConnID: c.id, Err: err}
	}
	m, err := wire.ParseMsg(msg)
	if err != nil {
		return fmt.Errorf("pool: refusing to send a malformed message: %w", err)
	}
	if len(msg) > int(c.maxMsg) {
		return fmt.Errorf("pool: refusing to send a %d-byte message, over the server's maxMessageSizeBytes %d: %w", len(msg), c.maxMsg, wire.ErrTooLarge)
	}
	out, err := c.maybeCompress(msg, m)
	if err != nil {
		return err
	}
	if n, err := c.nc.Write(out); err != nil {
		nerr := c.ioError(ctx, "write", err)
		if n == 0 && interrupted(err) && !c.isTLS() {
			// The deadline or cancellation struck before a byte left:
			// the stream is still in step, so the connection stays
			// usable. Closing it would turn timeouts into reconnects.
			// A TLS connection cannot stay: crypto/tls poisons itself
			// after any write timeout.
			return nerr
		}
		return c.fail(nerr)
	}
	if m.Flags&wire.MoreToCome == 0 {
		c.expectTo = m.Header.RequestID
		c.setState(StateReplyPending, nil)
	}
	return nil
}

// maybeCompress returns the bytes to send: msg itself, or its
// OP_COMPRESSED form in the connection's write buffer.
func (c *Conn) maybeCompress(msg []byte, m wire.Msg) ([]byte, error) {
	if !c.compress || !compressible(m) {
		return msg, nil
	}
	if cap(c.wbuf) > maxRetainedBuffer {
		c.wbuf = nil
	}
	out, err := wire.AppendCompressed(c.wbuf[:0], msg, c.comp)
	if err != nil {
		return nil, fmt.Errorf("pool: compressing a message: %w", err)
	}
	c.wbuf = out
	return out, nil
}

// compressible applies wire.ShouldCompress to the command's name, the
// first key of the body.
func compressible(m wire.Msg) bool {
	it := m.Body.Iter()
	if !it.Next() {
		return true
	}
	return wire.ShouldCompress(string(it.KeyBytes())) // the conversion does not escape
}

// ReadMessage reads the pending reply and returns it as a whole,
// decompressed OP_MSG (a view valid until the next I/O call on c),
// verifying its framing, its checksum when present and that it answers
// the request sent. When the reply has moreToCome set, another reply
// follows: call ReadMessage again (exhaust cursors, streaming hello).
//
// If ctx ends or a timeout strikes while waiting, it returns a *NetError
// whose cause is ctx.Err() (or the timeout) and the connection stays in
// StateReplyPending with that cause in Err: no half-read message is
// returned, and Drain can finish reading it later. Any other failure
// breaks the connection.
func (c *Conn) ReadMessage(ctx context.Context) ([]byte, error) {
	if err := c.enter(); err != nil {
		return nil, err
	}
	defer c.leave()
	c.watch.arm(ctx, c.socketTimeout)
	defer c.watch.disarm()
	msg, _, err := c.readMessage(ctx)
	return msg, err
}

func (c *Conn) readMessage(ctx context.Context) ([]byte, wire.Msg, error) {
	if err := c.usable("read"); err != nil {
		return nil, wire.Msg{}, err
	}
	if c.State() != StateReplyPending {
		return nil, wire.Msg{}, ErrNoReplyPending
	}
	if err := ctx.Err(); err != nil {
		ne := &NetError{Op: "read", Addr: c.addr, ConnID: c.id, Err: err}
		c.setState(StateReplyPending, ne)
		return nil, wire.Msg{}, ne
	}
	raw, err := c.rd.read(c.nc, c.maxMsg)
	if err != nil {
		ne := c.ioError(ctx, "read", err)
		if interrupted(ne.Err) {
			c.setState(StateReplyPending, ne)
			return nil, wire.Msg{}, ne
		}
		return nil, wire.Msg{}, c.fail(ne)
	}
	return c.acceptReply(raw)
}

// acceptReply decompresses and checks a reply and updates the state.
func (c *Conn) acceptReply(raw []byte) ([]byte, wire.Msg, error) {
	msg, err := c.decompress(raw)
	if err != nil {
		return nil, wire.Msg{}, c.fail(err)
	}
	m, err := wire.ParseMsg(msg)
	if err != nil {
		return nil, wire.Msg{}, c.fail(fmt.Errorf("pool: reading a reply from %s: %w", c.addr, err))
	}
	if m.Header.ResponseTo != c.expectTo {
		return nil, wire.Msg{}, c.fail(fmt.Errorf("%w: responseTo %d, want %d", ErrUnexpectedReply, m.Header.ResponseTo, c.expectTo))
	}
	if m.Flags&wire.MoreToCome != 0 {
		c.expectTo = m.Header.RequestID
		c.setState(StateReplyPending, nil)
	} else {
		c.setState(StateReady, nil)
	}
	c.lastUsed = time.Now()
	return msg, m, nil
}

// decompress unwraps an OP_COMPRESSED reply into the decompression buffer;
// any other message is returned as it is. Servers may compress with any
// compressor the client offered, so the id in the message is used.
func (c *Conn) decompress(raw []byte) ([]byte, error) {
	h, err := wire.ParseHeader(raw)
	if err != nil {
		return nil, err
	}
	switch h.OpCode {
	case wire.OpMsg:
		return raw, nil
	case wire.OpCompressed:
		if cap(c.dbuf) > maxRetainedBuffer {
			c.dbuf = nil
		}
		out, err := wire.AppendDecompressed(c.dbuf[:0], raw, c.maxMsg)
		if err != nil {
			return nil, fmt.Errorf("pool: reading a compressed reply from %s: %w", c.addr, err)
		}
		c.dbuf = out
		if op, _ := wire.ParseHeader(out); op.OpCode != wire.OpMsg {
			return nil, fmt.Errorf("%w: compressed %v", ErrUnexpectedReply, op.OpCode)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: %v", ErrUnexpectedReply, h.OpCode)
}

// RoundTrip sends msg and reads its reply: WriteMessage then ReadMessage.
// msg must expect a reply (moreToCome unset).
func (c *Conn) RoundTrip(ctx context.Context, msg []byte) ([]byte, error) {
	if err := c.enter(); err != nil {
		return nil, err
	}
	defer c.leave()
	c.watch.arm(ctx, c.socketTimeout)
	defer c.watch.disarm()
	if err := c.writeMessage(ctx, msg); err != nil {
		return nil, err
	}
	reply, _, err := c.readMessage(ctx)
	return reply, err
}

// Drain reads and discards what is left of the pending reply (including
// the rest of a moreToCome stream), resuming a message whose read was
// interrupted, so that a connection whose caller gave up can be reused
// instead of closed. It returns nil when the connection is ready again; on
// a timeout the connection stays pending, and on any other failure it is
// broken. A ready connection returns nil at once.
func (c *Conn) Drain(ctx context.Context) error {
	if err := c.enter(); err != nil {
		return err
	}
	defer c.leave()
	c.watch.arm(ctx, c.socketTimeout)
	defer c.watch.disarm()
	for c.State() == StateReplyPending {
		if _, _, err := c.readMessage(ctx); err != nil {
			return err
		}
	}
	return c.usable("read")
}

// isTLS reports whether the socket is a TLS connection.
func (c *Conn) isTLS() bool {
	_, ok := c.nc.(*tls.Conn)
	return ok
}
