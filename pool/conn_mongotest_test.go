package pool_test

// The end-to-end test of issue 3 against mongotest: real sockets, SCRAM
// against the server's own implementation, each compressor on the wire.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/wire"
)

// Users of the mongotest server: alice may use both SCRAM mechanisms, bob
// only SCRAM-SHA-1. The password needs SASLprep (a non-ASCII letter).
const (
	mtAlice    = "alice"
	mtBob      = "bob"
	mtPassword = "pä$$-mongotest-7"
)

func startMongotest(t *testing.T) *mongotest.Server {
	t.Helper()
	s := mongotest.NewServer(mongotest.WithUser(mtAlice, mtPassword),
		mongotest.WithUserMechanisms(mtBob, mtPassword, "SCRAM-SHA-1"))
	t.Cleanup(s.Close)
	return s
}

func mtContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mtAuth(t *testing.T, user, password, mech string) *pool.Authenticator {
	t.Helper()
	a, err := pool.NewAuthenticator(pool.Credential{Username: user, Password: password, Mechanism: mech})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// mtDoc parses relaxed extended JSON.
func mtDoc(t *testing.T, js string) bson.Raw {
	t.Helper()
	d, err := bson.ParseExtJSON(nil, []byte(js), false)
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return d
}

// mtRun runs a command and returns a copy of its reply.
func mtRun(t *testing.T, c *pool.Conn, db, js string, seqs ...pool.DocumentSequence) bson.Raw {
	t.Helper()
	reply, err := c.RunCommand(mtContext(t), db, mtDoc(t, js), seqs...)
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return append(bson.Raw(nil), reply...)
}

// sentMsg is one message the client wrote, as the server received it.
type sentMsg struct {
	cmd        string   // the command name, first key of the body
	compressor string   // "" for a plain OP_MSG
	body       bson.Raw // a copy
	seqs       []string // identifiers of the document sequences
}

// wireTap is a pool.Dialer that records every message its connections
// write, decoded from the byte stream.
type wireTap struct {
	mu      sync.Mutex
	pending []byte
	sent    []sentMsg
}

func (w *wireTap) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return tappedConn{nc, w}, nil
}

type tappedConn struct {
	net.Conn
	tap *wireTap
}

func (c tappedConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.tap.record(p[:n])
	return n, err
}

func (w *wireTap) record(p []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending = append(w.pending, p...)
	for len(w.pending) >= 4 {
		n := int(binary.LittleEndian.Uint32(w.pending))
		if n < 16 || len(w.pending) < n {
			return
		}
		w.sent = append(w.sent, decodeSent(w.pending[:n]))
		w.pending = w.pending[n:]
	}
}

// decodeSent decodes one written message; a failure is recorded as a
// command named after the error, which no test expects.
func decodeSent(msg []byte) sentMsg {
	var s sentMsg
	h, err := wire.ParseHeader(msg)
	if err == nil && h.OpCode == wire.OpCompressed {
		var cm wire.Compressed
		if cm, err = wire.ParseCompressed(msg); err == nil {
			s.compressor = cm.CompressorID.String()
			msg, err = wire.AppendDecompressed(nil, msg, 0)
		}
	}
	var m wire.Msg
	if err == nil {
		m, err = wire.ParseMsg(msg)
	}
	if err != nil {
		return sentMsg{cmd: "<undecodable: " + err.Error() + ">"}
	}
	s.body = append(bson.Raw(nil), m.Body...)
	if it := m.Body.Iter(); it.Next() {
		s.cmd = it.Key()
	}
	for seq := range m.Sequences() {
		s.seqs = append(s.seqs, seq.Identifier())
	}
	return s
}

func (w *wireTap) messages() []sentMsg {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.sent)
}

// mtAuthCase is one way of authenticating.
type mtAuthCase struct {
	name, user, mech string
	wantMech         string // the mechanism that authenticates
	wantSpeculative  bool   // done in the hello, without a saslStart
}

var mtAuthCases = []mtAuthCase{
	{"SCRAM-SHA-256", mtAlice, "SCRAM-SHA-256", "SCRAM-SHA-256", true},
	{"SCRAM-SHA-1", mtAlice, "SCRAM-SHA-1", "SCRAM-SHA-1", true},
	// bob has no SCRAM-SHA-256 credential: the speculative attempt is
	// refused and saslSupportedMechs leads to SCRAM-SHA-1.
	{"negotiated", mtBob, "", "SCRAM-SHA-1", false},
	{"speculative", mtAlice, "", "SCRAM-SHA-256", true},
}

