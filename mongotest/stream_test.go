package mongotest_test

import (
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/wire"
)

// TestFailCommandAppNameHandshake: failCommand's appName filter matches
// the handshake hello that names the application (SDAM prose tests set
// such a fail point before the client connects), and the later hellos of
// that connection, but not other applications' hellos.
func TestFailCommandAppNameHandshake(t *testing.T) {
	tests := []struct {
		name, data string
		closed     bool // the fail point closes the connection
	}{
		{"error", `"errorCode": 91`, false},
		{"closeConnection", `"closeConnection": true`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			expect(t, dial(t, s).cmd("admin", `{"configureFailPoint": "failCommand", "mode": {"times": 2},
				"data": {"failCommands": ["hello", "isMaster"], "appName": "victim", `+tt.data+`}}`), `{"ok": 1}`)
			// Another application's handshake neither fails nor uses up the fail point.
			expect(t, dial(t, s).cmd("admin", `{"hello": 1, "client": {"application": {"name": "bystander"}}}`), `{"ok": 1}`)
			expect(t, dial(t, s).cmd("admin", `{"isMaster": 1}`), `{"ok": 1}`)

			victim := dial(t, s)
			for i, hello := range []string{
				`{"isMaster": 1, "client": {"application": {"name": "victim"}}}`,
				`{"hello": 1}`,
			} {
				if tt.closed {
					if i > 0 {
						victim = dial(t, s)
						hello = `{"hello": 1, "client": {"application": {"name": "victim"}}}`
					}
					victim.send(mustMsg(t, withDB(ext(t, hello), "admin")))
					if m, err := victim.readMsg(); err == nil {
						t.Fatalf("hello %d: got reply %s, want the connection closed", i, extJSON(m.Body))
					}
					continue
				}
				expect(t, victim.cmd("admin", hello), `{"ok": 0, "code": 91}`)
			}
			// Both activations are used up.
			expect(t, dial(t, s).cmd("admin", `{"hello": 1, "client": {"application": {"name": "victim"}}}`), `{"ok": 1}`)
		})
	}
}

// streamingHello starts an exhaust hello awaiting a change from tv.
func streamingHello(t *testing.T, c *client, tv bson.Raw, maxAwaitMS int64) {
	t.Helper()
	c.send(mustMsgFlags(t, rawCmd(func(d *docB) {
		d.int32("hello", 1)
		d.b = appendDocElem(d.b, "topologyVersion", tv)
		d.b = appendInt64Elem(d.b, "maxAwaitTimeMS", maxAwaitMS)
		d.str("$db", "admin")
	}), wire.ExhaustAllowed))
}

// TestStreamingHelloWaitsFromLastReply: a stream started with a stale
// topologyVersion gets its first reply at once, and every later reply
// waits maxAwaitTimeMS after the version it last sent (the topology does
// not change meanwhile), instead of answering at once in a busy loop.
func TestStreamingHelloWaitsFromLastReply(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	current := c.cmd("admin", `{"hello": 1}`).Lookup("topologyVersion").Document()
	stale := rawCmd(func(d *docB) {
		d.b = bson.AppendObjectIDElement(d.b, "processId", bson.NewObjectID())
		d.b = appendInt64Elem(d.b, "counter", 0)
	})
	const maxAwait = 100 * time.Millisecond
	start := time.Now()
	streamingHello(t, c, stale, maxAwait.Milliseconds())
	var times []time.Time
	for i := 0; i < 4; i++ {
		m, err := c.readMsg()
		if err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
		times = append(times, time.Now())
		if m.Flags&wire.MoreToCome == 0 {
			t.Fatalf("reply %d without moreToCome", i)
		}
		if tv := m.Body.Lookup("topologyVersion").Document(); !bytesEqual(tv, current) {
			t.Errorf("reply %d: topologyVersion %s, want %s", i, extJSON(tv), extJSON(current))
		}
	}
	if d := times[0].Sub(start); d > maxAwait/2 {
		t.Errorf("the stale topologyVersion was answered after %v, want at once", d)
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < maxAwait*8/10 {
			t.Errorf("reply %d came %v after the previous one, want about %v", i, gap, maxAwait)
		}
	}
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

// TestStreamingHelloErrorEndsStream: an error reply, first or later in a
// stream, goes without moreToCome, answers the previous message, and is
// the last message of the stream.
func TestStreamingHelloErrorEndsStream(t *testing.T) {
	for _, tt := range []struct {
		name    string
		okFirst int // successful replies before the fail point is set
	}{
		{"first reply", 0},
		{"later reply", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			c := dial(t, s)
			tv := c.cmd("admin", `{"hello": 1, "client": {"application": {"name": "mon"}}}`).Lookup("topologyVersion").Document()
			setFP := func() {
				expect(t, dial(t, s).cmd("admin", `{"configureFailPoint": "failCommand", "mode": {"times": 1},
					"data": {"failCommands": ["hello"], "appName": "mon", "errorCode": 91}}`), `{"ok": 1}`)
			}
			if tt.okFirst == 0 {
				setFP()
			}
			streamingHello(t, c, tv, 50)
			var last int32
			for i := 0; ; i++ {
				m, err := c.readMsg()
				if err != nil {
					t.Fatalf("reply %d: %v", i, err)
				}
				if i > 0 && m.Header.ResponseTo != last {
					t.Errorf("reply %d responds to %d, want %d", i, m.Header.ResponseTo, last)
				}
				last = m.Header.RequestID
				if m.Body.Lookup("ok").Double() == 1 {
					if m.Flags&wire.MoreToCome == 0 {
						t.Fatalf("successful reply %d without moreToCome", i)
					}
					if i == tt.okFirst-1 {
						setFP()
					}
					if i > tt.okFirst+20 {
						t.Fatal("the fail point never hit the stream")
					}
					continue
				}
				expect(t, m.Body, `{"code": 91}`)
				if m.Flags&wire.MoreToCome != 0 {
					t.Error("the error reply has moreToCome")
				}
				if i < tt.okFirst {
					t.Errorf("error at reply %d, before the fail point was set", i)
				}
				break
			}
			if m, err := c.readMsg(); err == nil {
				t.Errorf("a message after the error reply: %s (flags %v)", extJSON(m.Body), m.Flags)
			}
		})
	}
}
