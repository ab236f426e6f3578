package mongotest

import (
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/compressor"
	"github.com/cwal-go/cwal/wire"
)

// streamHello answers an exhaust hello. Every successful reply carries
// moreToCome, and the next one is the same hello run again with the
// topologyVersion of the reply just sent, as mongod builds its next
// invocation: so each reply waits for a change relative to what the
// client last saw, or for maxAwaitTimeMS, never for a change relative to
// the first request (which, once stale, would answer at once forever).
// The stream goes on until an error reply or the client going away.
func (c *conn) streamHello(req *request, responseTo int32, body bson.Raw, checksum bool, comp *compressor.Compressor) error {
	for {
		if !replyOK(body) {
			return c.endStream(responseTo, body, checksum, comp)
		}
		id, err := c.send(responseTo, body, wire.MoreToCome, checksum, comp)
		if err != nil {
			return err
		}
		if c.ctx.Err() != nil {
			return c.ctx.Err()
		}
		responseTo = id
		req = nextHello(req, body)
		var closeConn bool
		body, closeConn = c.dispatch(req)
		if closeConn {
			return errClosedByFailPoint
		}
		body = c.withClusterTime(req, body)
	}
}

// endStream sends an error reply without moreToCome: on mongod an error
// ends the stream, and a client must not wait for more. The connection
// closes after it, because the watcher owns the read side; drivers drop a
// monitoring connection after an error anyway.
func (c *conn) endStream(responseTo int32, body bson.Raw, checksum bool, comp *compressor.Compressor) error {
	if err := c.reply(responseTo, body, 0, checksum, comp); err != nil {
		return err
	}
	return errStreamEnded
}

func replyOK(body bson.Raw) bool { return body.Lookup("ok").Double() == 1 }

// nextHello is the request a stream runs after sending reply: the same
// hello with reply's topologyVersion. The client metadata and speculative
// authentication belong to a connection's first hello and are dropped.
func nextHello(req *request, reply bson.Raw) *request {
	tv := reply.Lookup("topologyVersion")
	bl := newBuilder(nil)
	it := req.body.Iter()
	for it.Next() {
		switch k := it.Key(); k {
		case "client", "speculativeAuthenticate":
		case "topologyVersion":
			if tv.Type == 0 {
				tv = it.Value()
			}
			bl.value(k, tv)
		default:
			bl.value(k, it.Value())
		}
	}
	next := *req
	next.body = bl.finish()
	return &next
}

// watchClose ends a streaming connection as soon as the client goes away.
// The client sends nothing while the server streams, so any return from
// Read (end of stream, error, or a byte out of turn) closes the connection,
// which wakes the streaming goroutine from its wait.
func (c *conn) watchClose() {
	defer c.srv.wg.Done()
	var one [1]byte
	c.nc.Read(one[:])
	c.close()
}

// Reasons a connection closes without a network error.
var (
	errClosedByFailPoint = errors.New("closed by a fail point")
	errStreamEnded       = errors.New("streaming hello ended by an error reply")
)
