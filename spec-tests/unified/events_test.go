package unified_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

func started(t *testing.T, name, db, cmd string, id int64) *unified.CommandEvent {
	return &unified.CommandEvent{Name: "commandStartedEvent", CommandName: name, DatabaseName: db, Command: doc(t, cmd), RequestID: id}
}

func succeeded(t *testing.T, name, reply string, id int64) *unified.CommandEvent {
	return &unified.CommandEvent{Name: "commandSucceededEvent", CommandName: name, Reply: doc(t, reply), RequestID: id}
}

func expectEvents(t *testing.T, js string) unified.ExpectedEventsForClient {
	t.Helper()
	f, err := unified.Parse([]byte(`{"description": "d", "schemaVersion": "1.26", "tests": [{"description": "t", "operations": [], "expectEvents": [` + js + `]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return f.Tests[0].ExpectEvents[0]
}

func TestMatchEvents(t *testing.T) {
	oid := bson.ObjectID{1}
	insert := started(t, "insert", "db", `{"insert": "coll", "documents": [{"_id": 1}], "ordered": true, "lsid": {"id": 1}}`, 1)
	insertOK := succeeded(t, "insert", `{"ok": 1, "n": 1}`, 1)
	find := started(t, "find", "db", `{"find": "coll", "filter": {}}`, 2)
	withIDs := &unified.CommandEvent{Name: "commandFailedEvent", CommandName: "find", ServiceID: oid, ServerConnectionID: 12}
	cases := []struct {
		name, exp string
		got       []unified.Event
		want      string
	}{
		{"exact", `{"client": "c", "events": [{"commandStartedEvent": {"command": {"insert": "coll", "documents": [{"_id": 1}]}, "commandName": "insert", "databaseName": "db"}},
			{"commandSucceededEvent": {"reply": {"ok": 1}, "commandName": "insert"}}]}`, []unified.Event{insert, insertOK}, ""},
		{"extra event", `{"client": "c", "events": [{"commandStartedEvent": {"commandName": "insert"}}]}`,
			[]unified.Event{insert, find}, "expected 1 command event(s), observed 2: [commandStartedEvent(insert) commandStartedEvent(find)]"},
		{"extra event ignored", `{"client": "c", "ignoreExtraEvents": true, "events": [{"commandStartedEvent": {"commandName": "insert"}}]}`,
			[]unified.Event{insert, find}, ""},
		{"missing event", `{"client": "c", "ignoreExtraEvents": true, "events": [{"commandStartedEvent": {}}, {"commandStartedEvent": {}}]}`,
			[]unified.Event{insert}, "expected 2 command event(s), observed 1"},
		{"no events expected", `{"client": "c", "events": []}`, []unified.Event{insert}, "expected 0 command event(s), observed 1"},
		{"no events", `{"client": "c", "events": []}`, nil, ""},
		{"wrong kind", `{"client": "c", "events": [{"commandSucceededEvent": {}}]}`, []unified.Event{insert}, "event 0: expected commandSucceededEvent, observed commandStartedEvent"},
		{"wrong command name", `{"client": "c", "events": [{"commandStartedEvent": {"commandName": "find"}}]}`, []unified.Event{insert}, `expected commandName "find", got "insert"`},
		{"wrong database", `{"client": "c", "events": [{"commandStartedEvent": {"databaseName": "other"}}]}`, []unified.Event{insert}, `expected databaseName "other"`},
		{"command mismatch path", `{"client": "c", "events": [{"commandStartedEvent": {"command": {"documents": [{"_id": 2}]}}}]}`,
			[]unified.Event{insert}, "command: $.documents[0]._id: expected int 2, got int 1"},
		{"nested command strict", `{"client": "c", "events": [{"commandStartedEvent": {"command": {"lsid": {}}}}]}`,
			[]unified.Event{insert}, `$.lsid: unexpected field "id"`},
		{"families filtered", `{"client": "c", "eventType": "cmap", "events": [{"connectionCheckedOutEvent": {}}]}`,
			[]unified.Event{insert, &unified.CMAPEvent{Name: "connectionCheckedOutEvent"}, insertOK}, ""},
		{"hasServiceId true", `{"client": "c", "events": [{"commandFailedEvent": {"hasServiceId": true, "hasServerConnectionId": true}}]}`,
			[]unified.Event{withIDs}, ""},
		{"hasServiceId false", `{"client": "c", "events": [{"commandFailedEvent": {"hasServiceId": false}}]}`,
			[]unified.Event{withIDs}, "expected hasServiceId false"},
		{"hasServerConnectionId false", `{"client": "c", "events": [{"commandStartedEvent": {"hasServerConnectionId": false}}]}`,
			[]unified.Event{insert}, ""},
		{"hasServerConnectionId true unset", `{"client": "c", "events": [{"commandStartedEvent": {"hasServerConnectionId": true}}]}`,
			[]unified.Event{insert}, "expected hasServerConnectionId true, serverConnectionId is 0"},
		{"pool cleared", `{"client": "c", "eventType": "cmap", "events": [{"poolClearedEvent": {"hasServiceId": false, "interruptInUseConnections": true}}]}`,
			[]unified.Event{&unified.CMAPEvent{Name: "poolClearedEvent", InterruptInUseConnections: true}}, ""},
		{"pool cleared interrupt", `{"client": "c", "eventType": "cmap", "events": [{"poolClearedEvent": {"interruptInUseConnections": true}}]}`,
			[]unified.Event{&unified.CMAPEvent{Name: "poolClearedEvent"}}, "expected interruptInUseConnections true"},
		{"closed reason", `{"client": "c", "eventType": "cmap", "events": [{"connectionClosedEvent": {"reason": "stale"}}]}`,
			[]unified.Event{&unified.CMAPEvent{Name: "connectionClosedEvent", Reason: "error"}}, `expected reason "stale", got "error"`},
		{"server description", `{"client": "c", "eventType": "sdam", "events": [{"serverDescriptionChangedEvent": {"previousDescription": {"type": "Unknown"}, "newDescription": {"type": "RSPrimary"}}}]}`,
			[]unified.Event{&unified.SDAMEvent{Name: "serverDescriptionChangedEvent", PreviousType: "Unknown", NewType: "RSPrimary"}}, ""},
		{"server description differs", `{"client": "c", "eventType": "sdam", "events": [{"serverDescriptionChangedEvent": {"newDescription": {"type": "RSSecondary"}}}]}`,
			[]unified.Event{&unified.SDAMEvent{Name: "serverDescriptionChangedEvent", PreviousType: "Unknown", NewType: "RSPrimary"}}, `expected newDescription.type "RSSecondary"`},
		{"heartbeat awaited", `{"client": "c", "eventType": "sdam", "events": [{"serverHeartbeatStartedEvent": {"awaited": true}}]}`,
			[]unified.Event{&unified.SDAMEvent{Name: "serverHeartbeatStartedEvent"}}, "expected awaited true"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := unified.MatchEvents(expectEvents(t, c.exp), c.got, unified.MatchOptions{})
			if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestParseExpectedEventAndCount(t *testing.T) {
	ev, err := unified.ParseExpectedEvent(doc(t, `{"poolClearedEvent": {"hasServiceId": false}}`))
	if err != nil || ev.Name != "poolClearedEvent" || ev.HasServiceID == nil {
		t.Fatalf("ParseExpectedEvent = %+v, %v", ev, err)
	}
	got := []unified.Event{
		&unified.CMAPEvent{Name: "poolClearedEvent"},
		&unified.CMAPEvent{Name: "poolReadyEvent"},
		&unified.CMAPEvent{Name: "poolClearedEvent", ServiceID: bson.ObjectID{9}},
		&unified.CMAPEvent{Name: "poolClearedEvent"},
	}
	if n := unified.CountEvents(ev, got, unified.MatchOptions{}); n != 2 {
		t.Fatalf("CountEvents = %d, want 2", n)
	}
	if _, err := unified.ParseExpectedEvent(doc(t, `{"poolClearedEvent": {"bogus": 1}}`)); err == nil {
		t.Fatal("want an error for an unknown field")
	}
	if _, err := unified.ParseExpectedEvent(doc(t, `{"a": {}, "b": {}}`)); err == nil {
		t.Fatal("want an error for two event names")
	}
}

func TestEventRecorderFilters(t *testing.T) {
	c := &unified.ClientEntity{
		ObserveEvents:                 []string{"commandStartedEvent", "commandSucceededEvent", "poolClearedEvent"},
		IgnoreCommandMonitoringEvents: []string{"killCursors"},
	}
	r := unified.NewEventRecorder(c)
	evs := []unified.Event{
		started(t, "find", "db", `{"find": "c"}`, 1),
		&unified.CommandEvent{Name: "commandFailedEvent", CommandName: "find", RequestID: 1}, // not observed
		started(t, "killCursors", "db", `{"killCursors": "c"}`, 2),
		succeeded(t, "killCursors", `{"ok": 1}`, 2),
		started(t, "configureFailPoint", "admin", `{"configureFailPoint": "failCommand"}`, 3),
		succeeded(t, "configureFailPoint", `{"ok": 1}`, 3),
		started(t, "saslStart", "admin", `{}`, 4),
		succeeded(t, "saslStart", `{}`, 4),
		started(t, "hello", "admin", `{}`, 5), // redacted: speculativeAuthenticate
		succeeded(t, "hello", `{}`, 5),
		started(t, "hello", "admin", `{"hello": 1}`, 6),
		succeeded(t, "hello", `{"ok": 1}`, 6),
		&unified.CMAPEvent{Name: "connectionCheckedOutEvent"},
		&unified.CMAPEvent{Name: "poolClearedEvent"},
	}
	for _, ev := range evs {
		r.Record(ev)
	}
	r.Stop()
	r.Record(started(t, "late", "db", `{"late": 1}`, 7))
	var names []string
	for _, ev := range r.Events() {
		n := ev.EventName()
		if ce, ok := ev.(*unified.CommandEvent); ok {
			n += "(" + ce.CommandName + ")"
		}
		names = append(names, n)
	}
	want := "commandStartedEvent(find) commandStartedEvent(hello) commandSucceededEvent(hello) poolClearedEvent"
	if strings.Join(names, " ") != want {
		t.Fatalf("recorded %q, want %q", strings.Join(names, " "), want)
	}
	if n := r.CheckedOut(); n != 1 {
		t.Fatalf("CheckedOut = %d, want 1", n)
	}
}

func TestEventRecorderConcurrent(t *testing.T) {
	r := unified.NewEventRecorder(&unified.ClientEntity{ObserveEvents: []string{"connectionCheckedOutEvent", "connectionCheckedInEvent"}})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				r.Record(&unified.CMAPEvent{Name: "connectionCheckedOutEvent"})
				r.Record(&unified.CMAPEvent{Name: "connectionCheckedInEvent"})
				_ = r.Events()
			}
		}()
	}
	wg.Wait()
	if len(r.Events()) != 1600 || r.CheckedOut() != 0 {
		t.Fatalf("events %d, checked out %d", len(r.Events()), r.CheckedOut())
	}
}
