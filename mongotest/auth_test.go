package mongotest_test

import (
	"crypto/md5"
	"encoding/hex"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/xdg-go/scram"
)

// scramClient runs a SCRAM conversation over the test client, as a driver
// does, and returns the last reply.
func scramClient(t *testing.T, c *client, mech, user, pass string, skipEmpty bool) bson.Raw {
	t.Helper()
	var sc *scram.Client
	var err error
	if mech == "SCRAM-SHA-1" {
		sum := md5.Sum([]byte(user + ":mongo:" + pass))
		sc, err = scram.SHA1.NewClientUnprepped(user, hex.EncodeToString(sum[:]), "")
	} else {
		sc, err = scram.SHA256.NewClient(user, pass, "")
	}
	if err != nil {
		t.Fatal(err)
	}
	conv := sc.NewConversation()
	first, _ := conv.Step("")
	start := rawCmd(func(bl *docB) {
		bl.int32("saslStart", 1).str("mechanism", mech).bin("payload", []byte(first))
		if skipEmpty {
			bl.sub("options", func(o *docB) { o.bool("skipEmptyExchange", true) })
		}
		bl.str("$db", "admin")
	})
	r := c.run(start, 0, nil)
	for i := 0; i < 3; i++ {
		if r.Lookup("ok").Double() != 1 || r.Lookup("done").Boolean() {
			return r
		}
		payload := r.Lookup("payload").Binary().Data
		next, err := conv.Step(string(payload))
		if err != nil {
			t.Fatalf("client step: %v", err)
		}
		id := r.Lookup("conversationId").Int32()
		r = c.run(rawCmd(func(bl *docB) {
			bl.int32("saslContinue", 1).int32("conversationId", id).bin("payload", []byte(next)).str("$db", "admin")
		}), 0, nil)
	}
	return r
}

func TestSCRAM(t *testing.T) {
	s := newServer(t, mongotest.WithUser("alice", "pencil"), mongotest.WithUserMechanisms("bob", "pw", "SCRAM-SHA-256"))
	for _, tc := range []struct {
		name, mech, user, pass string
		skip                   bool
		want                   string
	}{
		{"sha256", "SCRAM-SHA-256", "alice", "pencil", false, `{"ok": 1, "done": true}`},
		{"sha256 skipEmptyExchange", "SCRAM-SHA-256", "alice", "pencil", true, `{"ok": 1, "done": true, "payload": {"$$type": "binData"}}`},
		{"sha1", "SCRAM-SHA-1", "alice", "pencil", false, `{"ok": 1, "done": true}`},
		{"wrong password", "SCRAM-SHA-256", "alice", "pen", false, `{"ok": 0, "code": 18, "codeName": "AuthenticationFailed", "errmsg": "Authentication failed."}`},
		{"unknown user", "SCRAM-SHA-256", "mallory", "x", false, `{"ok": 0, "code": 18}`},
		{"mechanism not enabled for user", "SCRAM-SHA-1", "bob", "pw", false, `{"ok": 0, "code": 18}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, s)
			expect(t, c.cmd("test", `{"find": "c"}`), `{"ok": 0, "code": 13, "codeName": "Unauthorized"}`)
			r := scramClient(t, c, tc.mech, tc.user, tc.pass, tc.skip)
			expect(t, r, tc.want)
			want := `{"ok": 0, "code": 13}`
			if r.Lookup("ok").Double() == 1 {
				want = `{"ok": 1}`
			}
			expect(t, c.cmd("test", `{"find": "c"}`), want)
		})
	}
	c := dial(t, s)
	runScript(t, c, []step{
		{db: "admin", cmd: `{"hello": 1, "saslSupportedMechs": "admin.alice"}`, want: `{"saslSupportedMechs": ["SCRAM-SHA-1", "SCRAM-SHA-256"]}`},
		{db: "admin", cmd: `{"hello": 1, "saslSupportedMechs": "admin.bob"}`, want: `{"saslSupportedMechs": ["SCRAM-SHA-256"]}`},
		{db: "admin", cmd: `{"hello": 1, "saslSupportedMechs": "admin.nobody"}`, want: `{"saslSupportedMechs": {"$$exists": false}}`},
		{db: "admin", cmd: `{"ping": 1}`, want: `{"ok": 1}`},
		{db: "admin", cmd: `{"buildInfo": 1}`, want: `{"ok": 1}`},
		{db: "admin", cmd: `{"saslStart": 1, "mechanism": "PLAIN", "payload": {"$binary": {"base64": "", "subType": "00"}}}`, want: `{"ok": 0, "code": 334}`},
		{db: "admin", cmd: `{"saslContinue": 1, "conversationId": 7, "payload": {"$binary": {"base64": "", "subType": "00"}}}`, want: `{"ok": 0, "code": 17}`},
		{db: "admin", cmd: `{"listDatabases": 1}`, want: `{"ok": 0, "code": 13, "errmsg": "Command listDatabases requires authentication"}`},
	})
}

func TestSpeculativeAuthenticate(t *testing.T) {
	s := newServer(t, mongotest.WithUser("alice", "pencil"))
	c := dial(t, s)
	sc, _ := scram.SHA256.NewClient("alice", "pencil", "")
	conv := sc.NewConversation()
	first, _ := conv.Step("")
	hello := rawCmd(func(bl *docB) {
		bl.int32("hello", 1).sub("speculativeAuthenticate", func(sa *docB) {
			sa.int32("saslStart", 1).str("mechanism", "SCRAM-SHA-256").bin("payload", []byte(first)).str("db", "admin").
				sub("options", func(o *docB) { o.bool("skipEmptyExchange", true) })
		}).str("$db", "admin")
	})
	r := c.run(hello, 0, nil)
	expect(t, r, `{"ok": 1, "speculativeAuthenticate": {"conversationId": 1, "done": false, "payload": {"$$type": "binData"}}}`)
	sa := r.Lookup("speculativeAuthenticate").Document()
	final, err := conv.Step(string(sa.Lookup("payload").Binary().Data))
	if err != nil {
		t.Fatal(err)
	}
	r = c.run(rawCmd(func(bl *docB) {
		bl.int32("saslContinue", 1).int32("conversationId", 1).bin("payload", []byte(final)).str("$db", "admin")
	}), 0, nil)
	expect(t, r, `{"ok": 1, "done": true}`)
	if _, err := conv.Step(string(r.Lookup("payload").Binary().Data)); err != nil || !conv.Valid() {
		t.Fatalf("server signature not accepted: %v", err)
	}
	expect(t, c.cmd("test", `{"insert": "c", "documents": [{}]}`), `{"n": 1}`)
	expect(t, c.cmd("admin", `{"connectionStatus": 1}`), `{"authInfo": {"authenticatedUsers": [{"user": "alice", "db": "admin"}]}}`)
	expect(t, c.cmd("admin", `{"logout": 1}`), `{"ok": 1}`)
	expect(t, c.cmd("test", `{"find": "c"}`), `{"ok": 0, "code": 13}`)
}
