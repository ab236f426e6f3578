package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// Deployment is what Execute needs from the servers it runs commands on.
// The client adapts its topology.Topology to it; a proxy or a test can
// supply its own. Its methods must be safe for concurrent use.
//
// A Deployment may also implement SessionProvider and ClusterClock; Execute
// uses them when it does.
type Deployment interface {
	// SelectServer returns a server suitable for c, waiting as server
	// selection requires. Execute calls Done on it once the attempt ends.
	SelectServer(ctx context.Context, c topology.Criteria) (Server, error)
	// Kind returns the topology type, which decides when $readPreference
	// is sent (a Single topology sends primaryPreferred to non-mongos
	// servers).
	Kind() topology.Kind
}

// Server is one server of a Deployment, as SelectServer returns it.
type Server interface {
	// Description returns the server's current description: its type,
	// limits (maxBsonObjectSize, maxMessageSizeBytes, maxWriteBatchSize),
	// wire version and session support.
	Description() description.Server
	// Checkout returns an established connection to the server. Execute
	// gives it back with Checkin exactly once.
	Checkout(ctx context.Context) (*pool.Conn, error)
	// Checkin gives back a connection Checkout returned.
	Checkin(c *pool.Conn) error
	// HandleError applies SDAM error handling to an error an operation met
	// on the server: a network error, an error while establishing a
	// connection, or an error reply (ok: 0, or a writeConcernError). The
	// error's Generation and ServiceID are those of the connection;
	// topology.Topology.HandleAppError does the rest.
	HandleError(ctx context.Context, e topology.AppError)
	// Done tells the server that the operation that selected it has ended
	// (its in-flight count). Execute calls it exactly once per server
	// SelectServer returned, never for ExecOptions.Server.
	Done()
}

// Session is the hook through which a client session takes part in a
// command. Execute appends its lsid, asks it for a txnNumber for each
// retryable write command, and shows it every reply. The sessions layer
// implements it; transaction support will extend it with an optional
// interface.
type Session interface {
	// LSID returns the session id document ({id: <UUID>}), appended as
	// lsid.
	LSID() bson.Raw
	// NextTxnNumber advances the server session's transaction number and
	// returns it, for one retryable write command (each batch of a bulk
	// write gets its own; a retry reuses it).
	NextTxnNumber() int64
	// Observe is called after every command sent with the session, with
	// the reply (a view valid during the call; nil when none was read) and
	// the error of the exchange, so that the session can record
	// operationTime and mark itself dirty after a network error.
	Observe(reply bson.Raw, err error)
}

// SessionProvider is implemented by a Deployment that supports implicit
// sessions. When ExecOptions.Session is nil and the selected server
// supports sessions, Execute starts one after checking out a connection
// and ends it when the operation ends, unless a result kept it
// (Reply.KeepSession). Unacknowledged writes get no implicit session.
type SessionProvider interface {
	StartImplicitSession() (Session, error)
	EndImplicitSession(s Session)
}

// ClusterClock is implemented by a Deployment that gossips the cluster
// time: Execute sends ClusterTime as $clusterTime and passes every reply's
// $clusterTime to AdvanceClusterTime.
type ClusterClock interface {
	// ClusterTime returns the $clusterTime document to send, nil for none.
	ClusterTime() bson.Raw
	// AdvanceClusterTime is given a reply's $clusterTime, a view valid
	// during the call: copy it to keep it.
	AdvanceClusterTime(ct bson.Raw)
}

// ExecOptions are the settings of one Execute that are not the command's
// own. The zero value reads from the primary with the server's default
// concerns, without retries, sessions or monitoring.
type ExecOptions struct {
	// ReadPref selects the server of a command with the ReadPreference
	// trait; the zero value is primary.
	ReadPref topology.ReadPref
	// ReadConcern and WriteConcern are sent to the commands whose traits
	// take them.
	ReadConcern  ReadConcern
	WriteConcern WriteConcern
	// Session is an explicit session; nil lets Execute start an implicit
	// one when the Deployment is a SessionProvider.
	Session Session
	// RetryReads and RetryWrites are the client's retryReads and
	// retryWrites (both default to true in a URI; the client sets them).
	RetryReads, RetryWrites bool
	// Server, when set, runs the command on that server without selection
	// (a cursor's getMore and killCursors). Execute does not call its Done.
	Server Server
	// Monitor receives the command monitoring events; nil means none.
	Monitor *CommandMonitor
	// OperationID links the events of one operation (its batches,
	// retries and follow-ups); 0 lets Execute take the next process-wide
	// id.
	OperationID int64
}
