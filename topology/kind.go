package topology

// Kind is the TopologyType of the SDAM specification: what the client
// believes the deployment is. The zero value is Unknown.
type Kind uint8

// The topology types of the SDAM specification.
const (
	// Unknown is the starting state of a topology whose type is not yet
	// discovered; no server is suitable for any operation.
	Unknown Kind = iota
	// Single is a direct connection to one server of any type.
	Single
	// ReplicaSetNoPrimary is a replica set whose primary is not known.
	ReplicaSetNoPrimary
	// ReplicaSetWithPrimary is a replica set with a known primary.
	ReplicaSetWithPrimary
	// Sharded is a set of mongos routers.
	Sharded
	// LoadBalanced is one load balancer in front of the deployment.
	LoadBalanced
)

var kindNames = [...]string{
	Unknown:               "Unknown",
	Single:                "Single",
	ReplicaSetNoPrimary:   "ReplicaSetNoPrimary",
	ReplicaSetWithPrimary: "ReplicaSetWithPrimary",
	Sharded:               "Sharded",
	LoadBalanced:          "LoadBalanced",
}

// String returns the specification's name for k, such as
// "ReplicaSetWithPrimary". An undefined value prints as "Unknown".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Unknown"
}

// ParseKind returns the Kind named by s, spelled as String writes it; the
// result is false for any other string.
func ParseKind(s string) (Kind, bool) {
	for k, name := range kindNames {
		if name == s {
			return Kind(k), true
		}
	}
	return Unknown, false
}

// isReplicaSet reports whether k is one of the two replica set kinds.
func (k Kind) isReplicaSet() bool {
	return k == ReplicaSetNoPrimary || k == ReplicaSetWithPrimary
}
