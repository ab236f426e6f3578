package session

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// Observe records what a reply teaches the session: its operationTime
// (kept whether the command succeeded or not), its $clusterTime and, in a
// snapshot session without a snapshot time yet, the atClusterTime of the
// first snapshot read. A network error marks the server session dirty.
func (c *Client) Observe(reply bson.Raw, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.server.Observe(reply, err)
	if len(reply) == 0 {
		return
	}
	if ts, ok := reply.Lookup("operationTime").TimestampOK(); ok && ts.Compare(c.operationTime) > 0 {
		c.operationTime = ts
	}
	if ct, ok := reply.Lookup("$clusterTime").DocumentOK(); ok {
		c.clock.AdvanceClusterTime(ct)
	}
	if c.opts.Snapshot && c.snapshotTime.IsZero() {
		c.snapshotTime = atClusterTime(reply)
	}
}

// atClusterTime returns the snapshot time of a find or aggregate reply
// (cursor.atClusterTime) or of a distinct reply (atClusterTime); zero when
// the reply has none.
func atClusterTime(reply bson.Raw) bson.Timestamp {
	if cur, ok := reply.Lookup("cursor").DocumentOK(); ok {
		if ts, ok := cur.Lookup("atClusterTime").TimestampOK(); ok {
			return ts
		}
	}
	return reply.Lookup("atClusterTime").Timestamp()
}

// ClusterTime returns the session's cluster time document, nil when it
// has seen none; Execute sends the greater of it and the client's.
func (c *Client) ClusterTime() bson.Raw { return c.clock.ClusterTime() }

// AdvanceClusterTime advances the session's cluster time to ct when ct is
// greater. It never advances the client's clock: ct is not known to come
// from a server.
func (c *Client) AdvanceClusterTime(ct bson.Raw) { c.clock.AdvanceClusterTime(ct) }

// OperationTime returns the operationTime of the session's latest
// operation and whether there is one.
func (c *Client) OperationTime() (bson.Timestamp, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.operationTime, !c.operationTime.IsZero()
}

// AdvanceOperationTime advances the operation time to ts when ts is
// greater; it is not validated (causal consistency specification).
func (c *Client) AdvanceOperationTime(ts bson.Timestamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ts.Compare(c.operationTime) > 0 {
		c.operationTime = ts
	}
}

// SnapshotTime returns the snapshot time of a snapshot session, and false
// for a session that is not a snapshot session or has not read yet.
func (c *Client) SnapshotTime() (bson.Timestamp, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.snapshotTime, c.opts.Snapshot && !c.snapshotTime.IsZero()
}

// SessionReadConcern says what the session adds to a command's
// readConcern: level snapshot with the snapshot time, or, when causally
// consistent, the operation time as afterClusterTime.
func (c *Client) SessionReadConcern() operation.SessionReadConcern {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.opts.Snapshot:
		return operation.SessionReadConcern{Snapshot: true, AtClusterTime: c.snapshotTime}
	case c.opts.CausalConsistency:
		return operation.SessionReadConcern{AfterClusterTime: c.operationTime}
	}
	return operation.SessionReadConcern{}
}
