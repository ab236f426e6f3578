package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/wire"
)

// attemptOn runs one attempt of the current batch on srv: check out,
// exchange, check in. sent reports whether the command may have reached
// the server. The connection is checked in and the server released exactly
// once, also on panic.
func (x *execution) attemptOn(ctx context.Context, srv Server, pinned bool) (sent bool, err error) {
	defer x.done(srv, pinned)
	desc := srv.Description()
	if !x.prepared {
		if err := x.prepare(desc); err != nil {
			return false, err
		}
	}
	conn, err := srv.Checkout(ctx)
	if err != nil {
		x.reportCheckoutError(ctx, srv, err)
		return false, x.labelNotSent(desc, err)
	}
	defer x.checkin(srv, conn, &err)
	x.ensureSession(desc)
	if x.retryWrite && x.txn == 0 {
		x.txn = x.sess.NextTxnNumber()
	}
	return x.exchange(ctx, srv, conn, x.cmd, x.batched, false)
}

// checkin gives the connection back; a refusal (a Server that lost track
// of it) is reported when nothing else went wrong.
func (x *execution) checkin(srv Server, conn *pool.Conn, errp *error) {
	if err := srv.Checkin(conn); err != nil && *errp == nil {
		*errp = err
	}
}

// ensureSession takes the explicit session, or starts an implicit one once
// a connection is checked out (driver sessions specification), when the
// server supports sessions and the write is acknowledged.
func (x *execution) ensureSession(desc description.Server) {
	if x.sess == nil {
		switch {
		case x.opts.Session != nil:
			x.sess = x.opts.Session
		case x.provider != nil && !x.unack && supportsSessions(desc):
			if s, err := x.provider.StartImplicitSession(); err == nil && s != nil {
				x.sess, x.implicit = s, true
			}
		}
	}
	if x.sess == nil {
		x.retryWrite = false
	}
}

// exchange sends cmd (with the sequences of b, the command itself when it
// is Batched) on conn and handles the reply. Reply.Run's follow-ups run
// with follow set: no sequences, no txnNumber, no labels added.
func (x *execution) exchange(ctx context.Context, srv Server, conn *pool.Conn, cmd Command, b Batched, follow bool) (sent bool, err error) {
	desc := srv.Description()
	x.api = conn.ServerAPI()
	msg, reqID, err := x.encode(desc, cmd, b, follow)
	if err != nil {
		return false, err
	}
	ev := x.started(conn, cmd, reqID, msg)
	unack := x.unack && !follow
	body, err := x.send(ctx, conn, msg, unack)
	if err != nil {
		x.failed(&ev, err)
		x.observe(nil, err)
		x.reportNetworkError(ctx, srv, conn, err)
		if follow {
			return true, err
		}
		return true, x.labelSent(desc, err)
	}
	if unack {
		x.succeeded(&ev, okDoc)
		return true, x.decode(ctx, cmd, Reply{Body: okDoc, Server: srv}, false)
	}
	return true, x.handleReply(ctx, srv, conn, cmd, body, &ev, follow)
}

// send writes msg and, unless it is an unacknowledged write, reads the
// reply's body: a view into the connection's buffer, valid until its next
// I/O.
func (x *execution) send(ctx context.Context, conn *pool.Conn, msg []byte, unack bool) (bson.Raw, error) {
	if unack {
		return nil, conn.WriteMessage(ctx, msg)
	}
	raw, err := conn.RoundTrip(ctx, msg)
	if err != nil {
		return nil, err
	}
	x.raw = raw
	m, err := wire.ParseMsg(raw)
	if err != nil {
		return nil, err
	}
	return m.Body, nil
}

// handleReply gossips the cluster time, shows the reply to the session,
// reports error replies to SDAM, turns ok: 0 into a *ServerError and
// otherwise lets the command decode.
func (x *execution) handleReply(ctx context.Context, srv Server, conn *pool.Conn, cmd Command, body bson.Raw, ev *event, follow bool) error {
	x.gossip(body)
	x.observe(body, nil)
	desc := srv.Description()
	var se *ServerError
	if !replyOK(body) {
		se = newServerError(body)
		x.adjustServerError(desc, se, follow)
	}
	x.reportReply(ctx, srv, conn, body, se)
	if se != nil {
		x.failed(ev, se)
		return se
	}
	x.succeeded(ev, body)
	err := x.decode(ctx, cmd, Reply{Body: body, Acknowledged: true, Server: srv, conn: conn, msg: x.raw}, follow)
	if !follow {
		err = x.adjustWriteException(desc, err)
	}
	return err
}

// decode hands the reply to the command. The reply of the command being
// executed lives in the execution (no allocation); a follow-up's gets its
// own, since the outer Decode is still running.
func (x *execution) decode(ctx context.Context, cmd Command, r Reply, follow bool) error {
	if follow {
		return decodeFollowUp(ctx, x, cmd, r)
	}
	r.x = x
	x.reply = r
	err := cmd.Decode(ctx, &x.reply)
	x.reply = Reply{}
	return err
}

func decodeFollowUp(ctx context.Context, x *execution, cmd Command, r Reply) error {
	fr := new(Reply)
	*fr = r
	fr.x, fr.follow = x, true
	return cmd.Decode(ctx, fr)
}

// replyOK reports a reply with ok: 1 (as a double, int32 or int64).
func replyOK(body bson.Raw) bool {
	f, ok := body.Lookup("ok").AsFloat64OK()
	if !ok {
		f = 0
		if b, isBool := body.Lookup("ok").BooleanOK(); isBool && b {
			f = 1
		}
	}
	return f == 1
}

// observe shows a reply or error to the session.
func (x *execution) observe(reply bson.Raw, err error) {
	if x.sess != nil {
		x.sess.Observe(reply, err)
	}
}

// gossip passes the reply's $clusterTime to the clock.
func (x *execution) gossip(body bson.Raw) {
	if x.clock == nil {
		return
	}
	if ct, ok := body.Lookup("$clusterTime").DocumentOK(); ok {
		x.clock.AdvanceClusterTime(ct)
	}
}
