package session

import (
	"sync/atomic"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// ClusterClock keeps the greatest $clusterTime document it was given,
// ordered by its clusterTime timestamp alone (the signature does not take
// part). The zero value holds none. It is safe for concurrent use and
// implements operation.ClusterClock.
type ClusterClock struct {
	ct atomic.Pointer[clusterTime]
}

// clusterTime is one kept $clusterTime: a private copy and its order.
type clusterTime struct {
	doc bson.Raw
	ts  bson.Timestamp
}

// ClusterTime returns the greatest $clusterTime seen, nil for none. The
// document is never modified; the caller must not modify it either.
func (c *ClusterClock) ClusterTime() bson.Raw {
	if ct := c.ct.Load(); ct != nil {
		return ct.doc
	}
	return nil
}

// AdvanceClusterTime keeps a copy of ct when its clusterTime is greater
// than the one kept. A document without a timestamp clusterTime is
// ignored, so a malformed reply cannot wedge the clock.
func (c *ClusterClock) AdvanceClusterTime(ct bson.Raw) {
	ts, ok := ct.Lookup("clusterTime").TimestampOK()
	if !ok {
		return
	}
	var next *clusterTime
	for {
		cur := c.ct.Load()
		if cur != nil && ts.Compare(cur.ts) <= 0 {
			return
		}
		if next == nil {
			next = &clusterTime{doc: append(bson.Raw(nil), ct...), ts: ts}
		}
		if c.ct.CompareAndSwap(cur, next) {
			return
		}
	}
}

var _ operation.ClusterClock = (*ClusterClock)(nil)
