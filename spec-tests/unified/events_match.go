package unified

import (
	"fmt"

	"github.com/cwal-go/cwal/bson"
)

// EventMismatchError reports the first expected event that was not
// observed as expected. Index is the event's position in the expected list,
// or -1 when the lists differ in length.
type EventMismatchError struct {
	Client  string
	Index   int
	Problem string
	Err     error
}

// Error names the client, the event and the problem.
func (e *EventMismatchError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("client %q events: %s", e.Client, e.Problem)
	}
	return fmt.Sprintf("client %q event %d: %s", e.Client, e.Index, e.Problem)
}

// Unwrap returns the underlying match error, if any.
func (e *EventMismatchError) Unwrap() error { return e.Err }

// MatchEvents checks the events observed on one client against an
// expectEvents entry: observed events of other families are dropped, the
// rest must match the expected ones in order, and unless IgnoreExtraEvents
// is set there may be no more of them. The error is an
// *EventMismatchError.
func MatchEvents(exp ExpectedEventsForClient, observed []Event, opts MatchOptions) error {
	family := exp.EventType
	if family == "" {
		family = EventTypeCommand
	}
	got := make([]Event, 0, len(observed))
	for _, ev := range observed {
		if eventFamily(ev.EventName()) == family {
			got = append(got, ev)
		}
	}
	fail := func(i int, format string, args ...any) error {
		return &EventMismatchError{Client: exp.Client, Index: i, Problem: fmt.Sprintf(format, args...)}
	}
	if len(got) < len(exp.Events) || (!exp.IgnoreExtraEvents && len(got) != len(exp.Events)) {
		return fail(-1, "expected %d %s event(s), observed %d: %s", len(exp.Events), family, len(got), eventList(got))
	}
	for i, want := range exp.Events {
		if err := MatchEvent(want, got[i], opts); err != nil {
			return &EventMismatchError{Client: exp.Client, Index: i, Problem: err.Error(), Err: err}
		}
	}
	return nil
}

// eventList summarizes events for a message, such as
// "[commandStartedEvent(insert) commandSucceededEvent(insert)]".
func eventList(evs []Event) string {
	s := "["
	for i, ev := range evs {
		if i > 0 {
			s += " "
		}
		s += ev.EventName()
		if c, ok := ev.(*CommandEvent); ok {
			s += "(" + c.CommandName + ")"
		}
	}
	return s + "]"
}

// MatchEvent checks one observed event against one expected event.
func MatchEvent(want ExpectedEvent, got Event, opts MatchOptions) error {
	if got == nil || got.EventName() != want.Name {
		name := "nothing"
		if got != nil {
			name = got.EventName()
		}
		return fmt.Errorf("expected %s, observed %s", want.Name, name)
	}
	switch ev := got.(type) {
	case *CommandEvent:
		return matchCommandEvent(want, ev, opts)
	case *CMAPEvent:
		return matchCMAPEvent(want, ev)
	case *SDAMEvent:
		return matchSDAMEvent(want, ev)
	}
	return fmt.Errorf("unsupported event type %T", got)
}

func matchCommandEvent(want ExpectedEvent, ev *CommandEvent, opts MatchOptions) error {
	if want.CommandName != "" && want.CommandName != ev.CommandName {
		return fmt.Errorf("%s: expected commandName %q, got %q", want.Name, want.CommandName, ev.CommandName)
	}
	if want.DatabaseName != "" && want.DatabaseName != ev.DatabaseName {
		return fmt.Errorf("%s(%s): expected databaseName %q, got %q", want.Name, ev.CommandName, want.DatabaseName, ev.DatabaseName)
	}
	if want.Command != nil {
		if err := MatchDocument(want.Command, ev.Command, opts); err != nil {
			return fmt.Errorf("%s(%s) command: %w", want.Name, ev.CommandName, err)
		}
	}
	if want.Reply != nil {
		if err := MatchDocument(want.Reply, ev.Reply, opts); err != nil {
			return fmt.Errorf("%s(%s) reply: %w", want.Name, ev.CommandName, err)
		}
	}
	if err := checkServiceID(want, ev.ServiceID); err != nil {
		return err
	}
	if want.HasServerConnectionID != nil && *want.HasServerConnectionID != (ev.ServerConnectionID > 0) {
		return fmt.Errorf("%s(%s): expected hasServerConnectionId %v, serverConnectionId is %d",
			want.Name, ev.CommandName, *want.HasServerConnectionID, ev.ServerConnectionID)
	}
	return nil
}

func checkServiceID(want ExpectedEvent, id bson.ObjectID) error {
	if want.HasServiceID != nil && *want.HasServiceID != (id != bson.NilObjectID) {
		return fmt.Errorf("%s: expected hasServiceId %v, serviceId is %x", want.Name, *want.HasServiceID, id[:])
	}
	return nil
}

func matchCMAPEvent(want ExpectedEvent, ev *CMAPEvent) error {
	if err := checkServiceID(want, ev.ServiceID); err != nil {
		return err
	}
	if want.InterruptInUseConnections != nil && *want.InterruptInUseConnections != ev.InterruptInUseConnections {
		return fmt.Errorf("%s: expected interruptInUseConnections %v", want.Name, *want.InterruptInUseConnections)
	}
	if want.Reason != "" && want.Reason != ev.Reason {
		return fmt.Errorf("%s: expected reason %q, got %q", want.Name, want.Reason, ev.Reason)
	}
	return nil
}

func matchSDAMEvent(want ExpectedEvent, ev *SDAMEvent) error {
	if want.Awaited != nil && *want.Awaited != ev.Awaited {
		return fmt.Errorf("%s: expected awaited %v", want.Name, *want.Awaited)
	}
	if want.PreviousDescriptionType != "" && want.PreviousDescriptionType != ev.PreviousType {
		return fmt.Errorf("%s: expected previousDescription.type %q, got %q", want.Name, want.PreviousDescriptionType, ev.PreviousType)
	}
	if want.NewDescriptionType != "" && want.NewDescriptionType != ev.NewType {
		return fmt.Errorf("%s: expected newDescription.type %q, got %q", want.Name, want.NewDescriptionType, ev.NewType)
	}
	return nil
}

// CountEvents returns how many observed events match want, for
// assertEventCount and waitForEvent.
func CountEvents(want ExpectedEvent, observed []Event, opts MatchOptions) int {
	n := 0
	for _, ev := range observed {
		if MatchEvent(want, ev, opts) == nil {
			n++
		}
	}
	return n
}
