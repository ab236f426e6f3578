package topology

import (
	"context"
	"errors"
	"io"
	"net"

	"github.com/cwal-go/cwal/pool"
)

// HandleError applies SDAM error handling to an error an application
// operation met on s: it classifies err (ClassifyError), fills in the
// server and the pool's current generation, and performs what the state
// machine decides (mark the server Unknown, clear its pool, interrupt or
// request its monitor's check). generation is the generation of the
// connection the error happened on, or for an error while establishing a
// connection, the pool's generation when the attempt started (taken from
// the error itself when it is a *pool.ConnectionError). Errors that
// say nothing about the server (a cancelled context, a cleared pool, an
// ordinary command error) change nothing.
//
// In load-balanced mode, use HandleAppError with the connection's
// ServiceID.
func (t *Topology) HandleError(ctx context.Context, s *Server, err error, generation uint64) {
	ae, ok := ClassifyError(err)
	if !ok {
		return
	}
	var ce *pool.ConnectionError
	if errors.As(err, &ce) {
		generation = ce.Generation
	}
	ae.Generation = generation
	t.HandleAppError(ctx, s, ae)
}

// HandleAppError is HandleError for an AppError the caller filled in
// (Kind, HandshakeDone, Generation, ServiceID, and the reply's fields, for
// instance with SetReply for an ok: 1 reply with a writeConcernError).
// Addr and PoolGeneration are set from s.
func (t *Topology) HandleAppError(ctx context.Context, s *Server, ae AppError) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.isCurrent(s) {
		return
	}
	ae.Addr = s.addr
	ae.PoolGeneration = s.pool.Generation(ae.ServiceID)
	t.perform(t.fsm.HandleError(ae))
}

// backgroundError handles a pool's report of a failed establishment
// nobody waited for.
func (t *Topology) backgroundError(s *Server, err error, generation uint64) {
	t.HandleError(context.Background(), s, err, generation)
}

// ClassifyError describes err for SDAM error handling; false means err is
// not SDAM's business: nil, a cancelled context, a pool that was cleared
// or closed, or an error that is neither a network error nor a server
// reply. A *pool.EstablishError is an error before the handshake
// completed; a *pool.CommandError is a CommandFailure with the reply's
// code, message, topologyVersion and labels; network errors are
// NetworkTimeout or NetworkFailure. Labels come from the error's
// HasErrorLabel or HasLabel method (the pool's SystemOverloadedError).
// Generation, Addr and ServiceID are left to the caller.
func ClassifyError(err error) (AppError, bool) {
	ae := AppError{Err: err, HandshakeDone: true}
	var (
		cleared *pool.PoolClearedError
		closed  *pool.PoolClosedError
		est     *pool.EstablishError
		cmd     *pool.CommandError
	)
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.As(err, &cleared), errors.As(err, &closed):
		return ae, false
	case errors.As(err, &est):
		ae.HandshakeDone = false
	}
	switch {
	case errors.As(err, &cmd):
		ae.SetReply(cmd.Reply)
	case isTimeout(err):
		ae.Kind = NetworkTimeout
	case isNetworkError(err):
		ae.Kind = NetworkFailure
	case ae.HandshakeDone:
		return ae, false
	default:
		// An establishment failure of another kind (TLS trust, an
		// authentication mechanism error) still fails the handshake.
		ae.Kind = NetworkFailure
	}
	if hasLabel(err, SystemOverloadedError) {
		ae.Labels = append(ae.Labels, SystemOverloadedError)
	}
	return ae, true
}

// isNetworkError reports a failed socket read, write or dial, or a
// connection that is closed or broken.
func isNetworkError(err error) bool {
	var (
		ne   *pool.NetError
		nerr net.Error
	)
	return errors.As(err, &ne) || errors.As(err, &nerr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, pool.ErrConnClosed) || errors.Is(err, pool.ErrConnBroken)
}

// hasLabel asks err's chain for an error label, by either method name the
// layers below use.
func hasLabel(err error, label string) bool {
	var a interface{ HasErrorLabel(string) bool }
	if errors.As(err, &a) && a.HasErrorLabel(label) {
		return true
	}
	var b interface{ HasLabel(string) bool }
	return errors.As(err, &b) && b.HasLabel(label)
}
