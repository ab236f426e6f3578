package unified

import (
	"encoding/json"
	"fmt"

	"github.com/cwal-go/cwal/bson"
)

// The event families of expectEvents.eventType.
const (
	EventTypeCommand = "command"
	EventTypeCMAP    = "cmap"
	EventTypeSDAM    = "sdam"
)

// ExpectedEventsForClient is one entry of a test's expectEvents.
type ExpectedEventsForClient struct {
	Client string
	// EventType is EventTypeCommand (the default), EventTypeCMAP or
	// EventTypeSDAM.
	EventType string
	Events    []ExpectedEvent
	// IgnoreExtraEvents allows observed events after the expected ones.
	IgnoreExtraEvents bool
}

// ExpectedEvent is one expected event. Name is the event's key, such as
// "commandStartedEvent"; the other fields are assertions, unset when nil or
// empty.
type ExpectedEvent struct {
	Name string

	// Command events.
	CommandName  string
	DatabaseName string
	Command      bson.Raw // commandStartedEvent, matched as a root document
	Reply        bson.Raw // commandSucceededEvent, matched as a root document

	// HasServiceID and HasServerConnectionID are tri-state assertions.
	HasServiceID          *bool
	HasServerConnectionID *bool

	// CMAP events.
	InterruptInUseConnections *bool
	Reason                    string

	// SDAM events. The description types are "" when not asserted.
	Awaited                 *bool
	PreviousDescriptionType string
	NewDescriptionType      string
}

// eventFamily returns the family of an event name, or "".
func eventFamily(name string) string {
	for _, fam := range [...]struct {
		typ   string
		names []string
	}{{EventTypeCommand, commandEventNames}, {EventTypeCMAP, cmapEventNames}, {EventTypeSDAM, sdamEventNames}} {
		for _, n := range fam.names {
			if n == name {
				return fam.typ
			}
		}
	}
	return ""
}

func decodeExpectedEvents(d *decoder, path string, raw json.RawMessage) ExpectedEventsForClient {
	o := d.object(path, raw)
	o.require("client", "events")
	e := ExpectedEventsForClient{
		Client:            o.str("client"),
		EventType:         o.enum("eventType", EventTypeCommand, EventTypeCMAP, EventTypeSDAM),
		IgnoreExtraEvents: o.boolean("ignoreExtraEvents"),
	}
	if e.EventType == "" {
		e.EventType = EventTypeCommand
	}
	e.Events = []ExpectedEvent{}
	for i, r := range o.array("events", 0) {
		ev := decodeExpectedEvent(d, fmt.Sprintf("%s.events[%d]", path, i), r)
		if fam := eventFamily(ev.Name); fam != e.EventType && d.err == nil {
			d.failf(fmt.Sprintf("%s.events[%d]", path, i), "%s is not a %s event", ev.Name, e.EventType)
		}
		e.Events = append(e.Events, ev)
	}
	o.close()
	return e
}

// ParseExpectedEvent decodes one expected event document, as found in the
// arguments of waitForEvent and assertEventCount.
func ParseExpectedEvent(doc bson.Raw) (ExpectedEvent, error) {
	js, err := bson.AppendExtJSON(nil, doc, true)
	if err != nil {
		return ExpectedEvent{}, err
	}
	d := &decoder{}
	ev := decodeExpectedEvent(d, "$", js)
	if d.err != nil {
		return ExpectedEvent{}, d.err
	}
	return ev, nil
}

func decodeExpectedEvent(d *decoder, path string, raw json.RawMessage) ExpectedEvent {
	var outer map[string]json.RawMessage
	if jsonKind(raw) != '{' || json.Unmarshal(raw, &outer) != nil || len(outer) != 1 {
		d.failf(path, "an expected event needs exactly one event name key")
		return ExpectedEvent{}
	}
	var ev ExpectedEvent
	var body json.RawMessage
	for name, b := range outer { // the only key
		ev.Name, body = name, b
	}
	if eventFamily(ev.Name) == "" {
		d.failf(path, "unknown event %q", ev.Name)
		return ev
	}
	o := d.object(path+"."+ev.Name, body)
	decodeEventAssertions(o, &ev)
	o.close()
	return ev
}

// decodeEventAssertions reads the fields each event allows; close rejects
// the rest.
func decodeEventAssertions(o *object, ev *ExpectedEvent) {
	switch ev.Name {
	case "commandStartedEvent", "commandSucceededEvent", "commandFailedEvent":
		ev.CommandName = o.str("commandName")
		ev.DatabaseName = o.str("databaseName")
		ev.HasServiceID = o.boolPtr("hasServiceId")
		ev.HasServerConnectionID = o.boolPtr("hasServerConnectionId")
		if ev.Name == "commandStartedEvent" {
			ev.Command = o.document("command")
		}
		if ev.Name == "commandSucceededEvent" {
			ev.Reply = o.document("reply")
		}
	case "poolClearedEvent":
		ev.HasServiceID = o.boolPtr("hasServiceId")
		ev.InterruptInUseConnections = o.boolPtr("interruptInUseConnections")
	case "connectionClosedEvent", "connectionCheckOutFailedEvent":
		ev.Reason = o.str("reason")
	case "serverHeartbeatStartedEvent", "serverHeartbeatSucceededEvent", "serverHeartbeatFailedEvent":
		ev.Awaited = o.boolPtr("awaited")
	case "serverDescriptionChangedEvent":
		ev.PreviousDescriptionType = descriptionType(o, "previousDescription", serverTypes)
		ev.NewDescriptionType = descriptionType(o, "newDescription", serverTypes)
	case "topologyDescriptionChangedEvent":
		ev.PreviousDescriptionType = descriptionType(o, "previousDescription", topologyTypes)
		ev.NewDescriptionType = descriptionType(o, "newDescription", topologyTypes)
	}
}

var (
	serverTypes = []string{"Standalone", "Mongos", "PossiblePrimary", "RSPrimary", "RSSecondary",
		"RSOther", "RSArbiter", "RSGhost", "LoadBalancer", "Unknown"}
	topologyTypes = []string{"Single", "Unknown", "ReplicaSetNoPrimary", "ReplicaSetWithPrimary",
		"Sharded", "LoadBalanced"}
)

func descriptionType(parent *object, key string, types []string) string {
	raw, ok := parent.raw(key)
	if !ok {
		return ""
	}
	o := parent.d.object(parent.at(key), raw)
	t := o.enum("type", types...)
	o.close()
	return t
}
