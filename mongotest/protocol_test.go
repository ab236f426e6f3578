package mongotest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/compressor"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/wire"
)

func TestURI(t *testing.T) {
	s := newServer(t)
	if want := "mongodb://" + s.Addr() + "/?replicaSet=rs0"; s.URI() != want {
		t.Errorf("URI %q, want %q", s.URI(), want)
	}
	if !strings.HasSuffix(s.DirectURI(), "/?directConnection=true") || s.ReplicaSetName() != "rs0" {
		t.Errorf("DirectURI %q, set %q", s.DirectURI(), s.ReplicaSetName())
	}
	st := newServer(t, mongotest.WithStandalone())
	if st.URI() != "mongodb://"+st.Addr()+"/" || st.ReplicaSetName() != "" {
		t.Errorf("standalone URI %q", st.URI())
	}
	v6 := newServer(t, mongotest.WithIPv6(), mongotest.WithReplicaSet("other"), mongotest.WithWireVersion(8, 21))
	if !strings.HasPrefix(v6.Addr(), "[::1]:") {
		t.Errorf("IPv6 address %q", v6.Addr())
	}
	expect(t, dial(t, v6).cmd("admin", `{"hello": 1}`), `{"setName": "other", "hosts": ["`+v6.Addr()+`"], "minWireVersion": 8, "maxWireVersion": 21}`)
}

func TestLegacyHello(t *testing.T) {
	c := dial(t, newServer(t))
	for _, tc := range []struct {
		ns, query, want string
	}{
		{"admin.$cmd", `{"isMaster": 1, "helloOk": true, "client": {"application": {"name": "legacy"}}}`, `{"ismaster": true, "helloOk": true, "ok": 1}`},
		{"admin.$cmd", `{"$query": {"ismaster": 1}, "$readPreference": {"mode": "secondaryPreferred"}}`, `{"ismaster": true, "ok": 1}`},
		{"test.$cmd", `{"find": "c"}`, `{"ok": 0, "code": 352, "codeName": "UnsupportedOpQueryCommand"}`},
		{"test.c", `{"hello": 1}`, `{"ok": 0, "code": 352}`},
	} {
		q, err := wire.AppendQuery(nil, wire.Query{Header: wire.Header{RequestID: 7}, FullCollectionName: tc.ns, NumberToReturn: -1, Query: ext(t, tc.query)})
		if err != nil {
			t.Fatal(err)
		}
		c.send(q)
		c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
		msg, err := wire.ReadMessage(c.nc, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		r, err := wire.ParseReply(msg)
		if err != nil || r.Header.ResponseTo != 7 || r.NumberReturned != 1 {
			t.Fatalf("reply %+v: %v", r, err)
		}
		for d := range r.All() {
			expect(t, d, tc.want)
		}
	}
}

func TestStreamingHello(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	r := c.cmd("admin", `{"hello": 1}`)
	tv := r.Lookup("topologyVersion").Document()
	// An awaitable hello waits maxAwaitTimeMS when the topology is unchanged.
	body := rawCmd(func(d *docB) {
		d.int32("hello", 1)
		d.b = bson.AppendDocumentElement(d.b, "topologyVersion", tv)
		d.b = bson.AppendInt64Element(d.b, "maxAwaitTimeMS", 100)
		d.str("$db", "admin")
	})
	start := time.Now()
	expect(t, c.run(body, 0, nil), `{"isWritablePrimary": true}`)
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Errorf("awaitable hello answered after %v", d)
	}
	// With exhaustAllowed the server streams replies with moreToCome.
	c.run(body, wire.ExhaustAllowed, nil)
	var last int32
	for i := 0; i < 3; i++ {
		m, err := c.readMsg()
		if err != nil {
			t.Fatal(err)
		}
		if m.Flags&wire.MoreToCome == 0 {
			t.Fatalf("reply %d without moreToCome", i)
		}
		if i > 0 && m.Header.ResponseTo != last {
			t.Errorf("reply %d responds to %d, want the previous reply %d", i, m.Header.ResponseTo, last)
		}
		last = m.Header.RequestID
	}
	// A stale topologyVersion is answered at once.
	stale := rawCmd(func(d *docB) {
		d.int32("hello", 1)
		d.sub("topologyVersion", func(tv *docB) {
			tv.b = bson.AppendObjectIDElement(tv.b, "processId", bson.NewObjectID())
			tv.b = bson.AppendInt64Element(tv.b, "counter", 0)
		})
		d.b = bson.AppendInt64Element(d.b, "maxAwaitTimeMS", 10000)
		d.str("$db", "admin")
	})
	c2 := dial(t, s)
	start = time.Now()
	c2.run(stale, 0, nil)
	if d := time.Since(start); d > time.Second {
		t.Errorf("stale topologyVersion waited %v", d)
	}
	// Close ends the stream at once.
	start = time.Now()
	s.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v with a streaming hello", d)
	}
}

