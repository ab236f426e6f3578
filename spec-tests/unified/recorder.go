package unified

import (
	"strings"
	"sync"
)

// sensitiveCommands are the commands whose events are hidden unless a
// client sets observeSensitiveCommands (command logging and monitoring
// specification, "Security").
var sensitiveCommands = map[string]bool{
	"authenticate": true, "saslstart": true, "saslcontinue": true, "getnonce": true,
	"createuser": true, "updateuser": true, "copydbgetnonce": true, "copydbsaslstart": true, "copydb": true,
}

// EventRecorder collects one client entity's events the way the unified
// format asks: only the kinds named in observeEvents, without the commands
// in ignoreCommandMonitoringEvents, configureFailPoint, or sensitive
// commands (unless observeSensitiveCommands). It also counts checked-out
// connections for assertNumberConnectionsCheckedOut, whatever is observed.
// It is safe for concurrent use.
type EventRecorder struct {
	mu        sync.Mutex
	observe   map[string]bool
	ignore    map[string]bool
	sensitive bool
	stopped   bool
	events    []Event
	// hidden holds request ids of started events that were not recorded,
	// so their outcome events are dropped too.
	hidden     map[int64]bool
	checkedOut int
}

// NewEventRecorder returns a recorder configured from a client entity.
func NewEventRecorder(c *ClientEntity) *EventRecorder {
	r := &EventRecorder{observe: map[string]bool{}, ignore: map[string]bool{}, hidden: map[int64]bool{}}
	if c == nil {
		return r
	}
	for _, n := range c.ObserveEvents {
		r.observe[n] = true
	}
	for _, n := range c.IgnoreCommandMonitoringEvents {
		r.ignore[strings.ToLower(n)] = true
	}
	r.ignore["configurefailpoint"] = true
	r.sensitive = c.ObserveSensitiveCommands
	return r
}

// Record adds ev if the client observes it.
func (r *EventRecorder) Record(ev Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.countCheckout(ev)
	if r.stopped || !r.observe[ev.EventName()] {
		if c, ok := ev.(*CommandEvent); ok && !r.stopped {
			r.hideCommand(c)
		}
		return
	}
	if c, ok := ev.(*CommandEvent); ok && r.hideCommand(c) {
		return
	}
	r.events = append(r.events, ev)
}

func (r *EventRecorder) countCheckout(ev Event) {
	switch ev.EventName() {
	case "connectionCheckedOutEvent":
		r.checkedOut++
	case "connectionCheckedInEvent":
		r.checkedOut--
	}
}

// hideCommand reports whether a command event must not be recorded, and
// remembers hidden started events so their outcomes are hidden as well.
func (r *EventRecorder) hideCommand(c *CommandEvent) bool {
	if c.Name != "commandStartedEvent" {
		if r.hidden[c.RequestID] {
			delete(r.hidden, c.RequestID)
			return true
		}
		return r.ignored(c)
	}
	if r.ignored(c) {
		r.hidden[c.RequestID] = true
		return true
	}
	return false
}

func (r *EventRecorder) ignored(c *CommandEvent) bool {
	name := strings.ToLower(c.CommandName)
	if r.ignore[name] {
		return true
	}
	if r.sensitive {
		return false
	}
	if sensitiveCommands[name] {
		return true
	}
	// hello with speculativeAuthenticate is sensitive; drivers redact it to
	// an empty document, which is how it is recognized here.
	isHello := name == "hello" || name == "ismaster"
	return isHello && c.Name == "commandStartedEvent" && len(c.Command) <= 5
}

// Events returns a copy of the recorded events, oldest first.
func (r *EventRecorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// Stop makes the recorder ignore later events, as the runner does after a
// test's operations.
func (r *EventRecorder) Stop() {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
}

// CheckedOut returns the number of connections checked out and not yet
// checked in.
func (r *EventRecorder) CheckedOut() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.checkedOut
}
