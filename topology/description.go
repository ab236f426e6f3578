package topology

import (
	"slices"
	"strings"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// Description is the TopologyDescription of the SDAM specification: what
// the client knows about the whole deployment. A Description handed out by
// an FSM is immutable: the FSM builds a new one for every change, so a
// reader may keep and read it without a lock.
type Description struct {
	// Kind is the topology type.
	Kind Kind
	// SetName is the replica set name, configured or discovered; "" when
	// unknown.
	SetName string
	// MaxElectionID and MaxSetVersion are the largest (electionId,
	// setVersion) pair a primary has reported, used to detect stale
	// primaries; nil when none.
	MaxElectionID *bson.ObjectID
	MaxSetVersion *int64
	// Servers are the server descriptions, sorted by address.
	Servers []description.Server
	// CompatibilityErr is a *CompatibilityError when some server's wire
	// protocol range does not overlap the driver's; nil when all do.
	CompatibilityErr error
	// LogicalSessionTimeoutMinutes is the smallest session timeout among
	// the data-bearing servers; nil when one of them does not report one
	// or there is none (sessions are then unsupported, except in
	// load-balanced mode).
	LogicalSessionTimeoutMinutes *int64

	// HeartbeatFrequency and LocalThreshold are the client settings
	// server selection needs, copied from the Config (defaults filled);
	// they are not part of the topology state and Equal ignores them.
	HeartbeatFrequency time.Duration
	LocalThreshold     time.Duration
}

// Server returns the description of the server at addr (normalized by the
// caller, as description.NormalizeAddr does) and whether it is part of the
// topology.
//
// Servers is searched as sorted first; a Description built by hand with
// servers out of order is still searched correctly, only slower.
func (d Description) Server(addr string) (description.Server, bool) {
	if i, ok := d.index(addr); ok {
		return d.Servers[i], true
	}
	for _, s := range d.Servers {
		if s.Addr == addr {
			return s, true
		}
	}
	return description.Server{}, false
}

// index finds addr in the sorted server list.
func (d Description) index(addr string) (int, bool) {
	return slices.BinarySearchFunc(d.Servers, addr, func(s description.Server, a string) int {
		return strings.Compare(s.Addr, a)
	})
}

// Equal reports whether d and o are the same topology state, by the
// fields SDAM events compare: kind, set name, election tuple,
// compatibility, session timeout and the servers by description.Server's
// Equal. A change of RTT alone is not a change.
func (d Description) Equal(o Description) bool {
	if d.Kind != o.Kind || d.SetName != o.SetName || len(d.Servers) != len(o.Servers) ||
		!ptrEqual(d.MaxElectionID, o.MaxElectionID) || !ptrEqual(d.MaxSetVersion, o.MaxSetVersion) ||
		!ptrEqual(d.LogicalSessionTimeoutMinutes, o.LogicalSessionTimeoutMinutes) ||
		!errorsEqual(d.CompatibilityErr, o.CompatibilityErr) {
		return false
	}
	for i := range d.Servers {
		if !d.Servers[i].Equal(o.Servers[i]) {
			return false
		}
	}
	return true
}

// HasWritableServer reports whether a write could select a server now
// (the SDAM monitoring specification's hasWritableServer).
func (d Description) HasWritableServer() bool {
	s, err := Suitable(nil, d, Criteria{Write: true})
	return err == nil && len(s) > 0
}

// HasReadableServer reports whether a read with rp could select a server
// now (the SDAM monitoring specification's hasReadableServer; pass the zero
// ReadPref for the default, primary).
func (d Description) HasReadableServer(rp ReadPref) bool {
	s, err := Suitable(nil, d, Criteria{ReadPref: rp})
	return err == nil && len(s) > 0
}

// String describes d for logs and errors, such as
// "ReplicaSetWithPrimary rs [a:27017 RSPrimary, b:27017 Unknown: <error>]".
func (d Description) String() string {
	var b strings.Builder
	b.WriteString(d.Kind.String())
	if d.SetName != "" {
		b.WriteByte(' ')
		b.WriteString(d.SetName)
	}
	b.WriteString(" [")
	for i, s := range d.Servers {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.Addr)
		b.WriteByte(' ')
		b.WriteString(s.Type.String())
		if s.Error != nil {
			b.WriteString(": ")
			b.WriteString(s.Error.Error())
		}
	}
	b.WriteByte(']')
	return b.String()
}

// clone returns a copy whose server list the caller may change.
func (d Description) clone() Description {
	d.Servers = slices.Clone(d.Servers)
	return d
}

// put replaces the server with s's address, or inserts s in order.
func (d *Description) put(s description.Server) {
	i, ok := d.index(s.Addr)
	if ok {
		d.Servers[i] = s
		return
	}
	d.Servers = slices.Insert(d.Servers, i, s)
}

// remove drops the server at addr, if present.
func (d *Description) remove(addr string) {
	if i, ok := d.index(addr); ok {
		d.Servers = slices.Delete(d.Servers, i, i+1)
	}
}

// has reports whether addr is part of the topology.
func (d *Description) has(addr string) bool {
	_, ok := d.index(addr)
	return ok
}

// ptrEqual treats two nils as equal and otherwise compares the values.
func ptrEqual[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// errorsEqual compares errors by message, as server description equality
// does.
func errorsEqual(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Error() == b.Error()
}
