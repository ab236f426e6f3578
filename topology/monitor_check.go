package topology

import (
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/wire"
)

// check runs one check of the server and returns the description it
// produced, the heartbeat event that ends it, and whether cancelCheck
// interrupted it. The ServerHeartbeatStartedEvent is published here,
// before the socket opens or the next streamed reply is read.
func (m *monitor) check(prev description.Server) (description.Server, Event, bool) {
	c := m.current()
	switch {
	case c == nil || c.Closed():
		m.dropConn()
		return m.handshakeCheck()
	case c.State() == pool.StateReplyPending:
		return m.streamCheck(c, nil)
	case m.streaming && prev.TopologyVersion != nil:
		return m.streamCheck(c, prev.TopologyVersion)
	}
	return m.pollCheck(c)
}

// handshakeCheck opens a monitoring connection: its handshake's hello is
// the check, and its duration an RTT sample.
func (m *monitor) handshakeCheck() (description.Server, Event, bool) {
	m.started(0, false)
	start := time.Now()
	ctx, cancel := m.opCtx(m.connectTO)
	c, err := m.t.cfg.dial(ctx, m.srv.addr)
	cancel()
	if err != nil {
		return m.failed(0, err, time.Since(start), false)
	}
	if !m.setConn(c) {
		_ = c.Close()
		return m.failed(0, ErrTopologyClosed, time.Since(start), false)
	}
	d := c.Description()
	_ = m.srv.rtt.Add(d.RTT)
	return m.succeeded(c.ID(), d, d.RTT, false)
}

// pollCheck sends one hello and waits for its reply.
func (m *monitor) pollCheck(c *pool.Conn) (description.Server, Event, bool) {
	m.started(c.ID(), false)
	m.buf = appendMonitorHello(m.buf[:0], m.helloOK, nil, 0, "")
	start := time.Now()
	ctx, cancel := m.opCtx(m.connectTO)
	reply, err := c.RunCommand(ctx, "admin", m.buf)
	cancel()
	rtt := time.Since(start)
	if err != nil {
		return m.failed(c.ID(), err, rtt, false)
	}
	d := description.NewServer(m.srv.addr, reply)
	if d.Error != nil {
		return m.failed(c.ID(), d.Error, rtt, false)
	}
	_ = m.srv.rtt.Add(rtt)
	return m.succeeded(c.ID(), d, rtt, false)
}

// streamCheck reads the next reply of a streaming hello, first sending the
// awaitable hello (with exhaustAllowed) when tv is set. Its duration
// includes the server's wait and is not an RTT sample.
func (m *monitor) streamCheck(c *pool.Conn, tv *description.TopologyVersion) (description.Server, Event, bool) {
	m.started(c.ID(), true)
	start := time.Now()
	timeout := m.connectTO
	if timeout > 0 {
		timeout += m.heartbeat
	}
	ctx, cancel := m.opCtx(timeout)
	defer cancel()
	if tv != nil {
		body := appendMonitorHello(nil, m.helloOK, tv, m.heartbeat, "admin")
		msg, err := wire.AppendMsg(m.buf[:0], wire.NextRequestID(), 0, wire.ExhaustAllowed, body, false)
		if err == nil {
			m.buf = msg
			err = c.WriteMessage(ctx, msg)
		}
		if err != nil {
			return m.failed(c.ID(), err, time.Since(start), true)
		}
	}
	raw, err := c.ReadMessage(ctx)
	if err != nil {
		return m.failed(c.ID(), err, time.Since(start), true)
	}
	msg, err := wire.ParseMsg(raw)
	if err != nil {
		return m.failed(c.ID(), err, time.Since(start), true)
	}
	d := description.NewServer(m.srv.addr, msg.Body)
	if d.Error != nil {
		return m.failed(c.ID(), d.Error, time.Since(start), true)
	}
	return m.succeeded(c.ID(), d, time.Since(start), true)
}

// started publishes the ServerHeartbeatStartedEvent of a check.
func (m *monitor) started(connID int64, awaited bool) {
	m.t.report(m.srv, ServerHeartbeatStartedEvent{TopologyID: m.t.cfg.ID, Addr: m.srv.addr, ConnID: connID, Awaited: awaited}, nil)
}

// succeeded completes a description with the RTT monitor's figures and
// makes the ServerHeartbeatSucceededEvent.
func (m *monitor) succeeded(connID int64, d description.Server, dur time.Duration, awaited bool) (description.Server, Event, bool) {
	m.helloOK = d.HelloOK
	d.RTT, d.MinRTT = m.srv.rtt.Average(), m.srv.rtt.Min()
	ev := ServerHeartbeatSucceededEvent{TopologyID: m.t.cfg.ID, Addr: m.srv.addr, ConnID: connID,
		Duration: dur, Reply: d.Reply, Awaited: awaited}
	return d, ev, false
}

// failed ends a failed check: the connection is closed and the RTT
// forgotten, and the server is described Unknown with err.
func (m *monitor) failed(connID int64, err error, dur time.Duration, awaited bool) (description.Server, Event, bool) {
	cancelled := m.dropConn()
	m.helloOK = false
	m.srv.rtt.Reset()
	ev := ServerHeartbeatFailedEvent{TopologyID: m.t.cfg.ID, Addr: m.srv.addr, ConnID: connID,
		Duration: dur, Err: err, Awaited: awaited}
	return description.NewUnknownServer(m.srv.addr, err), ev, cancelled
}

// appendMonitorHello builds a monitoring hello: hello when the handshake
// said helloOk, else the legacy isMaster with helloOk; with tv, the
// awaitable form (topologyVersion, maxAwaitTimeMS). db, when set, is
// appended as $db for a message sent without RunCommand.
func appendMonitorHello(dst []byte, helloOK bool, tv *description.TopologyVersion, maxAwait time.Duration, db string) bson.Raw {
	b, start := bson.AppendDocumentStart(dst)
	if helloOK {
		b = bson.AppendInt32Element(b, "hello", 1)
	} else {
		b = bson.AppendInt32Element(b, "isMaster", 1)
	}
	b = bson.AppendBooleanElement(b, "helloOk", true)
	if tv != nil {
		var at int
		b, at = bson.AppendDocumentElementStart(b, "topologyVersion")
		b = bson.AppendObjectIDElement(b, "processId", tv.ProcessID)
		b = bson.AppendInt64Element(b, "counter", tv.Counter)
		b = bson.AppendDocumentEnd(b, at)
		b = bson.AppendInt64Element(b, "maxAwaitTimeMS", maxAwait.Milliseconds())
	}
	if db != "" {
		b = bson.AppendStringElement(b, "$db", db)
	}
	return bson.AppendDocumentEnd(b, start)
}