// TestMongotestEndToEnd: for each authentication and each compressor,
// Dial establishes an authenticated connection, the compressor is
// negotiated and used on the wire, and ping, insert (with a document
// sequence) and find work.
func TestMongotestEndToEnd(t *testing.T) {
	s := startMongotest(t)
	for _, ac := range mtAuthCases {
		// One Authenticator per case, shared by its connections, as a
		// client shares it (it caches the SCRAM keys).
		a := mtAuth(t, ac.user, mtPassword, ac.mech)
		for _, comp := range []string{"", "snappy", "zlib", "zstd"} {
			name := ac.name + "/" + orNone(comp)
			t.Run(name, func(t *testing.T) {
				tap := &wireTap{}
				cfg := pool.ConnConfig{AppName: "e2e", Auth: a, Dialer: tap}
				if comp != "" {
					cfg.Compressors = []string{comp}
				}
				c, err := pool.Dial(mtContext(t), s.Addr(), cfg)
				if err != nil {
					t.Fatalf("Dial: %v", err)
				}
				defer func() {
					if err := c.Close(); err != nil {
						t.Errorf("Close: %v", err)
					}
				}()
				if got := c.Compressor(); got != comp {
					t.Errorf("Compressor() = %q, want %q", got, comp)
				}
				coll := strings.NewReplacer("/", "_", "-", "_").Replace(name)
				mtExercise(t, c, ac.user, coll)
				checkHandshakeWire(t, tap.messages(), ac)
				checkCommandWire(t, tap.messages(), comp)
			})
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// mtExercise runs connectionStatus, ping, insert and find on c.
func mtExercise(t *testing.T, c *pool.Conn, user, coll string) {
	t.Helper()
	status := mtRun(t, c, "admin", `{"connectionStatus": 1}`)
	users, _ := status.Lookup("authInfo", "authenticatedUsers", "0").DocumentOK()
	if got := users.Lookup("user").StringValue(); got != user {
		t.Errorf("authenticated as %q, want %q (%s)", got, user, status)
	}
	mtRun(t, c, "admin", `{"ping": 1}`)
	var docs []bson.Raw
	for i := range 3 {
		docs = append(docs, mtDoc(t, fmt.Sprintf(`{"_id": %d, "s": %q}`, i, strings.Repeat("abc", 100*i))))
	}
	reply := mtRun(t, c, "e2e", `{"insert": "`+coll+`", "ordered": true}`,
		pool.DocumentSequence{Identifier: "documents", Documents: docs})
	if n, _ := reply.Lookup("n").AsInt64OK(); n != 3 {
		t.Fatalf("insert: %s", reply)
	}
	reply = mtRun(t, c, "e2e", `{"find": "`+coll+`", "filter": {}, "sort": {"_id": 1}}`)
	batch, _ := reply.Lookup("cursor", "firstBatch").ArrayOK()
	got, _ := batch.Values()
	if id, _ := reply.Lookup("cursor", "id").AsInt64OK(); id != 0 || len(got) != len(docs) {
		t.Fatalf("find: %s", reply)
	}
	for i, v := range got {
		if d, _ := v.DocumentOK(); string(d) != string(docs[i]) {
			t.Errorf("find: document %d is %s, want %s", i, d, docs[i])
		}
	}
}

// checkHandshakeWire checks the mechanism and speculation of the
// handshake, and that none of it was compressed.
func checkHandshakeWire(t *testing.T, sent []sentMsg, ac mtAuthCase) {
	t.Helper()
	if len(sent) == 0 || sent[0].cmd != "isMaster" {
		t.Fatalf("the first message is not the isMaster handshake: %v", sent)
	}
	hello := sent[0].body
	if got := hello.Lookup("client", "application", "name").StringValue(); got != "e2e" {
		t.Errorf("handshake application name %q", got)
	}
	specMech := hello.Lookup("speculativeAuthenticate", "mechanism").StringValue()
	mech, starts := specMech, 0
	for _, m := range sent {
		switch m.cmd {
		case "saslStart":
			starts++
			mech = m.body.Lookup("mechanism").StringValue()
		case "isMaster", "saslContinue":
		default:
			continue
		}
		if m.compressor != "" {
			t.Errorf("%s was sent compressed with %s", m.cmd, m.compressor)
		}
	}
	if mech != ac.wantMech || (starts == 0) != ac.wantSpeculative || starts > 1 {
		t.Errorf("authenticated with %s, %d saslStart (speculative %s); want %s, speculative %v",
			mech, starts, specMech, ac.wantMech, ac.wantSpeculative)
	}
}

// checkCommandWire checks that the commands after the handshake travelled
// compressed with comp, and the insert's documents as a sequence.
func checkCommandWire(t *testing.T, sent []sentMsg, comp string) {
	t.Helper()
	var seen []string
	for _, m := range sent {
		switch m.cmd {
		case "isMaster", "saslStart", "saslContinue":
			continue
		}
		seen = append(seen, m.cmd)
		if m.compressor != comp {
			t.Errorf("%s sent with compressor %q, want %q", m.cmd, m.compressor, comp)
		}
		if m.cmd == "insert" && !slices.Equal(m.seqs, []string{"documents"}) {
			t.Errorf("insert sequences %v, want [documents]", m.seqs)
		}
	}
	if want := []string{"connectionStatus", "ping", "insert", "find"}; !slices.Equal(seen, want) {
		t.Errorf("commands on the wire %v, want %v", seen, want)
	}
}

// TestMongotestWrongPassword: a wrong password fails Dial at the
// authentication stage with AuthenticationFailed, and the error never
// shows the password.
func TestMongotestWrongPassword(t *testing.T) {
	s := startMongotest(t)
	const wrong = "wrong-Pässword-4242"
	for _, ac := range mtAuthCases {
		t.Run(ac.name, func(t *testing.T) {
			a := mtAuth(t, ac.user, wrong, ac.mech)
			c, err := pool.Dial(mtContext(t), s.Addr(), pool.ConnConfig{Auth: a})
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded with a wrong password")
			}
			var ee *pool.EstablishError
			var ce *pool.CommandError
			if !errors.As(err, &ee) || ee.Stage != pool.StageAuth || !errors.As(err, &ce) || ce.Code != 18 {
				t.Fatalf("error %v (%T), want an authentication-stage AuthenticationFailed", err, err)
			}
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				if strings.Contains(text, wrong) || strings.Contains(text, mtPassword) {
					t.Errorf("the error shows a password: %s", text)
				}
			}
		})
	}
}

// TestMongotestAppName: mongotest sees the application name of the
// handshake, from the handshake hello on: failCommand fail points
// filtered by appName hit only that application's connections.
func TestMongotestAppName(t *testing.T) {
	s := startMongotest(t)
	a := mtAuth(t, mtAlice, mtPassword, "")
	dial := func(app string) (*pool.Conn, error) {
		return pool.Dial(mtContext(t), s.Addr(), pool.ConnConfig{AppName: app, Auth: a})
	}
	admin, err := dial("admin-conn")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	mtRun(t, admin, "admin", `{"configureFailPoint": "failCommand", "mode": {"times": 1},
		"data": {"failCommands": ["isMaster", "hello"], "appName": "e2e-app", "errorCode": 91}}`)
	other, err := dial("e2e-other")
	if err != nil {
		t.Fatalf("another application's Dial: %v", err)
	}
	defer other.Close()
	_, err = dial("e2e-app")
	var ee *pool.EstablishError
	var ce *pool.CommandError
	if !errors.As(err, &ee) || ee.Stage != pool.StageHello || !errors.As(err, &ce) || ce.Code != 91 {
		t.Fatalf("Dial under a handshake fail point for its appName: %v, want a hello-stage error 91", err)
	}
	app, err := dial("e2e-app")
	if err != nil {
		t.Fatalf("Dial after the fail point: %v", err)
	}
	defer app.Close()
	mtRun(t, admin, "admin", `{"configureFailPoint": "failCommand", "mode": "alwaysOn",
		"data": {"failCommands": ["ping"], "appName": "e2e-app", "errorCode": 2}}`)
	defer mtRun(t, admin, "admin", `{"configureFailPoint": "failCommand", "mode": "off"}`)
	mtRun(t, other, "admin", `{"ping": 1}`)
	if _, err := app.RunCommand(mtContext(t), "admin", mtDoc(t, `{"ping": 1}`)); !errors.As(err, &ce) || ce.Code != 2 {
		t.Fatalf("ping of e2e-app under its fail point: %v, want error 2", err)
	}
}
