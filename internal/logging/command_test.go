package logging_test

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/logging"
	"github.com/cwal-go/cwal/operation"
)

var serviceID = bson.ObjectID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}

func commandEvent() operation.CommandEvent {
	return operation.CommandEvent{
		CommandName: "find", DatabaseName: "db", RequestID: 7, OperationID: 3,
		Address: "h1:27018", ConnectionID: 2, ServerConnectionID: 99, ServiceID: &serviceID,
	}
}

func failedEvent() operation.CommandFailedEvent {
	return operation.CommandFailedEvent{
		CommandEvent: commandEvent(), Duration: 1500 * time.Microsecond, Failure: errors.New("boom"),
	}
}

func mustDoc(t *testing.T, d bson.D) bson.Raw {
	t.Helper()
	b, err := bson.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// commonWant is what every command message of commandEvent carries.
func commonWant(extra map[string]any) map[string]any {
	m := map[string]any{
		"commandName": "find", "databaseName": "db", "requestId": int64(7), "operationId": int64(3),
		"driverConnectionId": int64(2), "serverHost": "h1", "serverPort": int64(27018),
		"serverConnectionId": int64(99), "serviceId": serviceID.Hex(),
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func TestCommandMonitor(t *testing.T) {
	lg, rec := newLogger(0)
	var calls []string
	next := operation.CommandMonitor{
		Started:   func(operation.CommandStartedEvent) { calls = append(calls, "started") },
		Succeeded: func(operation.CommandSucceededEvent) { calls = append(calls, "succeeded") },
		Failed:    func(operation.CommandFailedEvent) { calls = append(calls, "failed") },
	}
	m := lg.CommandMonitor(next)
	cmd := mustDoc(t, bson.D{{Key: "find", Value: "c"}, {Key: "$db", Value: "db"}})
	reply := mustDoc(t, bson.D{{Key: "ok", Value: 1.0}})

	m.Started(operation.CommandStartedEvent{CommandEvent: commandEvent(), Command: cmd})
	checkOne(t, rec.take(t), slog.LevelDebug, "command", "Command started",
		commonWant(map[string]any{"command": `{"find":"c","$db":"db"}`}))

	m.Succeeded(operation.CommandSucceededEvent{CommandEvent: commandEvent(), Duration: 2 * time.Millisecond, Reply: reply})
	checkOne(t, rec.take(t), slog.LevelDebug, "command", "Command succeeded",
		commonWant(map[string]any{"durationMS": 2.0, "reply": `{"ok":1.0}`}))

	m.Failed(failedEvent())
	checkOne(t, rec.take(t), slog.LevelDebug, "command", "Command failed",
		commonWant(map[string]any{"durationMS": 1.5, "failure": "boom"}))

	if strings.Join(calls, ",") != "started,succeeded,failed" {
		t.Errorf("next called: %v", calls)
	}
}

// TestCommandOptionalFields: no serverConnectionId, serviceId or
// serverPort when unknown, and redacted commands log "{}".
func TestCommandOptionalFields(t *testing.T) {
	lg, rec := newLogger(0)
	ev := operation.CommandEvent{CommandName: "saslStart", DatabaseName: "admin", Address: "/tmp/mongodb-27017.sock"}
	lg.CommandMonitor(operation.CommandMonitor{}).Started(operation.CommandStartedEvent{
		CommandEvent: ev, Command: bson.Raw{5, 0, 0, 0, 0},
	})
	checkOne(t, rec.take(t), slog.LevelDebug, "command", "Command started", map[string]any{
		"commandName": "saslStart", "databaseName": "admin", "requestId": int64(0), "operationId": int64(0),
		"driverConnectionId": int64(0), "serverHost": "/tmp/mongodb-27017.sock", "command": "{}",
	})
}

func TestCommandTruncation(t *testing.T) {
	lg, rec := newLogger(20)
	long := mustDoc(t, bson.D{{Key: "insert", Value: strings.Repeat("é", 50)}})
	lg.CommandStarted(operation.CommandStartedEvent{CommandEvent: commandEvent(), Command: long})
	got := rec.take(t)
	if len(got) != 1 {
		t.Fatalf("%d records", len(got))
	}
	// {"insert":" is 11 bytes, then é is 2 bytes: 20 falls inside one.
	if c := got[0].attrs["command"]; c != `{"insert":"éééé...` {
		t.Errorf("command = %q", c)
	}
}

func TestHostPort(t *testing.T) {
	tests := []struct {
		addr string
		host string
		port any
	}{
		{"localhost:27017", "localhost", int64(27017)},
		{"localhost", "localhost", int64(27017)},
		{"[::1]:27019", "::1", int64(27019)},
		{"[::1]", "::1", int64(27017)},
		{"/tmp/mongodb-27017.sock", "/tmp/mongodb-27017.sock", nil},
	}
	for _, tt := range tests {
		lg, rec := newLogger(0)
		lg.PoolEvents(nil).PoolReady(poolReady(tt.addr))
		got := rec.take(t)
		want := map[string]any{"serverHost": tt.host}
		if tt.port != nil {
			want["serverPort"] = tt.port
		}
		checkOne(t, got, slog.LevelDebug, "connection", "Connection pool ready", want)
	}
}

func TestNilAndOffAreNoOps(t *testing.T) {
	var nilLogger *logging.Logger
	next := operation.CommandMonitor{Started: func(operation.CommandStartedEvent) {}}
	if m := nilLogger.CommandMonitor(next); m.Succeeded != nil {
		t.Error("nil Logger changed the monitor")
	}
	nilLogger.CommandStarted(operation.CommandStartedEvent{})
	nilLogger.SelectionStarted(logging.Selection{})
	if nilLogger.PoolEvents(nil) != nil || nilLogger.TopologyEvents(nil) != nil {
		t.Error("nil Logger made callbacks")
	}

	rec := &recorder{}
	lg := logging.New(logging.Options{Handler: rec, Levels: levels{logging.ComponentTopology: logging.LevelDebug}})
	if m := lg.CommandMonitor(next); m.Succeeded != nil {
		t.Error("command off but monitor wrapped")
	}
	ev := operation.CommandStartedEvent{CommandEvent: commandEvent(), Command: bson.Raw{5, 0, 0, 0, 0}}
	allocs := testing.AllocsPerRun(100, func() {
		lg.CommandStarted(ev)
		lg.SelectionStarted(logging.Selection{Operation: "find"})
		nilLogger.CommandStarted(ev)
	})
	if allocs != 0 {
		t.Errorf("logging with the component off allocates %v times", allocs)
	}
	if len(rec.records) != 0 {
		t.Errorf("off component logged %d records", len(rec.records))
	}
}
