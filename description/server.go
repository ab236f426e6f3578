package description

import (
	"time"

	"github.com/cwal-go/cwal/bson"
)

// Defaults for the size limits a hello reply may omit.
const (
	DefaultMaxBSONObjectSize   = 16 * 1024 * 1024
	DefaultMaxMessageSizeBytes = 48_000_000
	DefaultMaxWriteBatchSize   = 100_000
)

// Server is the client's view of one server, from the most recent hello
// outcome: the ServerDescription of the SDAM specification plus the
// handshake fields a connection needs. Fields the specification marks as
// nullable are pointers (nil is null) or zero values where zero cannot be a
// real value; each field says which.
//
// Fields marked (=) take part in Equal.
type Server struct {
	// Addr is the address the client connects to, normalized by
	// NormalizeAddr. It is not the server's own idea of its name (Me).
	Addr string
	// Type (=) classifies the server; Unknown when the check failed.
	Type ServerType
	// Error (=) is why the description is Unknown, or nil. Equal compares
	// errors by their message.
	Error error

	// RTT is the round trip time of the check that produced this
	// description, or the monitor's average; 0 means unknown. NewServer
	// leaves it for the caller to fill.
	RTT time.Duration
	// MinRTT is the minimum RTT over the monitor's recent samples; 0 means
	// unknown.
	MinRTT time.Duration
	// LastUpdateTime is when the check finished (monotonic clock reading
	// included). NewServer sets it to the time of the call.
	LastUpdateTime time.Time

	// MinWireVersion and MaxWireVersion (=) are the server's wire protocol
	// range; both 0 when unknown.
	MinWireVersion, MaxWireVersion int32
	// Me (=) is the address the replica set member was configured with
	// (hello "me"), normalized; "" when absent.
	Me string
	// Hosts, Passives and Arbiters (=) are the member's view of the replica
	// set, normalized, in reply order. Equal compares them as sets.
	Hosts, Passives, Arbiters []string
	// Tags (=) are the member's replica set tags; nil when none.
	Tags map[string]string
	// SetName (=) is the replica set name; "" when absent.
	SetName string
	// SetVersion (=) is the replica set config version; nil when absent.
	SetVersion *int64
	// ElectionID (=) is reported by a member that believes it is primary;
	// nil when absent.
	ElectionID *bson.ObjectID
	// Primary (=) is the member's opinion of who the primary is, normalized;
	// "" when absent.
	Primary string
	// LastWriteDate is lastWrite.lastWriteDate; the zero time when absent.
	LastWriteDate time.Time
	// OpTime is lastWrite.opTime, an opaque value (a view into Reply); the
	// zero RawValue when absent.
	OpTime bson.RawValue
	// LogicalSessionTimeoutMinutes (=) is nil when the deployment does not
	// support sessions (absent or null in the reply).
	LogicalSessionTimeoutMinutes *int64
	// TopologyVersion (=) orders the server's replies; nil when absent
	// (servers before 4.4).
	TopologyVersion *TopologyVersion
	// IsCryptd (=) reports a mongocryptd process (hello "iscryptd").
	IsCryptd bool

	// ServiceID identifies the service behind a load balancer (hello
	// "serviceId", MongoDB 5.0+ in load-balanced mode); nil when absent.
	ServiceID *bson.ObjectID
	// HelloOK reports that the server understands the hello command, so
	// monitors use hello rather than legacy hello.
	HelloOK bool
	// ConnectionID is the server's id for the connection that carried the
	// check (hello "connectionId"); 0 when absent.
	ConnectionID int64
	// MaxBSONObjectSize, MaxMessageSizeBytes and MaxWriteBatchSize are the
	// server's limits, set to the Default* constants when the reply omits
	// them; 0 for an Unknown server.
	MaxBSONObjectSize   int32
	MaxMessageSizeBytes int32
	MaxWriteBatchSize   int32
	// Compression is the list of compressors the server accepted from the
	// handshake's offer, in the client's order; nil when none.
	Compression []string
	// SASLSupportedMechs is the authentication mechanisms the server offers
	// the user named in the handshake's saslSupportedMechs; nil when absent.
	// Non-string entries are dropped, unknown names kept.
	SASLSupportedMechs []string
	// SpeculativeAuthenticate is the reply to the handshake's speculative
	// authentication (a view into Reply); nil when absent.
	SpeculativeAuthenticate bson.Raw

	// Reply is a copy of the whole hello reply; nil for a description not
	// made from a reply.
	Reply bson.Raw
}

// TopologyVersion orders the hello replies and state change errors of one
// server process: replies from another process are newer; within a process
// the larger counter is newer.
type TopologyVersion struct {
	ProcessID bson.ObjectID
	Counter   int64
}

// CompareTopologyVersion compares the topology version of a new response
// with a description's current one, by the SDAM rules: it returns -1 when
// the response is older (same process, smaller counter), 0 when it is the
// same, and 1 when it is newer, which includes a nil on either side and a
// different process.
func CompareTopologyVersion(current, response *TopologyVersion) int {
	switch {
	case current == nil || response == nil || current.ProcessID != response.ProcessID:
		return 1
	case response.Counter < current.Counter:
		return -1
	case response.Counter == current.Counter:
		return 0
	}
	return 1
}

// NewUnknownServer returns the description of a server of type Unknown at
// addr, with err (nil for "not checked yet") as its Error and the current
// time as its LastUpdateTime.
func NewUnknownServer(addr string, err error) Server {
	return Server{Addr: NormalizeAddr(addr), Error: err, LastUpdateTime: time.Now()}
}
