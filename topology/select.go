package topology

import (
	"slices"

	"github.com/cwal-go/cwal/description"
)

// Criteria is what an operation needs from a server.
type Criteria struct {
	// Write selects a server for a write: the primary of a replica set, a
	// mongos, the one server of a Single topology, the load balancer.
	// ReadPref is ignored for writes.
	Write bool
	// ReadPref is the read preference of a read. Topologies other than a
	// replica set ignore it for selection (mongos receive it with the
	// command instead).
	ReadPref ReadPref
	// Deprioritized lists the addresses of servers an earlier attempt of
	// this operation failed on: they are suitable only when no other
	// server is.
	Deprioritized []string
	// Filter, when set, is the application's server selector: it receives
	// the suitable servers (never an empty list) and returns those that
	// remain suitable. It must not keep the slice.
	Filter func([]description.Server) []description.Server
	// Operation and OperationID name the operation that selects, for the
	// serverSelection log messages only: the command's name and the id
	// its command events carry (0 when none).
	Operation   string
	OperationID int64
}

// Select returns the servers of d suitable for c and inside the latency
// window: those whose average RTT is at most d.LocalThreshold above the
// fastest suitable one. An empty result with a nil error means no server
// is suitable now; a runtime waits for the next Description and selects
// again. The error is d.CompatibilityErr, or a *ReadPrefError for a read
// preference that is invalid, or invalid for this topology (maximum
// staleness too small for a replica set).
func Select(d Description, c Criteria) ([]description.Server, error) {
	return AppendSelected(nil, d, c)
}

// AppendSelected is Select appending to dst, so that a caller with a
// reused buffer selects without allocating.
func AppendSelected(dst []description.Server, d Description, c Criteria) ([]description.Server, error) {
	start := len(dst)
	dst, err := Suitable(dst, d, c)
	if err != nil || len(dst) == start {
		return dst, err
	}
	if c.Filter != nil {
		kept := c.Filter(slices.Clip(dst[start:]))
		dst = append(dst[:start], kept...)
	}
	return append(dst[:start], InLatencyWindow(dst[start:], d.LocalThreshold)...), nil
}

// Suitable appends to dst the servers of d suitable for c, before the
// latency window, by the server selection rules for d's topology type:
// none for Unknown, the one available server for Single, the load
// balancer, any mongos, and in a replica set the primary for writes and
// the servers the read preference admits for reads (after its maximum
// staleness and tag sets). Deprioritized servers are left out unless that
// leaves nothing. The errors are Select's.
func Suitable(dst []description.Server, d Description, c Criteria) ([]description.Server, error) {
	if d.CompatibilityErr != nil {
		return dst, d.CompatibilityErr
	}
	if !c.Write {
		if err := c.ReadPref.Validate(); err != nil {
			return dst, err
		}
		if d.Kind.isReplicaSet() {
			if err := c.ReadPref.validateStaleness(d.HeartbeatFrequency); err != nil {
				return dst, err
			}
		}
	}
	start := len(dst)
	if len(c.Deprioritized) > 0 {
		dst = suitable(dst, d, c, c.Deprioritized)
		if len(dst) > start {
			return dst, nil
		}
	}
	return suitable(dst, d, c, nil), nil
}

// suitable appends the suitable servers among those not in skip.
func suitable(dst []description.Server, d Description, c Criteria, skip []string) []description.Server {
	switch d.Kind {
	case Single:
		return appendIf(dst, d.Servers, skip, func(s *description.Server) bool { return s.Type != description.Unknown })
	case LoadBalanced:
		return appendIf(dst, d.Servers, skip, func(s *description.Server) bool { return s.Type == description.LoadBalancer })
	case Sharded:
		return appendIf(dst, d.Servers, skip, func(s *description.Server) bool { return s.Type == description.Mongos })
	case ReplicaSetNoPrimary, ReplicaSetWithPrimary:
		if c.Write {
			return appendIf(dst, d.Servers, skip, isPrimary)
		}
		return replicaSetRead(dst, d, c.ReadPref, skip)
	}
	return dst
}

// replicaSetRead applies the read preference mode: the primary for
// primary (and first for primaryPreferred), eligible secondaries for
// secondary (and first for secondaryPreferred), eligible members for
// nearest.
func replicaSetRead(dst []description.Server, d Description, rp ReadPref, skip []string) []description.Server {
	start := len(dst)
	switch rp.Mode {
	case Primary:
		return appendIf(dst, d.Servers, skip, isPrimary)
	case PrimaryPreferred:
		if dst = appendIf(dst, d.Servers, skip, isPrimary); len(dst) > start {
			return dst
		}
		return eligible(dst, d, rp, skip, false)
	case Secondary:
		return eligible(dst, d, rp, skip, false)
	case SecondaryPreferred:
		if dst = eligible(dst, d, rp, skip, false); len(dst) > start {
			return dst
		}
		return appendIf(dst, d.Servers, skip, isPrimary)
	case Nearest:
		return eligible(dst, d, rp, skip, true)
	}
	return dst
}

// eligible appends the secondaries (and the primary too when withPrimary)
// that pass the maximum staleness, then keeps those matching the first tag
// set that matches any of them.
func eligible(dst []description.Server, d Description, rp ReadPref, skip []string, withPrimary bool) []description.Server {
	start := len(dst)
	fresh := newFreshness(d, rp.MaxStaleness)
	for i := range d.Servers {
		s := &d.Servers[i]
		if (isSecondary(s) || (withPrimary && isPrimary(s))) && fresh.ok(s) && !slices.Contains(skip, s.Addr) {
			dst = append(dst, *s)
		}
	}
	return filterTags(dst, start, rp.TagSets)
}

// filterTags keeps, in dst[start:], the servers matching the first tag set
// that matches any of them; none when no tag set does. No tag sets keeps
// all.
func filterTags(dst []description.Server, start int, sets []TagSet) []description.Server {
	if len(sets) == 0 || len(dst) == start {
		return dst
	}
	for _, ts := range sets {
		n := start
		for i := start; i < len(dst); i++ {
			if ts.Matches(dst[i].Tags) {
				dst[n] = dst[i]
				n++
			}
		}
		if n > start {
			return dst[:n]
		}
	}
	return dst[:start]
}

// appendIf appends the servers that keep accepts and skip does not name.
func appendIf(dst, servers []description.Server, skip []string, keep func(*description.Server) bool) []description.Server {
	for i := range servers {
		s := &servers[i]
		if keep(s) && !slices.Contains(skip, s.Addr) {
			dst = append(dst, *s)
		}
	}
	return dst
}

func isPrimary(s *description.Server) bool   { return s.Type == description.RSPrimary }
func isSecondary(s *description.Server) bool { return s.Type == description.RSSecondary }
