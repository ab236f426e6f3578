package topology

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// ErrStalePrimary is wrapped by the Error of a primary marked Unknown
// because a newer primary exists; the message says which rule found it
// (the SDAM specification fixes the wording tests look for).
var ErrStalePrimary = errors.New("topology: stale primary")

// updateRSWithoutPrimary learns from a non-primary member while no primary
// is known: it records the set name, adds the hosts the member knows, and
// drops the member if it is known by another name ("me"). It never removes
// other servers: only a primary's host list is authoritative.
func (t *transition) updateRSWithoutPrimary() {
	d, s := t.d, t.s
	if d.SetName == "" {
		d.SetName = s.SetName
	} else if d.SetName != s.SetName {
		d.remove(s.Addr)
		return
	}
	t.addHosts()
	// The PossiblePrimary hint of description.primary serves only
	// single-threaded scanning order; here it is the same as Unknown.
	if s.Me != "" && s.Addr != s.Me {
		d.remove(s.Addr)
	}
}

// updateRSWithPrimaryFromMember checks a non-primary member against a
// known primary: a wrong set name or a "me" mismatch removes it; if the
// member had been the primary, the type falls back to no primary.
func (t *transition) updateRSWithPrimaryFromMember() {
	d, s := t.d, t.s
	if d.SetName != s.SetName || (s.Me != "" && s.Addr != s.Me) {
		d.remove(s.Addr)
		t.checkIfHasPrimary()
		return
	}
	t.checkIfHasPrimary()
}

// updateRSFromPrimary takes a primary's word for the replica set: unless it
// is stale by (electionId, setVersion), it invalidates any other primary,
// adds the hosts it lists and removes the servers it does not.
func (t *transition) updateRSFromPrimary() {
	d, s := t.d, t.s
	if d.SetName == "" {
		d.SetName = s.SetName
	} else if d.SetName != s.SetName {
		d.remove(s.Addr)
		t.checkIfHasPrimary()
		return
	}
	if err := t.checkElection(); err != nil {
		d.put(description.Server{Addr: s.Addr, Error: err})
		t.checkIfHasPrimary()
		return
	}
	for _, o := range d.Servers {
		if o.Addr != s.Addr && o.Type == description.RSPrimary {
			// Not its pool: the old primary's connections may still serve
			// secondary reads. Its monitor should look again soon.
			d.put(description.Server{Addr: o.Addr, Error: errNewerPrimary})
			t.out.act(RequestCheck, o.Addr)
		}
	}
	t.addHosts()
	for i := len(d.Servers) - 1; i >= 0; i-- {
		if a := d.Servers[i].Addr; !listed(s, a) {
			d.remove(a)
		}
	}
	t.checkIfHasPrimary()
}

var errNewerPrimary = wrapStale("primary marked stale due to discovery of newer primary")

// checkElection compares the primary's (electionId, setVersion) with the
// largest seen and records it when not older. Servers from MongoDB 6.0
// (wire version 17) order by electionId first; older ones by setVersion
// first, and only when they report both. A nil result means "current".
func (t *transition) checkElection() error {
	d, s := t.d, t.s
	if s.MaxWireVersion >= 17 {
		c := compareOID(s.ElectionID, d.MaxElectionID)
		if c > 0 || (c == 0 && compareInt(s.SetVersion, d.MaxSetVersion) >= 0) {
			d.MaxElectionID, d.MaxSetVersion = s.ElectionID, s.SetVersion
			return nil
		}
		return t.staleElection()
	}
	if s.SetVersion != nil && s.ElectionID != nil {
		if d.MaxSetVersion != nil && d.MaxElectionID != nil &&
			(*d.MaxSetVersion > *s.SetVersion ||
				(*d.MaxSetVersion == *s.SetVersion && compareOID(d.MaxElectionID, s.ElectionID) > 0)) {
			return t.staleElection()
		}
		d.MaxElectionID = s.ElectionID
	}
	if s.SetVersion != nil && (d.MaxSetVersion == nil || *s.SetVersion > *d.MaxSetVersion) {
		d.MaxSetVersion = s.SetVersion
	}
	return nil
}

func (t *transition) staleElection() error {
	return wrapStale("primary marked stale due to electionId/setVersion mismatch, " +
		electionTuple(t.s.ElectionID, t.s.SetVersion) + " is stale compared to " +
		electionTuple(t.d.MaxElectionID, t.d.MaxSetVersion))
}

func wrapStale(msg string) error {
	return &staleError{msg: msg}
}

type staleError struct{ msg string }

func (e *staleError) Error() string { return "topology: " + e.msg }
func (e *staleError) Unwrap() error { return ErrStalePrimary }

// electionTuple formats a pair as {electionId: ..., setVersion: ...}.
func electionTuple(id *bson.ObjectID, v *int64) string {
	s := "{electionId: "
	if id == nil {
		s += "null"
	} else {
		s += id.Hex()
	}
	s += ", setVersion: "
	if v == nil {
		return s + "null}"
	}
	return s + strconv.FormatInt(*v, 10) + "}"
}

// addHosts adds every member s knows of as an Unknown server.
func (t *transition) addHosts() {
	for _, list := range [...][]string{t.s.Hosts, t.s.Passives, t.s.Arbiters} {
		for _, a := range list {
			if !t.d.has(a) {
				t.d.put(description.Server{Addr: a})
			}
		}
	}
}

// listed reports whether s names addr among its hosts, passives or
// arbiters.
func listed(s description.Server, addr string) bool {
	for _, list := range [...][]string{s.Hosts, s.Passives, s.Arbiters} {
		for _, a := range list {
			if a == addr {
				return true
			}
		}
	}
	return false
}

// compareOID orders electionIds bytewise, null first.
func compareOID(a, b *bson.ObjectID) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return bytes.Compare(a[:], b[:])
}

// compareInt orders setVersions, null first.
func compareInt(a, b *int64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	case *a < *b:
		return -1
	case *a > *b:
		return 1
	}
	return 0
}
