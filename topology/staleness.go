package topology

import (
	"time"

	"github.com/cwal-go/cwal/description"
)

// freshness is the max staleness test for the secondaries of one
// topology (max staleness specification). With a primary P a secondary
// S's staleness is estimated as (S.lastUpdateTime - S.lastWriteDate) -
// (P.lastUpdateTime - P.lastWriteDate) + heartbeat; without, as
// SMax.lastWriteDate - S.lastWriteDate + heartbeat, SMax being the
// secondary with the latest write.
type freshness struct {
	max         time.Duration // 0: no maximum
	heartbeat   time.Duration
	withPrimary bool
	primaryLag  time.Duration // P.lastUpdateTime - P.lastWriteDate
	newest      time.Time     // SMax.lastWriteDate
}

func newFreshness(d Description, maxStaleness time.Duration) freshness {
	f := freshness{max: maxStaleness, heartbeat: d.HeartbeatFrequency}
	if maxStaleness <= 0 {
		return f
	}
	if p, ok := primaryOf(d); ok {
		f.withPrimary, f.primaryLag = true, p.LastUpdateTime.Sub(p.LastWriteDate)
		return f
	}
	f.newest = latestWrite(d)
	return f
}

// ok reports whether s is fresh enough: every server when there is no
// maximum, every non-secondary (they have no staleness), and a secondary
// whose estimated staleness is at most the maximum.
func (f freshness) ok(s *description.Server) bool {
	if f.max <= 0 || s.Type != description.RSSecondary {
		return true
	}
	if f.withPrimary {
		return s.LastUpdateTime.Sub(s.LastWriteDate)-f.primaryLag+f.heartbeat <= f.max
	}
	return f.newest.Sub(s.LastWriteDate)+f.heartbeat <= f.max
}

// primaryOf returns the primary of a ReplicaSetWithPrimary topology.
func primaryOf(d Description) (*description.Server, bool) {
	if d.Kind != ReplicaSetWithPrimary {
		return nil, false
	}
	for i := range d.Servers {
		if d.Servers[i].Type == description.RSPrimary {
			return &d.Servers[i], true
		}
	}
	return nil, false
}

// latestWrite is the greatest lastWriteDate among the secondaries.
func latestWrite(d Description) time.Time {
	var t time.Time
	for i := range d.Servers {
		if s := &d.Servers[i]; s.Type == description.RSSecondary && s.LastWriteDate.After(t) {
			t = s.LastWriteDate
		}
	}
	return t
}
