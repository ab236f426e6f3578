package client

import (
	"context"
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/session"
)

// ErrSessionEnded is returned by an operation given a Session after its
// EndSession.
var ErrSessionEnded = errors.New("client: the session has ended")

// ErrSessionOtherClient is returned by an operation given a Session
// another Client started.
var ErrSessionOtherClient = errors.New("client: the session was started by another client")

// ErrBadClusterTime is returned by Session.AdvanceClusterTime for a
// document without a timestamp clusterTime.
var ErrBadClusterTime = errors.New("client: $clusterTime document without a timestamp clusterTime")

// Re-exported session errors.
var (
	// ErrSnapshotCausal: SessionOptions with both Snapshot and
	// CausalConsistency true.
	ErrSnapshotCausal = session.ErrSnapshotCausal
	// ErrSnapshotTimeWithoutSnapshot: SessionOptions.SnapshotTime without
	// Snapshot.
	ErrSnapshotTimeWithoutSnapshot = session.ErrSnapshotTimeWithoutSnapshot
	// ErrSessionsNotSupported: an operation with a Session on a server
	// without sessions.
	ErrSessionsNotSupported = operation.ErrSessionsNotSupported
	// ErrSnapshotUnsupported: a snapshot Session on a server before 5.0.
	ErrSnapshotUnsupported = operation.ErrSnapshotUnsupported
)

// SessionOptions are the settings of a Session, fixed when it starts. The
// zero value is a causally consistent session.
type SessionOptions struct {
	// CausalConsistency makes each operation of the session see the
	// effects of the previous ones (reads carry afterClusterTime). Unset
	// means true, unless Snapshot is set.
	CausalConsistency Optional[bool]
	// Snapshot makes the session's reads (find, aggregate, distinct) read
	// one snapshot of the data, taken by the first read; MongoDB 5.0+.
	Snapshot bool
	// SnapshotTime, with Snapshot, is the snapshot to read; zero lets the
	// first read pick it.
	SnapshotTime bson.Timestamp
}

// Session is an explicit client session: operations given it through
// NewSessionContext run with its lsid, are causally consistent with each
// other (unless disabled), and gossip its cluster time. A server session
// is taken from the client's pool when it starts; EndSession gives it
// back. Start a session just before using it: a pooled server session may
// have as little as a minute left before the server expires it.
//
// A Session must be used by one operation at a time: it is not safe to
// run operations with it from several goroutines concurrently. Writes
// with an unacknowledged write concern refuse an explicit session
// (operation.ErrUnacknowledgedSession), and causal consistency does not
// cover them.
type Session struct {
	client *Client
	s      *session.Client
}

// StartSession starts a session with the last opts (none: the defaults).
// It does not contact the server: a deployment without sessions reports
// an error (operation.ErrSessionsNotSupported) on the session's first
// operation.
func (c *Client) StartSession(opts ...SessionOptions) (*Session, error) {
	if c.disconnected.Load() {
		return nil, ErrClientDisconnected
	}
	o := last(opts)
	so := session.Options{Snapshot: o.Snapshot, SnapshotTime: o.SnapshotTime,
		CausalConsistency: o.CausalConsistency.Or(!o.Snapshot)}
	s, err := session.Start(c.dep.sessions, so)
	if errors.Is(err, session.ErrPoolClosed) {
		return nil, ErrClientDisconnected
	}
	if err != nil {
		return nil, err
	}
	return &Session{client: c, s: s}, nil
}

// EndSession ends the session and returns its server session to the
// client's pool; later calls do nothing. Operations with the session fail
// afterwards with ErrSessionEnded. ctx bounds the work ending may need.
func (s *Session) EndSession(context.Context) { s.s.End() }

// ID returns the session id document ({id: <UUID>}) sent as lsid.
func (s *Session) ID() bson.Raw { return s.s.LSID() }

// Client returns the client that started the session.
func (s *Session) Client() *Client { return s.client }

// ClusterTime returns the greatest $clusterTime the session saw or was
// advanced to, nil for none.
func (s *Session) ClusterTime() bson.Raw { return s.s.ClusterTime() }

// AdvanceClusterTime advances the session's cluster time to ct (a
// $clusterTime document, such as another session's ClusterTime) when ct
// is greater. Only this session sends it; the client's own cluster time
// moves only with what servers send.
func (s *Session) AdvanceClusterTime(ct bson.Raw) error {
	if _, ok := ct.Lookup("clusterTime").TimestampOK(); !ok {
		return ErrBadClusterTime
	}
	s.s.AdvanceClusterTime(ct)
	return nil
}

// OperationTime returns the operationTime of the latest reply the session
// saw (or AdvanceOperationTime set), and false when there is none.
func (s *Session) OperationTime() (bson.Timestamp, bool) { return s.s.OperationTime() }

// AdvanceOperationTime advances the session's operation time to ts when
// ts is greater, so that the session's next operation is causally
// consistent with the operation of another session that returned ts.
func (s *Session) AdvanceOperationTime(ts bson.Timestamp) { s.s.AdvanceOperationTime(ts) }

// SnapshotTime returns the snapshot time of a snapshot session, and false
// for another session or before the first read picked it.
func (s *Session) SnapshotTime() (bson.Timestamp, bool) { return s.s.SnapshotTime() }

// Dirty reports whether a network error met the session, in which case
// its server session is discarded, not reused, when the session ends.
func (s *Session) Dirty() bool { return s.s.Dirty() }

// sessionKey is the context key of NewSessionContext.
type sessionKey struct{}

// NewSessionContext returns a context that makes every operation of
// s's client called with it (Collection, Database, Client methods and the
// cursors they open) run in s.
func NewSessionContext(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// SessionFromContext returns the session NewSessionContext put in ctx,
// nil for none.
func SessionFromContext(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

// bindSession sets the explicit session of an operation: the one ctx
// carries, unless eo already has one (a cursor's). An ended session or
// one from another client is refused.
func (c *Client) bindSession(ctx context.Context, eo *operation.ExecOptions) error {
	if eo.Session != nil {
		if cs, ok := eo.Session.(*session.Client); ok && cs.Ended() {
			return ErrSessionEnded
		}
		return nil
	}
	s := SessionFromContext(ctx)
	switch {
	case s == nil:
		return nil
	case s.client != c:
		return ErrSessionOtherClient
	case s.s.Ended():
		return ErrSessionEnded
	}
	eo.Session = s.s
	return nil
}
