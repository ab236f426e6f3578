package unified_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

// These valid-pass files check event filtering and matching. A stand-in
// driver emits the events a real one would for insertOne and runCommand
// (pool events on first use, redacted sensitive commands), the recorders
// filter them per client entity, and every expectEvents entry must match.
var eventSpecFiles = []string{
	"expectedEventsForClient-ignoreExtraEvents.json",
	"expectedEventsForClient-eventType.json",
	"entity-client-cmap-events.json",
	"observeSensitiveCommands.json",
}

func TestEventsOnSpecFiles(t *testing.T) {
	dir := specDir(t)
	report := unified.NewReport("unified-events")
	for _, name := range eventSpecFiles {
		key := "unified-test-format/valid-pass/" + name
		f, err := unified.Load(filepath.Join(dir, "source/unified-test-format/tests/valid-pass", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, test := range f.Tests {
			t.Run(name+"/"+test.Description, func(t *testing.T) {
				if err := runEventTest(t, f, test); err != nil {
					report.Add(key, unified.Failed)
					t.Fatal(err)
				}
				report.Add(key, unified.Passed)
			})
		}
	}
	printReport(t, report)
}

// fakeDriver plays the driver side for one test.
type fakeDriver struct {
	t         *testing.T
	recorders map[string]*unified.EventRecorder
	owner     map[string]string // database or collection entity -> client
	names     map[string]string // database entity -> name, collection entity -> name
	pooled    map[string]bool
	requestID int64
}

func newFakeDriver(t *testing.T, f *unified.File) *fakeDriver {
	d := &fakeDriver{t: t, recorders: map[string]*unified.EventRecorder{}, owner: map[string]string{},
		names: map[string]string{}, pooled: map[string]bool{}}
	for _, e := range f.CreateEntities {
		switch {
		case e.Client != nil:
			d.recorders[e.ID] = unified.NewEventRecorder(e.Client)
		case e.Database != nil:
			d.owner[e.ID], d.names[e.ID] = e.Database.Client, e.Database.DatabaseName
		case e.Collection != nil:
			d.owner[e.ID], d.names[e.ID] = d.owner[e.Collection.Database], e.Collection.CollectionName
			d.names[e.ID+".db"] = d.names[e.Collection.Database]
		}
	}
	return d
}

func runEventTest(t *testing.T, f *unified.File, test unified.Test) error {
	d := newFakeDriver(t, f)
	for _, op := range test.Operations {
		switch op.Name {
		case "insertOne":
			d.insertOne(op)
		case "runCommand":
			d.runCommand(op)
		default:
			return fmt.Errorf("operation %s not simulated", op.Name)
		}
	}
	for _, exp := range test.ExpectEvents {
		if err := unified.MatchEvents(exp, d.recorders[exp.Client].Events(), unified.MatchOptions{}); err != nil {
			return err
		}
	}
	return nil
}

func (d *fakeDriver) checkOut(client string) {
	r := d.recorders[client]
	if !d.pooled[client] {
		d.pooled[client] = true
		for _, n := range []string{"poolCreatedEvent", "poolReadyEvent", "connectionCheckOutStartedEvent", "connectionCreatedEvent", "connectionReadyEvent"} {
			r.Record(&unified.CMAPEvent{Name: n})
		}
	} else {
		r.Record(&unified.CMAPEvent{Name: "connectionCheckOutStartedEvent"})
	}
	r.Record(&unified.CMAPEvent{Name: "connectionCheckedOutEvent"})
}

func (d *fakeDriver) roundTrip(client, db, name string, cmd, reply bson.Raw) {
	r := d.recorders[client]
	d.requestID++
	d.checkOut(client)
	r.Record(&unified.CommandEvent{Name: "commandStartedEvent", CommandName: name, DatabaseName: db, Command: cmd, RequestID: d.requestID})
	r.Record(&unified.CommandEvent{Name: "commandSucceededEvent", CommandName: name, DatabaseName: db, Reply: reply, RequestID: d.requestID})
	r.Record(&unified.CMAPEvent{Name: "connectionCheckedInEvent"})
}

func (d *fakeDriver) insertOne(op unified.Operation) {
	coll := d.names[op.Object]
	db := d.names[op.Object+".db"]
	cmd := doc(d.t, fmt.Sprintf(`{"insert": %q, "documents": [%s], "ordered": true, "lsid": {"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAA==", "subType": "04"}}}, "$db": %q}`,
		coll, op.Arguments.Lookup("document").Document(), db))
	d.roundTrip(d.owner[op.Object], db, "insert", cmd, doc(d.t, `{"n": 1, "ok": 1}`))
}

// runCommand redacts as drivers must: authentication commands always,
// hello and legacy hello when they carry speculativeAuthenticate.
func (d *fakeDriver) runCommand(op unified.Operation) {
	name := op.Arguments.Lookup("commandName").StringValue()
	cmd := op.Arguments.Lookup("command").Document()
	lower := strings.ToLower(name)
	hello := lower == "hello" || lower == "ismaster"
	reply := doc(d.t, `{"ok": 1, "nonce": "abc"}`)
	if hello {
		reply = doc(d.t, `{"ok": 1, "isWritablePrimary": true}`)
		if lower == "ismaster" {
			reply = doc(d.t, `{"ok": 1, "ismaster": true}`)
		}
	}
	if lower == "getnonce" || (hello && !cmd.Lookup("speculativeAuthenticate").IsZero()) {
		cmd, reply = doc(d.t, `{}`), doc(d.t, `{}`)
	}
	d.roundTrip(d.owner[op.Object], d.names[op.Object], name, cmd, reply)
}
