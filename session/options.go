package session

import (
	"errors"

	"github.com/cwal-go/cwal/bson"
)

// Options are the settings of a Client, fixed when it starts. The client
// API resolves its defaults (causal consistency is on unless snapshot
// reads are asked for) before it gets here.
type Options struct {
	// CausalConsistency sends the session's operationTime as
	// afterClusterTime (causal consistency specification).
	CausalConsistency bool
	// Snapshot makes every read of the session read one snapshot
	// (snapshot reads specification); it excludes CausalConsistency.
	Snapshot bool
	// SnapshotTime is the snapshot to read, set only with Snapshot; zero
	// lets the first find, aggregate or distinct pick it.
	SnapshotTime bson.Timestamp
	// Implicit marks a session the driver started for the caller rather
	// than one the application started; it is never causally consistent.
	Implicit bool
}

// ErrSnapshotCausal: a session cannot be both causally consistent and
// snapshot (snapshot reads specification).
var ErrSnapshotCausal = errors.New("session: snapshot and causalConsistency cannot both be true")

// ErrSnapshotTimeWithoutSnapshot: snapshotTime needs snapshot (snapshot
// reads specification).
var ErrSnapshotTimeWithoutSnapshot = errors.New("session: snapshotTime requires snapshot to be true")

// Validate reports options the specifications forbid.
func (o Options) Validate() error {
	switch {
	case o.Snapshot && o.CausalConsistency:
		return ErrSnapshotCausal
	case !o.SnapshotTime.IsZero() && !o.Snapshot:
		return ErrSnapshotTimeWithoutSnapshot
	}
	return nil
}
