package topology

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// FSM is the SDAM state machine: it owns the current topology Description
// and replaces it for every check outcome and application error. It does no
// I/O and starts nothing; every decision it makes comes back as an Outcome.
//
// FSM is not safe for concurrent use: the caller serializes calls (the
// specification's "process one hello outcome at a time") and performs each
// Outcome before the next call.
type FSM struct {
	cfg    Config
	seeds  int
	desc   Description
	closed bool
}

// NewFSM validates cfg and returns the state machine with its initial
// Description: the seeds as Unknown servers and the initial topology type
// of the SDAM table (Single for a direct connection, ReplicaSetNoPrimary
// with a set name, LoadBalanced, or Unknown). The Outcome holds the opening
// events and a StartServer action per seed. In load-balanced mode the one
// server becomes a LoadBalancer at once, with its events, and its pool is
// made ready: no monitor will ever check it.
func NewFSM(cfg Config) (*FSM, Outcome, error) {
	if err := cfg.Validate(); err != nil {
		return nil, Outcome{}, err
	}
	if cfg.ID.IsZero() {
		cfg.ID = bson.NewObjectID()
	}
	seeds := normalizeSeeds(cfg.Seeds)
	f := &FSM{cfg: cfg, seeds: len(seeds)}
	f.desc = Description{Kind: cfg.initialKind(), SetName: cfg.SetName,
		HeartbeatFrequency: cfg.heartbeat(), LocalThreshold: cfg.localThreshold()}
	for _, a := range seeds {
		f.desc.put(description.Server{Addr: a})
	}
	empty := Description{HeartbeatFrequency: f.desc.HeartbeatFrequency, LocalThreshold: f.desc.LocalThreshold}
	out := Outcome{Changed: true, Events: []Event{TopologyOpeningEvent{TopologyID: cfg.ID}}}
	f.diff(&out, empty, f.desc, nil)
	if cfg.LoadBalanced {
		f.openLoadBalancer(&out)
	}
	return f, out, nil
}

// openLoadBalancer turns the one seed into a LoadBalancer description: in
// this mode nothing else ever describes it.
func (f *FSM) openLoadBalancer(out *Outcome) {
	prev := f.desc
	next := prev.clone()
	lb := description.Server{Addr: next.Servers[0].Addr, Type: description.LoadBalancer}
	next.put(lb)
	f.desc = next
	f.diff(out, prev, next, &lb)
	out.act(ReadyPool, lb.Addr)
}

// Description returns the current topology description. It is immutable;
// later calls into the FSM replace it rather than change it.
func (f *FSM) Description() Description { return f.desc }

// ID returns the topology id the events carry.
func (f *FSM) ID() bson.ObjectID { return f.cfg.ID }

// Apply processes the outcome of a check of one server: a description made
// by description.NewServer from a hello reply (by a monitor, or by the
// handshake of an application connection), or a description of type
// Unknown with the Error of a failed check. It follows the SDAM
// specification's onServerDescriptionChanged: an outcome from a server no
// longer in the topology, or older than the current description by
// topologyVersion, is ignored (the Outcome is empty); otherwise the
// description replaces the server's, even when Equal (to keep RTTs fresh),
// and the TopologyType table runs.
//
// A successful check of a data-bearing server, or of any known server of a
// Single topology, readies its pool. A failed check (Error set) clears the
// pool, interrupting connections in use when the error is a timeout (an
// error with a Timeout() bool method that reports true).
//
// In load-balanced mode there are no checks, and Apply ignores its input.
func (f *FSM) Apply(s description.Server) Outcome {
	s.Addr = description.NormalizeAddr(s.Addr)
	out := f.apply(s)
	if !out.Changed || s.Error == nil {
		return out
	}
	out.Actions = append(out.Actions, Action{Kind: ClearPool, Addr: s.Addr, Interrupt: isTimeout(s.Error)})
	return out
}

// apply is Apply without the pool clearing of failed checks, shared with
// the error handling that marks servers Unknown.
func (f *FSM) apply(s description.Server) Outcome {
	prev := f.desc
	cur, ok := prev.Server(s.Addr)
	if !ok || f.closed || prev.Kind == LoadBalanced ||
		description.CompareTopologyVersion(cur.TopologyVersion, s.TopologyVersion) < 0 {
		return Outcome{}
	}
	next := prev.clone()
	next.put(s)
	var out Outcome
	t := transition{d: &next, s: s, seeds: f.seeds, out: &out}
	t.run()
	next.refresh()
	f.desc = next
	out.Changed = true
	final, ok := next.Server(s.Addr)
	if !ok {
		final = s
	}
	if ok && final.Type != description.Unknown && (final.Type.DataBearing() || next.Kind == Single) {
		out.Actions = append([]Action{{Kind: ReadyPool, Addr: s.Addr}}, out.Actions...)
	}
	f.diff(&out, prev, next, &final)
	return out
}

// Close empties the topology, as a client does when it closes: every
// server is removed (ServerClosedEvent, StopServer), the type becomes
// Unknown (TopologyDescriptionChangedEvent), then TopologyClosedEvent. Later
// calls into the FSM change nothing.
func (f *FSM) Close() Outcome {
	if f.closed {
		return Outcome{}
	}
	prev := f.desc
	next := Description{HeartbeatFrequency: prev.HeartbeatFrequency, LocalThreshold: prev.LocalThreshold}
	f.desc, f.closed = next, true
	out := Outcome{Changed: true}
	f.diff(&out, prev, next, nil)
	out.Events = append(out.Events, TopologyClosedEvent{TopologyID: f.cfg.ID})
	return out
}

// diff appends the events and start/stop actions that turn prev into next:
// the applied server's ServerDescriptionChangedEvent, a ServerClosedEvent
// per removed server, the TopologyDescriptionChangedEvent, then a
// ServerOpeningEvent per added server (addresses in order). So a server is
// announced once the topology that holds it is, and closed before the
// topology that drops it. Other servers' descriptions may change too (an
// old primary marked Unknown); the topology event reports those.
func (f *FSM) diff(out *Outcome, prev, next Description, applied *description.Server) {
	id := f.cfg.ID
	if applied != nil {
		if old, _ := prev.Server(applied.Addr); !old.Equal(*applied) {
			out.Events = append(out.Events, ServerDescriptionChangedEvent{TopologyID: id, Addr: applied.Addr, Previous: old, New: *applied})
		}
	}
	for _, s := range prev.Servers {
		if !next.has(s.Addr) {
			out.Events = append(out.Events, ServerClosedEvent{TopologyID: id, Addr: s.Addr})
			out.act(StopServer, s.Addr)
		}
	}
	if !prev.Equal(next) {
		out.Events = append(out.Events, TopologyDescriptionChangedEvent{TopologyID: id, Previous: prev, New: next})
	}
	for _, s := range next.Servers {
		if !prev.has(s.Addr) {
			out.Events = append(out.Events, ServerOpeningEvent{TopologyID: id, Addr: s.Addr})
			out.act(StartServer, s.Addr)
		}
	}
}

// isTimeout reports whether err, or an error it wraps, says it is a
// timeout, as net.Error does.
func isTimeout(err error) bool {
	for err != nil {
		if t, ok := err.(interface{ Timeout() bool }); ok && t.Timeout() {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if isTimeout(e) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}
