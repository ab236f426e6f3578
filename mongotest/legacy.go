package mongotest

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/wire"
)

// codeUnsupportedOpQueryCommand is mongod's answer to any OP_QUERY command
// other than the handshake.
const codeUnsupportedOpQueryCommand = 352

// handleQuery answers a legacy OP_QUERY, which drivers send only for the
// first hello of a connection, with an OP_REPLY.
func (c *conn) handleQuery(raw []byte) error {
	q, err := wire.ParseQuery(raw)
	if err != nil {
		return err
	}
	body := q.Query
	if err := body.Validate(); err != nil {
		return c.legacyReply(q.Header.RequestID, errorBody(errorf(codeInvalidBSON, "invalid query document: %v", err)))
	}
	if inner, ok := body.Lookup("$query").DocumentOK(); ok {
		body = inner
	}
	db, coll, _ := strings.Cut(q.FullCollectionName, ".")
	req := &request{c: c, ctx: c.ctx, body: body, db: db, legacy: true}
	if it := body.Iter(); it.Next() {
		req.name = it.Key()
	}
	if coll != "$cmd" || !isHello(req.name) {
		e := errorf(codeUnsupportedOpQueryCommand, "Unsupported OP_QUERY command: %s. The client driver may require an upgrade. For more details see https://dochub.mongodb.org/core/legacy-opcode-removal", req.name)
		return c.legacyReply(q.Header.RequestID, errorBody(e))
	}
	reply, closeConn := c.dispatch(req)
	reply = c.withClusterTime(req, reply)
	if closeConn {
		return errClosedByFailPoint
	}
	return c.legacyReply(q.Header.RequestID, reply)
}

func (c *conn) legacyReply(responseTo int32, doc bson.Raw) error {
	b, err := wire.AppendReply(nil, wire.NextRequestID(), responseTo, wire.ReplyAwaitCapable, 0, 0, doc)
	if err != nil {
		return err
	}
	_, err = c.nc.Write(b)
	return err
}

// errorBody is a whole error reply document.
func errorBody(e *cmdError) bson.Raw {
	bl := newBuilder(nil)
	appendError(bl, e)
	return bl.finish()
}
