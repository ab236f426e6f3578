package unified_test

import (
	"strings"
	"testing"

	"github.com/cwal-go/cwal/spec-tests/unified"
)

func expectLogs(t *testing.T, js string) unified.ExpectedLogsForClient {
	t.Helper()
	f, err := unified.Parse([]byte(`{"description": "d", "schemaVersion": "1.26", "tests": [{"description": "t", "operations": [], "expectLogMessages": [` + js + `]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return f.Tests[0].ExpectLogMessages[0]
}

func TestMatchLogMessages(t *testing.T) {
	msg := func(comp, level, data string) unified.LogMessage {
		return unified.LogMessage{Component: comp, Level: level, Data: doc(t, data)}
	}
	startedMsg := msg("command", "debug", `{"message": "Command started", "command": "{\"ping\": 1, \"lsid\": {}}", "databaseName": "db", "requestId": 3}`)
	succeededMsg := msg("command", "debug", `{"message": "Command succeeded", "reply": "{\"ok\": 1}", "durationMS": 1.5}`)
	failedRedacted := msg("command", "debug", `{"message": "Command failed", "failure": {"code": 18, "codeName": "AuthenticationFailed"}}`)
	failedPlain := msg("command", "debug", `{"message": "Command failed", "failure": {"code": 18, "errmsg": "bad auth"}}`)
	heartbeat := msg("topology", "debug", `{"message": "Server heartbeat started"}`)
	cases := []struct {
		name, exp string
		got       []unified.LogMessage
		want      string
	}{
		{"exact", `{"client": "c", "messages": [
			{"level": "debug", "component": "command", "data": {"message": "Command started", "command": {"$$matchAsDocument": {"$$matchAsRoot": {"ping": 1}}}}},
			{"level": "debug", "component": "command", "data": {"message": "Command succeeded", "durationMS": {"$$type": ["double", "int", "long"]}}}]}`,
			[]unified.LogMessage{startedMsg, succeededMsg}, ""},
		{"data mismatch", `{"client": "c", "messages": [{"level": "debug", "component": "command", "data": {"message": "Command failed"}}]}`,
			[]unified.LogMessage{startedMsg}, `log message 0: data: $.message: expected string "Command failed"`},
		{"level mismatch", `{"client": "c", "messages": [{"level": "info", "component": "command", "data": {}}]}`,
			[]unified.LogMessage{startedMsg}, "expected a command message at level info, got command at debug"},
		{"component mismatch", `{"client": "c", "messages": [{"level": "debug", "component": "connection", "data": {}}]}`,
			[]unified.LogMessage{startedMsg}, "expected a connection message"},
		{"extra message", `{"client": "c", "messages": [{"level": "debug", "component": "command", "data": {}}]}`,
			[]unified.LogMessage{startedMsg, succeededMsg}, `expected 1 message(s), observed 2: [command/debug "Command started", command/debug "Command succeeded"]`},
		{"extra message allowed", `{"client": "c", "ignoreExtraMessages": true, "messages": [{"level": "debug", "component": "command", "data": {}}]}`,
			[]unified.LogMessage{startedMsg, succeededMsg}, ""},
		{"ignored messages removed first", `{"client": "c", "messages": [{"level": "debug", "component": "command", "data": {"message": "Command succeeded"}}],
			"ignoreMessages": [{"level": "debug", "component": "topology", "data": {"message": "Server heartbeat started"}}, {"level": "debug", "component": "command", "data": {"message": "Command started"}}]}`,
			[]unified.LogMessage{heartbeat, startedMsg, succeededMsg, heartbeat}, ""},
		{"empty expects none", `{"client": "c", "messages": []}`, []unified.LogMessage{heartbeat}, "expected 0 message(s), observed 1"},
		{"failure redacted", `{"client": "c", "messages": [{"level": "debug", "component": "command", "failureIsRedacted": true, "data": {"failure": {"$$exists": true}}}]}`,
			[]unified.LogMessage{failedRedacted}, ""},
		{"failure should be redacted", `{"client": "c", "messages": [{"level": "debug", "component": "command", "failureIsRedacted": true, "data": {"failure": {"$$exists": true}}}]}`,
			[]unified.LogMessage{failedPlain}, "expected failureIsRedacted true"},
		{"failure not redacted", `{"client": "c", "messages": [{"level": "debug", "component": "command", "failureIsRedacted": false, "data": {}}]}`,
			[]unified.LogMessage{failedPlain}, ""},
		{"failure absent", `{"client": "c", "messages": [{"level": "debug", "component": "command", "failureIsRedacted": false, "data": {}}]}`,
			[]unified.LogMessage{startedMsg}, "expected a failure in the message data"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := unified.MatchLogMessages(expectLogs(t, c.exp), c.got, unified.LogMatchOptions{})
			if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestDefaultRedacted(t *testing.T) {
	cases := []struct {
		failure string
		want    bool
	}{
		{`null`, true}, {`""`, true}, {`{}`, true},
		{`{"code": 18, "codeName": "AuthenticationFailed", "errorLabels": ["x"]}`, true},
		{`{"code": 18, "errmsg": "Authentication failed"}`, false},
		{`"REDACTED"`, true},
		{`"connection closed: EOF"`, false},
		{`5`, false},
	}
	for _, c := range cases {
		if got := unified.DefaultRedacted(val(t, c.failure)); got != c.want {
			t.Errorf("DefaultRedacted(%s) = %v, want %v", c.failure, got, c.want)
		}
	}
}

func TestLogRecorder(t *testing.T) {
	r := unified.NewLogRecorder(map[string]string{"command": "debug", "connection": "info"})
	cases := []struct {
		comp, level string
		kept        bool
	}{
		{"command", "debug", true}, {"command", "trace", false}, {"command", "error", true},
		{"connection", "info", true}, {"connection", "debug", false},
		{"topology", "emergency", false}, {"command", "verbose", false},
	}
	for _, c := range cases {
		if got := r.Enabled(c.comp, c.level); got != c.kept {
			t.Errorf("Enabled(%s, %s) = %v, want %v", c.comp, c.level, got, c.kept)
		}
		r.Record(unified.LogMessage{Component: c.comp, Level: c.level})
	}
	if n := len(r.Messages()); n != 3 {
		t.Fatalf("kept %d messages, want 3", n)
	}
	r.Stop()
	r.Record(unified.LogMessage{Component: "command", Level: "debug"})
	if n := len(r.Messages()); n != 3 {
		t.Fatalf("kept %d messages after Stop, want 3", n)
	}
	if unified.LevelSeverity("emergency") != 0 || unified.LevelSeverity("trace") != 8 || unified.LevelSeverity("x") != -1 {
		t.Fatal("LevelSeverity order")
	}
}