func TestCompressedRequests(t *testing.T) {
	s := newServer(t)
	for _, id := range []compressor.ID{compressor.Snappy, compressor.Zlib, compressor.Zstd} {
		comp, err := compressor.New(id, -1)
		if err != nil {
			t.Fatal(err)
		}
		c := dial(t, s)
		expect(t, c.cmd("admin", `{"hello": 1, "compression": ["`+id.String()+`"]}`), `{"compression": ["`+id.String()+`"]}`)
		c.comp = &comp
		b, _ := wire.AppendMsg(nil, 1, 0, 0, withDB(ext(t, `{"insert": "z", "documents": [{"s": "`+strings.Repeat("a", 500)+`"}]}`), "test"), false)
		c.send(b)
		c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
		raw, err := wire.ReadMessage(c.nc, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		cm, err := wire.ParseCompressed(raw)
		if err != nil || cm.CompressorID != id {
			t.Fatalf("reply to a %v request: %v %v", id, cm.CompressorID, err)
		}
		inner, _ := wire.AppendDecompressed(nil, raw, 0)
		m, _ := wire.ParseMsg(inner)
		expect(t, m.Body, `{"n": 1, "ok": 1}`)
	}
}

func TestChecksumAndMoreToCome(t *testing.T) {
	c := dial(t, newServer(t))
	body := withDB(ext(t, `{"ping": 1}`), "admin")
	c.send(func() []byte { b, _ := wire.AppendMsg(nil, 1, 0, 0, body, true); return b }())
	m, err := c.readMsg()
	if err != nil || m.Flags&wire.ChecksumPresent == 0 {
		t.Fatalf("reply to a checksummed request: flags %v, %v", m.Flags, err)
	}
	// moreToCome: an unacknowledged write gets no reply; the next command does.
	c.run(withDB(ext(t, `{"insert": "c", "documents": [{"_id": 1}], "writeConcern": {"w": 0}}`), "test"), wire.MoreToCome, nil)
	expect(t, c.cmd("test", `{"count": "c"}`), `{"n": 1}`)
}

func TestWriteConcern(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{}], "writeConcern": {"w": "majority", "wtimeout": 100}}`, want: `{"n": 1, "writeConcernError": {"$$exists": false}}`},
		{cmd: `{"insert": "c", "documents": [{}], "writeConcern": {"w": 2}}`, want: `{"n": 1, "writeConcernError": {"code": 100, "codeName": "UnsatisfiableWriteConcern"}}`},
		{cmd: `{"insert": "c", "documents": [{}], "writeConcern": {"w": "dc"}}`, want: `{"n": 1, "writeConcernError": {"code": 79}}`},
	})
}

func TestCloseClientConnections(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	expect(t, c.cmd("admin", `{"ping": 1}`), `{"ok": 1}`)
	deadline := time.Now().Add(time.Second)
	for s.NumConnections() != 1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	s.CloseClientConnections()
	if _, err := c.readMsg(); err == nil {
		t.Fatal("connection still open")
	}
	expect(t, dial(t, s).cmd("admin", `{"ping": 1}`), `{"ok": 1}`)
}

func TestStreamingEndsWhenClientLeaves(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	tv := c.cmd("admin", `{"hello": 1}`).Lookup("topologyVersion").Document()
	c.send(mustMsgFlags(t, rawCmd(func(d *docB) {
		d.int32("hello", 1)
		d.b = appendDocElem(d.b, "topologyVersion", tv)
		d.b = appendInt64Elem(d.b, "maxAwaitTimeMS", 60000)
		d.str("$db", "admin")
	}), wire.ExhaustAllowed))
	time.Sleep(20 * time.Millisecond)
	c.nc.Close()
	deadline := time.Now().Add(2 * time.Second)
	for s.NumConnections() > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := s.NumConnections(); n != 0 {
		t.Fatalf("%d connections still served after the client left", n)
	}
}

func TestStreamingHelloFailPoint(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	tv := c.cmd("admin", `{"hello": 1, "client": {"application": {"name": "mon"}}}`).Lookup("topologyVersion").Document()
	c.send(mustMsgFlags(t, rawCmd(func(d *docB) {
		d.int32("hello", 1)
		d.b = appendDocElem(d.b, "topologyVersion", tv)
		d.b = appendInt64Elem(d.b, "maxAwaitTimeMS", 50)
		d.str("$db", "admin")
	}), wire.ExhaustAllowed))
	if m, err := c.readMsg(); err != nil || m.Flags&wire.MoreToCome == 0 {
		t.Fatalf("first streamed reply: %v", err)
	}
	expect(t, dial(t, s).cmd("admin", `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["hello"], "appName": "mon", "errorCode": 91}}`), `{"ok": 1}`)
	for i := 0; i < 3; i++ {
		m, err := c.readMsg()
		if err != nil {
			t.Fatal(err)
		}
		if m.Body.Lookup("ok").Double() == 0 {
			expect(t, m.Body, `{"code": 91}`)
			if m.Flags&wire.MoreToCome != 0 {
				t.Error("error reply keeps streaming")
			}
			return
		}
	}
	t.Fatal("the fail point never hit the stream")
}
