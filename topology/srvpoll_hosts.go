package topology

import (
	"math/rand/v2"
	"slices"

	"github.com/cwal-go/cwal/description"
)

// ApplySRVHosts updates the servers from an SRV rescan (polling SRV
// records for mongos discovery): servers not in hosts are removed, servers
// still listed are left as they are, and new hosts are added as Unknown,
// all of them, or when maxHosts > 0 chosen at random until the topology
// has maxHosts servers. It applies only to a Sharded or Unknown topology
// and to a non-empty list; otherwise, or when nothing changes, the Outcome
// is empty. The Outcome has the ServerClosed/ServerOpening events, the
// topology event and the StopServer/StartServer actions.
func (f *FSM) ApplySRVHosts(hosts []string, maxHosts int) Outcome {
	if f.closed || len(hosts) == 0 || (f.desc.Kind != Sharded && f.desc.Kind != Unknown) {
		return Outcome{}
	}
	listed := normalizeSeeds(hosts)
	prev := f.desc
	next := prev.clone()
	for _, s := range prev.Servers {
		if !slices.Contains(listed, s.Addr) {
			next.remove(s.Addr)
		}
	}
	var fresh []string
	for _, a := range listed {
		if !next.has(a) {
			fresh = append(fresh, a)
		}
	}
	if maxHosts > 0 {
		rand.Shuffle(len(fresh), func(i, j int) { fresh[i], fresh[j] = fresh[j], fresh[i] })
		fresh = fresh[:max(0, min(len(fresh), maxHosts-len(next.Servers)))]
	}
	for _, a := range fresh {
		next.put(description.Server{Addr: a})
	}
	if len(next.Servers) == len(prev.Servers) && len(fresh) == 0 {
		return Outcome{}
	}
	next.refresh()
	f.desc = next
	out := Outcome{Changed: true}
	f.diff(&out, prev, next, nil)
	return out
}
