package operation

import (
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// ErrSessionsNotSupported: an explicit session was given for a server that
// reports no logicalSessionTimeoutMinutes (driver sessions specification:
// an implicit session is then ignored, an explicit one is an error).
var ErrSessionsNotSupported = errors.New("operation: the server does not support sessions")

// ErrSnapshotUnsupported: a snapshot session on a server older than 5.0
// (wire version 13), the message the snapshot reads specification asks
// for.
var ErrSnapshotUnsupported = errors.New("operation: Snapshot reads require MongoDB 5.0 or later")

// snapshotMinWire is the wire version of MongoDB 5.0.
const snapshotMinWire = 13

// ReadConcernSession is a Session that changes the readConcern of the
// commands it runs: causal consistency adds afterClusterTime, snapshot
// reads set level snapshot and atClusterTime. Execute asks it once per
// message, after the previous reply was observed.
type ReadConcernSession interface {
	Session
	// SessionReadConcern returns what the session adds now.
	SessionReadConcern() SessionReadConcern
}

// SessionReadConcern is what a ReadConcernSession adds to the readConcern.
// The zero value adds nothing.
type SessionReadConcern struct {
	// Snapshot sends level "snapshot" on every command of the session but
	// getMore and killCursors (snapshot reads specification), overriding
	// the operation's level.
	Snapshot bool
	// AtClusterTime is the snapshot time, sent with Snapshot once known.
	AtClusterTime bson.Timestamp
	// AfterClusterTime is the operationTime of a causally consistent
	// session, sent with the reads that take a read concern and with the
	// writes the read-write-concern specification lists; zero sends none.
	AfterClusterTime bson.Timestamp
}

// causalWrites are the write commands that accept a readConcern holding
// only afterClusterTime (read-write-concern specification). Commands the
// caller built (RunCommand) have no WriteConcern trait, so they never get
// one, as the causal consistency specification requires.
var causalWrites = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "bulkWrite": true,
	"create": true, "createIndexes": true, "drop": true, "dropDatabase": true, "dropIndexes": true,
}

// checkSession refuses what the session cannot do on this server: an
// explicit session where sessions are unsupported, a snapshot session
// before 5.0.
func (x *execution) checkSession(desc description.Server) error {
	if x.opts.Session == nil {
		return nil
	}
	if !supportsSessions(desc) {
		return ErrSessionsNotSupported
	}
	if rs, ok := x.opts.Session.(ReadConcernSession); ok && rs.SessionReadConcern().Snapshot && desc.MaxWireVersion < snapshotMinWire {
		return ErrSnapshotUnsupported
	}
	return nil
}

// appendReadConcern appends the readConcern of cmd: the operation's level
// for commands with the ReadConcern trait, merged with what the session
// adds.
func (x *execution) appendReadConcern(dst []byte, cmd Command, t Traits) []byte {
	var level string
	if t.ReadConcern {
		level = x.opts.ReadConcern.Level
	}
	var sr SessionReadConcern
	if rs, ok := x.sess.(ReadConcernSession); ok {
		sr = rs.SessionReadConcern()
	}
	var after, at bson.Timestamp
	switch name := cmd.Name(); {
	case sr.Snapshot:
		if name == "getMore" || name == "killCursors" {
			return dst
		}
		level, at = "snapshot", sr.AtClusterTime
	case !sr.AfterClusterTime.IsZero() && (t.ReadConcern || (t.WriteConcern && causalWrites[name])):
		after = sr.AfterClusterTime
	}
	if level == "" && after.IsZero() {
		return dst
	}
	dst, start := bson.AppendDocumentElementStart(dst, "readConcern")
	if level != "" {
		dst = bson.AppendStringElement(dst, "level", level)
	}
	if !after.IsZero() {
		dst = bson.AppendTimestampElement(dst, "afterClusterTime", after.T, after.I)
	}
	if !at.IsZero() {
		dst = bson.AppendTimestampElement(dst, "atClusterTime", at.T, at.I)
	}
	return bson.AppendDocumentEnd(dst, start)
}

// clusterTime returns the $clusterTime to send: the greater of the
// deployment's and, when it keeps one, the session's (driver sessions
// specification); nil for none.
func (x *execution) clusterTime() bson.Raw {
	var ct bson.Raw
	if x.clock != nil {
		ct = x.clock.ClusterTime()
	}
	if sc, ok := x.sess.(ClusterClock); ok {
		if sct := sc.ClusterTime(); ClusterTimeOf(sct).Compare(ClusterTimeOf(ct)) > 0 {
			ct = sct
		}
	}
	return ct
}

// ClusterTimeOf returns the clusterTime timestamp of a $clusterTime
// document, the only part that orders two of them; zero when absent.
func ClusterTimeOf(ct bson.Raw) bson.Timestamp {
	if len(ct) == 0 {
		return bson.Timestamp{}
	}
	return ct.Lookup("clusterTime").Timestamp()
}
