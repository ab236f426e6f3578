package topology

import (
	"strconv"

	"github.com/cwal-go/cwal/bson"
)

// ActionKind is something the runtime must do for the state machine.
type ActionKind uint8

// The actions an Outcome can ask for.
const (
	// StartServer: a server joined the topology; create its connection
	// pool (paused) and start its monitor (none in load-balanced mode).
	StartServer ActionKind = iota + 1
	// StopServer: a server left the topology; stop its monitor and close
	// its pool. A check in flight must be ignored when it completes (Apply
	// does so).
	StopServer
	// ReadyPool: a check succeeded; mark the server's pool ready.
	ReadyPool
	// ClearPool: clear the server's pool (bump its generation), only the
	// connections to ServiceID when it is set; interrupt connections in
	// use too when Interrupt is set.
	ClearPool
	// RequestCheck: wake the server's monitor for an immediate check.
	RequestCheck
	// CancelCheck: cancel the monitor's check in flight and close its
	// connection (a network error on an application connection).
	CancelCheck
)

var actionNames = [...]string{
	StartServer: "StartServer", StopServer: "StopServer", ReadyPool: "ReadyPool",
	ClearPool: "ClearPool", RequestCheck: "RequestCheck", CancelCheck: "CancelCheck",
}

// String returns the constant's name, such as "ClearPool".
func (k ActionKind) String() string {
	if k > 0 && int(k) < len(actionNames) {
		return actionNames[k]
	}
	return "ActionKind(" + strconv.Itoa(int(k)) + ")"
}

// Action is one thing the runtime must do, on the server at Addr.
type Action struct {
	Kind ActionKind
	Addr string
	// ServiceID limits a ClearPool to the connections to one service
	// behind a load balancer; nil clears the whole pool.
	ServiceID *bson.ObjectID
	// Interrupt makes a ClearPool also close connections in use (a
	// monitor's check timed out).
	Interrupt bool
}

// String describes a, such as "ClearPool a:27017 interrupt".
func (a Action) String() string {
	s := a.Kind.String() + " " + a.Addr
	if a.ServiceID != nil {
		s += " service " + a.ServiceID.Hex()
	}
	if a.Interrupt {
		s += " interrupt"
	}
	return s
}

// Outcome is what one call into the FSM decided. The runtime must, under
// the lock that serializes calls into the FSM: deliver Events in order,
// perform Actions in order, then publish the FSM's new Description when
// Changed (waking server selections), except that a Description marking
// a server Unknown is published before its ClearPool action. That order
// keeps the specifications' guarantees: a ServerOpeningEvent precedes the
// server's monitor and its heartbeat events, a pool is ready before its
// server can be selected, and no selection picks a server whose pool was
// cleared because it was marked Unknown.
type Outcome struct {
	// Changed reports that the FSM's Description was replaced, possibly
	// by an Equal one with fresher RTTs.
	Changed bool
	Events  []Event
	Actions []Action
}

func (o *Outcome) act(k ActionKind, addr string) {
	o.Actions = append(o.Actions, Action{Kind: k, Addr: addr})
}
