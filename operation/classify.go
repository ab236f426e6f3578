package operation

import (
	"context"
	"errors"
	"strings"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// reportReply hands an error reply (ok: 0, or a writeConcernError) to SDAM
// error handling, which marks the server Unknown on a state change error.
func (x *execution) reportReply(ctx context.Context, srv Server, conn *pool.Conn, body bson.Raw, se *ServerError) {
	var ae topology.AppError
	if !ae.SetReply(body) {
		return
	}
	fillAppError(&ae, conn)
	if se != nil {
		ae.Err = se
	}
	srv.HandleError(ctx, ae)
}

// reportNetworkError hands a failed exchange to SDAM error handling.
func (x *execution) reportNetworkError(ctx context.Context, srv Server, conn *pool.Conn, err error) {
	ae, ok := topology.ClassifyError(err)
	if !ok {
		return
	}
	fillAppError(&ae, conn)
	srv.HandleError(ctx, ae)
}

// reportCheckoutError hands a failure to establish a connection for the
// checkout to SDAM error handling (an error before the handshake
// completed). A cleared or closed pool or a wait that timed out says
// nothing new about the server.
func (x *execution) reportCheckoutError(ctx context.Context, srv Server, err error) {
	var ce *pool.ConnectionError
	if !errors.As(err, &ce) {
		return
	}
	ae, ok := topology.ClassifyError(err)
	if !ok {
		return
	}
	ae.Generation = ce.Generation
	srv.HandleError(ctx, ae)
}

// fillAppError sets what SDAM needs to know about the connection.
func fillAppError(ae *topology.AppError, conn *pool.Conn) {
	ae.Generation = conn.Generation()
	ae.ServiceID = conn.Description().ServiceID
	ae.HandshakeDone = true
}

// labelNotSent adds RetryableWriteError to a checkout failure that allows
// a retryable write to be retried: a cleared pool, or a network error while
// establishing the connection (retryable writes specification).
func (x *execution) labelNotSent(desc description.Server, err error) error {
	var cleared *pool.PoolClearedError
	if x.labelsWrites(desc) && (errors.As(err, &cleared) || IsNetworkError(err)) {
		return withLabel(err, LabelRetryableWrite)
	}
	return err
}

// labelSent adds RetryableWriteError to a network error of an exchange.
func (x *execution) labelSent(desc description.Server, err error) error {
	if x.labelsWrites(desc) && IsNetworkError(err) {
		return withLabel(err, LabelRetryableWrite)
	}
	return err
}

// labelsWrites reports whether Execute adds RetryableWriteError labels:
// retryWrites is on, the command is a write, and the server supports
// retryable writes.
func (x *execution) labelsWrites(desc description.Server) bool {
	return x.opts.RetryWrites && x.traits.Write && supportsRetryableWrites(desc)
}

// wireVersion44 is the wire version of MongoDB 4.4, from which servers
// label retryable write errors themselves.
const wireVersion44 = 9

// adjustServerError adds the RetryableWriteError label to a pre-4.4
// server's retryable error, and makes the error of a deployment without
// retryable writes say what to do.
func (x *execution) adjustServerError(desc description.Server, se *ServerError, follow bool) {
	if follow {
		return
	}
	if x.labelsWrites(desc) && desc.MaxWireVersion < wireVersion44 && containsCode(retryableWriteCodes, se.Code) {
		se.Labels = append(se.Labels, LabelRetryableWrite)
	}
	if se.Code == 20 && x.txn != 0 && strings.HasPrefix(se.Message, "Transaction numbers") {
		se.Message = "This MongoDB deployment does not support retryable writes. Please add retryWrites=false to your connection string."
	}
}

// adjustWriteException adds the RetryableWriteError label to a pre-4.4
// mongod's retryable write concern error (never a mongos's, never for
// write errors).
func (x *execution) adjustWriteException(desc description.Server, err error) error {
	if err == nil || !x.labelsWrites(desc) || desc.MaxWireVersion >= wireVersion44 {
		return err
	}
	var we *WriteException
	if !errors.As(err, &we) || we.WriteConcernError == nil {
		return err
	}
	if x.labelsWrites(desc) && desc.MaxWireVersion < wireVersion44 && desc.Type != description.Mongos &&
		containsCode(retryableWriteCodes, we.WriteConcernError.Code) {
		return withLabel(err, LabelRetryableWrite)
	}
	return err
}
