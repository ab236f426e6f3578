package description

// ServerType is what a server is, as the SDAM specification classifies it
// from a hello reply. The zero value is Unknown.
//
// PossiblePrimary, which only single-threaded drivers use, is not defined:
// for this driver it is the same as Unknown.
type ServerType uint8

// The server types of the SDAM specification.
const (
	// Unknown is a server not yet checked, or whose last check failed.
	Unknown ServerType = iota
	// Standalone is a mongod that is not a replica set member.
	Standalone
	// Mongos is a router of a sharded cluster (hello msg "isdbgrid").
	Mongos
	// RSPrimary is the writable member of a replica set.
	RSPrimary
	// RSSecondary is a readable, non-writable replica set member.
	RSSecondary
	// RSArbiter votes in elections but holds no data.
	RSArbiter
	// RSOther is a replica set member that is hidden, starting up or
	// recovering: not queryable, but its host list is useful.
	RSOther
	// RSGhost reports isreplicaset: true without being a usable member
	// (uninitiated, removed from the config, or starting up).
	RSGhost
	// LoadBalancer is the load balancer in front of a deployment when the
	// client runs in load-balanced mode; the hello reply cannot say so, the
	// configuration does.
	LoadBalancer
)

var serverTypeNames = [...]string{
	Unknown:      "Unknown",
	Standalone:   "Standalone",
	Mongos:       "Mongos",
	RSPrimary:    "RSPrimary",
	RSSecondary:  "RSSecondary",
	RSArbiter:    "RSArbiter",
	RSOther:      "RSOther",
	RSGhost:      "RSGhost",
	LoadBalancer: "LoadBalancer",
}

// String returns the specification's name for t, such as "RSPrimary", the
// spelling the SDAM test files use. An undefined value prints as "Unknown".
func (t ServerType) String() string {
	if int(t) < len(serverTypeNames) {
		return serverTypeNames[t]
	}
	return "Unknown"
}

// ParseServerType returns the ServerType named by s, spelled as String
// writes it. "PossiblePrimary" parses as Unknown (see ServerType). The
// result is false for any other string.
func ParseServerType(s string) (ServerType, bool) {
	if s == "PossiblePrimary" {
		return Unknown, true
	}
	for t, name := range serverTypeNames {
		if name == s {
			return ServerType(t), true
		}
	}
	return Unknown, false
}

// DataBearing reports whether servers of type t hold data that operations
// can read: Standalone, Mongos, RSPrimary, RSSecondary and LoadBalancer (the
// SDAM "data-bearing server type").
func (t ServerType) DataBearing() bool {
	switch t {
	case Standalone, Mongos, RSPrimary, RSSecondary, LoadBalancer:
		return true
	}
	return false
}

// ReplicaSetMember reports whether t is one of the RS* types.
func (t ServerType) ReplicaSetMember() bool {
	switch t {
	case RSPrimary, RSSecondary, RSArbiter, RSOther, RSGhost:
		return true
	}
	return false
}
