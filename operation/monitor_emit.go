package operation

import (
	"strconv"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/wire"
)

// event is a command in flight as monitoring sees it.
type event struct {
	on        bool
	sensitive bool
	at        time.Time
	info      CommandEvent
}

// started publishes the CommandStartedEvent of msg and returns what its
// outcome event needs. Without a monitor it does nothing.
func (x *execution) started(conn *pool.Conn, cmd Command, reqID int32, msg []byte) event {
	m := x.opts.Monitor
	if m == nil || (m.Started == nil && m.Succeeded == nil && m.Failed == nil) {
		return event{}
	}
	parsed, _ := wire.ParseMsg(msg) // msg was just checked by FinishMsg
	ev := event{on: true, sensitive: isSensitive(cmd.Name(), parsed.Body), info: CommandEvent{
		CommandName:        cmd.Name(),
		DatabaseName:       cmd.Database(),
		RequestID:          int64(reqID),
		OperationID:        x.opID,
		Address:            conn.Addr(),
		ConnectionID:       conn.ID(),
		ServerConnectionID: conn.ServerConnectionID(),
		ServiceID:          conn.Description().ServiceID,
	}}
	if m.Started != nil {
		doc := emptyDoc
		if !ev.sensitive {
			x.mbuf = appendMonitoredCommand(x.mbuf[:0], parsed)
			doc = x.mbuf
		}
		m.Started(CommandStartedEvent{CommandEvent: ev.info, Command: doc})
	}
	ev.at = time.Now()
	return ev
}

// succeeded publishes the CommandSucceededEvent of ev.
func (x *execution) succeeded(ev *event, reply bson.Raw) {
	if !ev.on || x.opts.Monitor.Succeeded == nil {
		return
	}
	if ev.sensitive {
		reply = emptyDoc
	}
	x.opts.Monitor.Succeeded(CommandSucceededEvent{CommandEvent: ev.info, Duration: time.Since(ev.at), Reply: reply})
}

// failed publishes the CommandFailedEvent of ev.
func (x *execution) failed(ev *event, err error) {
	if !ev.on || x.opts.Monitor.Failed == nil {
		return
	}
	if ev.sensitive {
		err = redactFailure(err)
	}
	x.opts.Monitor.Failed(CommandFailedEvent{CommandEvent: ev.info, Duration: time.Since(ev.at), Failure: err})
}

// appendMonitoredCommand appends the command of m as one document: the
// body's elements, then each document sequence as an array named by its
// identifier (command monitoring specification).
func appendMonitoredCommand(dst []byte, m wire.Msg) []byte {
	dst, start := bson.AppendDocumentStart(dst)
	if len(m.Body) > 5 {
		dst = append(dst, m.Body[4:len(m.Body)-1]...)
	}
	for s := range m.Sequences() {
		var arr int
		dst, arr = bson.AppendArrayElementStart(dst, s.Identifier())
		it := s.Documents()
		for i := 0; ; i++ {
			d, ok := it.Next()
			if !ok {
				break
			}
			dst = append(dst, byte(bson.TypeEmbeddedDoc))
			dst = strconv.AppendInt(dst, int64(i), 10)
			dst = append(dst, 0)
			dst = append(dst, d...)
		}
		dst = bson.AppendDocumentEnd(dst, arr)
	}
	return bson.AppendDocumentEnd(dst, start)
}
