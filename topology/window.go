package topology

import (
	"math/rand/v2"
	"time"

	"github.com/cwal-go/cwal/description"
)

// InLatencyWindow returns the servers whose average RTT is at most
// threshold above the smallest among them, in their order, reusing the
// servers' array. The fastest server is always kept.
func InLatencyWindow(servers []description.Server, threshold time.Duration) []description.Server {
	if len(servers) < 2 {
		return servers
	}
	fastest := servers[0].RTT
	for _, s := range servers[1:] {
		fastest = min(fastest, s.RTT)
	}
	n := 0
	for i := range servers {
		if servers[i].RTT-fastest <= threshold {
			servers[n] = servers[i]
			n++
		}
	}
	return servers[:n]
}

// PickLeastBusy makes the final choice among the servers of the latency
// window, by the multi-threaded algorithm of the server selection
// specification: two distinct servers at random, and of those the one with
// fewer operations in flight (inFlight returns the count for an address;
// a tie goes to either). One server is returned as is; none gives false.
// r supplies the randomness; nil uses math/rand/v2's global source, which
// is safe for concurrent use.
//
// The caller increments the chosen server's count before using it.
func PickLeastBusy(servers []description.Server, inFlight func(addr string) int64, r *rand.Rand) (description.Server, bool) {
	switch len(servers) {
	case 0:
		return description.Server{}, false
	case 1:
		return servers[0], true
	}
	intN := rand.IntN
	if r != nil {
		intN = r.IntN
	}
	i := intN(len(servers))
	j := intN(len(servers) - 1)
	if j >= i {
		j++ // j is uniform over the other servers
	}
	if inFlight(servers[j].Addr) < inFlight(servers[i].Addr) {
		i = j
	}
	return servers[i], true
}
