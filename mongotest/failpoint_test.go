package mongotest_test

import (
	"io"
	"testing"
	"time"
)

func TestFailCommand(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	runScript(t, c, []step{
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": {"times": 2}, "data": {"failCommands": ["find", "insert"], "errorCode": 91}}`, want: `{"count": 0, "ok": 1}`},
		{cmd: `{"find": "c"}`, want: `{"ok": 0, "code": 91, "codeName": "ShutdownInProgress", "errmsg": "Failing command via 'failCommand' failpoint", "errorLabels": {"$$exists": false}}`},
		{cmd: `{"insert": "c", "documents": [{}], "lsid": {"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAg==", "subType": "04"}}}, "txnNumber": {"$numberLong": "1"}}`,
			want: `{"ok": 0, "code": 91, "errorLabels": ["RetryableWriteError"]}`},
		{cmd: `{"find": "c"}`, want: `{"ok": 1}`},
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": "alwaysOn", "data": {"failCommands": ["ping"], "errorCode": 10107, "errorLabels": []}}`, want: `{"ok": 1}`},
		{cmd: `{"ping": 1}`, want: `{"ok": 0, "code": 10107, "errorLabels": {"$$exists": false}}`},
		{cmd: `{"ping": 1}`, want: `{"ok": 0, "code": 10107}`},
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": "off"}`, want: `{"count": 2, "ok": 1}`},
		{cmd: `{"ping": 1}`, want: `{"ok": 1}`},
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": {"skip": 1}, "data": {"failCommands": ["ping"], "errorCode": 2, "errorLabels": ["A", "B"]}}`, want: `{"ok": 1}`},
		{cmd: `{"ping": 1}`, want: `{"ok": 1}`},
		{cmd: `{"ping": 1}`, want: `{"ok": 0, "code": 2, "errorLabels": ["A", "B"]}`},
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"], "writeConcernError": {"code": 64, "errmsg": "waiting for replication timed out", "errInfo": {"wtimeout": true}}}}`, want: `{"ok": 1}`},
		{cmd: `{"insert": "c", "documents": [{}]}`, want: `{"n": 1, "ok": 1, "writeConcernError": {"code": 64, "errInfo": {"wtimeout": true}}}`},
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["find"], "namespace": "test.other", "errorCode": 2}}`, want: `{"ok": 1}`},
		{cmd: `{"find": "c"}`, want: `{"ok": 1}`},
		{cmd: `{"find": "other"}`, want: `{"ok": 0, "code": 2}`},
		{cmd: `{"configureFailPoint": "failCommand", "mode": "off"}`, want: `{"ok": 0, "code": 13}`},
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": "sometimes"}`, want: `{"ok": 0, "code": 2}`},
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": "alwaysOn", "data": {}}`, want: `{"ok": 0, "code": 2}`},
	})
}

func TestFailCommandCloseAndBlock(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	expect(t, c.cmd("admin", `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["find"], "closeConnection": true}}`), `{"ok": 1}`)
	c.send(mustMsg(t, withDB(ext(t, `{"find": "c"}`), "test")))
	if _, err := c.readMsg(); err != io.EOF {
		t.Fatalf("closeConnection: read gave %v, want EOF", err)
	}
	c = dial(t, s)
	expect(t, c.cmd("test", `{"find": "c"}`), `{"ok": 1}`)

	expect(t, c.cmd("admin", `{"configureFailPoint": "failCommand", "mode": {"times": 2}, "data": {"failCommands": ["ping"], "blockConnection": true, "blockTimeMS": 100}}`), `{"ok": 1}`)
	start := time.Now()
	expect(t, c.cmd("admin", `{"ping": 1}`), `{"ok": 1}`)
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Errorf("blocked for %v", d)
	}
	expect(t, c.cmd("admin", `{"ping": 1, "maxTimeMS": 20}`), `{"ok": 0, "code": 50, "codeName": "MaxTimeMSExpired"}`)
}

func TestFailCommandAppName(t *testing.T) {
	s := newServer(t)
	victim, other := dial(t, s), dial(t, s)
	expect(t, victim.cmd("admin", `{"hello": 1, "client": {"application": {"name": "monitor"}}}`), `{"ok": 1}`)
	expect(t, other.cmd("admin", `{"configureFailPoint": "failCommand", "mode": "alwaysOn", "data": {"failCommands": ["hello", "isMaster"], "appName": "monitor", "errorCode": 91}}`), `{"ok": 1}`)
	expect(t, other.cmd("admin", `{"hello": 1}`), `{"ok": 1}`)
	expect(t, victim.cmd("admin", `{"isMaster": 1}`), `{"ok": 0, "code": 91}`)
}

func TestFailGetMoreAfterCursorCheckout(t *testing.T) {
	c := dial(t, newServer(t))
	insertN(t, c, "c", 5)
	id := cursorID(t, c.cmd("test", `{"find": "c", "batchSize": 1}`))
	expect(t, c.cmd("admin", `{"configureFailPoint": "failGetMoreAfterCursorCheckout", "mode": {"times": 1}, "data": {"errorCode": 237}}`), `{"ok": 1}`)
	gm := `{"getMore": {"$numberLong": "` + itoa(id) + `"}, "collection": "c"}`
	expect(t, c.cmd("test", gm), `{"ok": 0, "code": 237}`)
	expect(t, c.cmd("test", gm), `{"ok": 0, "code": 43}`)
}
