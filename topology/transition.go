package topology

import (
	"errors"

	"github.com/cwal-go/cwal/description"
)

// ErrWrongSetName is the Error of a server that reports a replica set name
// other than the one configured for a direct connection.
var ErrWrongSetName = errors.New("topology: server reports a different replica set name than configured")

// transition runs the SDAM TopologyType table for one new server
// description s, already stored in d. Start/stop actions are derived from
// the result afterwards; transition only adds the actions the table itself
// asks for (an immediate check of an invalidated primary).
type transition struct {
	d     *Description
	s     description.Server
	seeds int
	out   *Outcome
}

func (t *transition) run() {
	switch t.d.Kind {
	case Single:
		t.single()
	case Unknown:
		t.fromUnknown()
	case Sharded:
		if t.s.Type != description.Unknown && t.s.Type != description.Mongos {
			t.d.remove(t.s.Addr)
		}
	case ReplicaSetNoPrimary:
		t.fromReplicaSetNoPrimary()
	case ReplicaSetWithPrimary:
		t.fromReplicaSetWithPrimary()
	}
}

// single verifies the set name of a direct connection that requires one:
// a server without it, or with another, becomes Unknown.
func (t *transition) single() {
	if t.d.SetName != "" && t.s.Type != description.Unknown && t.s.SetName != t.d.SetName {
		t.d.put(description.Server{Addr: t.s.Addr, Error: ErrWrongSetName})
	}
}

func (t *transition) fromUnknown() {
	switch t.s.Type {
	case description.Standalone:
		t.updateUnknownWithStandalone()
	case description.Mongos:
		t.d.Kind = Sharded
	case description.RSPrimary:
		t.d.Kind = ReplicaSetWithPrimary
		t.updateRSFromPrimary()
	case description.RSSecondary, description.RSArbiter, description.RSOther:
		t.d.Kind = ReplicaSetNoPrimary
		t.updateRSWithoutPrimary()
	case description.LoadBalancer:
		t.d.remove(t.s.Addr)
	}
	// Unknown and RSGhost leave the type Unknown: a ghost has no set name
	// to record.
}

// updateUnknownWithStandalone: a lone seed that is a standalone makes a
// Single topology; among several seeds it is removed, so that an outdated
// seed list still finds the replica set.
func (t *transition) updateUnknownWithStandalone() {
	if t.seeds == 1 {
		t.d.Kind = Single
		return
	}
	t.d.remove(t.s.Addr)
}

func (t *transition) fromReplicaSetNoPrimary() {
	switch t.s.Type {
	case description.Standalone, description.Mongos, description.LoadBalancer:
		t.d.remove(t.s.Addr)
	case description.RSPrimary:
		t.d.Kind = ReplicaSetWithPrimary
		t.updateRSFromPrimary()
	case description.RSSecondary, description.RSArbiter, description.RSOther:
		t.updateRSWithoutPrimary()
	}
}

func (t *transition) fromReplicaSetWithPrimary() {
	switch t.s.Type {
	case description.Unknown, description.RSGhost:
		t.checkIfHasPrimary()
	case description.Standalone, description.Mongos, description.LoadBalancer:
		t.d.remove(t.s.Addr)
		t.checkIfHasPrimary()
	case description.RSPrimary:
		t.updateRSFromPrimary()
	case description.RSSecondary, description.RSArbiter, description.RSOther:
		t.updateRSWithPrimaryFromMember()
	}
}

// checkIfHasPrimary sets the replica set type from the presence of a
// primary.
func (t *transition) checkIfHasPrimary() {
	t.d.Kind = ReplicaSetNoPrimary
	for _, s := range t.d.Servers {
		if s.Type == description.RSPrimary {
			t.d.Kind = ReplicaSetWithPrimary
			return
		}
	}
}
