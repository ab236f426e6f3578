package topology

import (
	"time"

	"github.com/cwal-go/cwal/pool"
)

// rttMonitor measures a streaming server's round trip time on its own
// connection, once per heartbeat: a streamed hello waits on the server, so
// it cannot be timed. It publishes no events and its failures leave the
// topology alone; the monitor resets the RTT when a check fails.
type rttMonitor struct {
	m       *monitor
	conn    *pool.Conn
	helloOK bool
	buf     []byte
}

// run is the RTT monitor's goroutine; it ends with its monitor.
func (r *rttMonitor) run() {
	defer r.m.t.wg.Done()
	defer r.close()
	t := time.NewTimer(r.m.heartbeat)
	defer t.Stop()
	for {
		r.ping()
		t.Reset(r.m.heartbeat)
		select {
		case <-t.C:
		case <-r.m.ctx.Done():
			return
		}
	}
}

// ping takes one sample: the handshake of a new connection, or a hello on
// the open one.
func (r *rttMonitor) ping() {
	ctx, cancel := r.m.opCtx(r.m.connectTO)
	defer cancel()
	if r.conn == nil {
		c, err := r.m.t.cfg.dial(ctx, r.m.srv.addr)
		if err != nil {
			return
		}
		r.conn, r.helloOK = c, c.Description().HelloOK
		_ = r.m.srv.rtt.Add(c.Description().RTT)
		return
	}
	r.buf = appendMonitorHello(r.buf[:0], r.helloOK, nil, 0, "")
	start := time.Now()
	if _, err := r.conn.RunCommand(ctx, "admin", r.buf); err != nil {
		r.close()
		return
	}
	_ = r.m.srv.rtt.Add(time.Since(start))
}

func (r *rttMonitor) close() {
	if r.conn != nil {
		_ = r.conn.Close()
		r.conn = nil
	}
}
