package auth_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/auth"
)

func TestNegotiateMechanism(t *testing.T) {
	tests := []struct {
		mechs []string
		want  string
	}{
		{nil, auth.SCRAMSHA1},
		{[]string{}, auth.SCRAMSHA1},
		{[]string{"SCRAM-SHA-1"}, auth.SCRAMSHA1},
		{[]string{"SCRAM-SHA-1", "SCRAM-SHA-256"}, auth.SCRAMSHA256},
		{[]string{"SCRAM-SHA-256"}, auth.SCRAMSHA256},
		{[]string{"PLAIN"}, auth.SCRAMSHA1}, // never another mechanism
		{[]string{"NOT-A-MECH", "SCRAM-SHA-256"}, auth.SCRAMSHA256},
	}
	for _, tt := range tests {
		if got := auth.NegotiateMechanism(tt.mechs); got != tt.want {
			t.Errorf("NegotiateMechanism(%q) = %s, want %s", tt.mechs, got, tt.want)
		}
	}
}

// hello builds a hello document with the conversation's fields.
func hello(c *auth.Conversation) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendInt32Element(b, "isMaster", 1)
	b = c.AppendHello(b)
	return bson.AppendDocumentEnd(b, start)
}

func TestAppendHello(t *testing.T) {
	tests := []struct {
		name     string
		cred     auth.Credential
		mechsFor string // saslSupportedMechs value, "" for absent
		specMech string // speculativeAuthenticate mechanism, "" for absent
		specDB   string
	}{
		{"negotiate", auth.Credential{Username: "u", Password: "p"}, "admin.u", auth.SCRAMSHA256, "admin"},
		{"negotiate with source", auth.Credential{Username: "U.x", Password: "p", Source: "db"}, "db.U.x", auth.SCRAMSHA256, "db"},
		{"sha1", auth.Credential{Username: "u", Password: "p", Mechanism: auth.SCRAMSHA1}, "", auth.SCRAMSHA1, "admin"},
		{"sha256", auth.Credential{Username: "u", Password: "p", Mechanism: auth.SCRAMSHA256}, "", auth.SCRAMSHA256, "admin"},
		{"plain", auth.Credential{Username: "u", Password: "p", Mechanism: auth.PLAIN}, "", "", ""},
		{"x509", auth.Credential{Mechanism: auth.X509}, "", auth.X509, "$external"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := auth.New(tt.cred)
			if err != nil {
				t.Fatal(err)
			}
			h := hello(a.NewConversation())
			if err := h.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := h.Lookup("saslSupportedMechs").StringValue(); got != tt.mechsFor {
				t.Errorf("saslSupportedMechs = %q, want %q", got, tt.mechsFor)
			}
			spec := h.Lookup("speculativeAuthenticate").Document()
			if got := spec.Lookup("mechanism").StringValue(); got != tt.specMech {
				t.Errorf("speculative mechanism = %q, want %q", got, tt.specMech)
			}
			if got := spec.Lookup("db").StringValue(); got != tt.specDB {
				t.Errorf("speculative db = %q, want %q", got, tt.specDB)
			}
			if tt.specMech == auth.X509 && !spec.Lookup("user").IsZero() {
				t.Error("X509 without a username sent a user")
			}
		})
	}
}

// runSpeculative runs a handshake against srv: the hello's
// speculativeAuthenticate is answered by the server as mongod does.
func runSpeculative(t *testing.T, srv *fakeServer, a *auth.Authenticator, mechs []string, answer bool) error {
	t.Helper()
	conv := a.NewConversation()
	h := hello(conv)
	var reply bson.Raw
	if spec := h.Lookup("speculativeAuthenticate").Document(); answer && spec != nil {
		var err error
		if spec.Lookup("saslStart").IsZero() {
			reply = bsonDoc("dbname", "$external", "user", "CN=client")
		} else if reply, err = srv.saslStart(spec, true); err != nil {
			reply = nil // a server drops a failed speculative attempt silently
		}
	}
	return conv.Finish(context.Background(), srv, mechs, reply)
}

func TestSpeculative(t *testing.T) {
	tests := []struct {
		name     string
		cred     auth.Credential
		mechs    []string
		answer   bool
		commands string // commands sent after the hello
	}{
		{"sha256 speculative", auth.Credential{Username: "alice", Password: "pw"}, []string{"SCRAM-SHA-256", "SCRAM-SHA-1"}, true, "saslContinue"},
		{"sha1 speculative", auth.Credential{Username: "alice", Password: "pw", Mechanism: auth.SCRAMSHA1}, nil, true, "saslContinue"},
		{"speculative ignored", auth.Credential{Username: "alice", Password: "pw"}, []string{"SCRAM-SHA-256"}, false, "saslStart saslContinue"},
		{"negotiated sha1 after ignored sha256", auth.Credential{Username: "alice", Password: "pw"}, []string{"SCRAM-SHA-1"}, false, "saslStart saslContinue"},
		{"no saslSupportedMechs", auth.Credential{Username: "alice", Password: "pw"}, nil, false, "saslStart saslContinue"},
		{"x509 speculative", auth.Credential{Mechanism: auth.X509}, nil, true, ""},
		{"x509", auth.Credential{Mechanism: auth.X509, Username: "CN=client"}, nil, false, "authenticate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeServer()
			srv.users["alice"] = "pw"
			a, err := auth.New(tt.cred)
			if err != nil {
				t.Fatal(err)
			}
			if err := runSpeculative(t, srv, a, tt.mechs, tt.answer); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(srv.commands, " "); got != tt.commands {
				t.Fatalf("commands %q, want %q", got, tt.commands)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	if got := string(auth.AppendPlainPayload(nil, "user", "pencil")); got != "\x00user\x00pencil" {
		t.Fatalf("payload %q", got)
	}
	srv := newFakeServer()
	srv.plainOK = "\x00user\x00pencil"
	a, err := auth.New(auth.Credential{Username: "user", Password: "pencil", Mechanism: auth.PLAIN})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.NewConversation().Finish(context.Background(), srv, nil, nil); err != nil {
		t.Fatal(err)
	}
	if len(srv.commands) != 1 || srv.dbs[0] != "$external" {
		t.Fatalf("commands %v on %v, want one saslStart on $external", srv.commands, srv.dbs)
	}
	a, _ = auth.New(auth.Credential{Username: "user", Password: "bad-pass-77", Mechanism: auth.PLAIN})
	err = a.NewConversation().Finish(context.Background(), srv, nil, nil)
	if !errors.Is(err, errAuthFailed) || strings.Contains(err.Error(), "bad-pass-77") {
		t.Fatalf("err = %v", err)
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		cred auth.Credential
		want error
	}{
		{auth.Credential{Password: "p"}, auth.ErrUsernameRequired},
		{auth.Credential{Mechanism: auth.SCRAMSHA256, Password: "p"}, auth.ErrUsernameRequired},
		{auth.Credential{Mechanism: auth.PLAIN}, auth.ErrUsernameRequired},
		{auth.Credential{Mechanism: auth.X509, Password: "p"}, auth.ErrPasswordNotAllowed},
		{auth.Credential{Mechanism: auth.X509, Source: "admin"}, auth.ErrSourceMustBeExternal},
		{auth.Credential{Mechanism: "GSSAPI", Username: "u"}, auth.ErrUnsupportedMechanism},
		{auth.Credential{Mechanism: "scram-sha-1", Username: "u"}, auth.ErrUnsupportedMechanism},
		{auth.Credential{Username: "u", Properties: map[string]string{"X": "y"}}, auth.ErrPropertiesNotAllowed},
	}
	for _, tt := range tests {
		_, err := auth.New(tt.cred)
		var ae *auth.Error
		if !errors.Is(err, tt.want) || !errors.As(err, &ae) {
			t.Errorf("New(%v) = %v, want %v in an *auth.Error", tt.cred, err, tt.want)
		}
	}
}

func TestCredentialDefaults(t *testing.T) {
	tests := []struct {
		cred auth.Credential
		want string
	}{
		{auth.Credential{Username: "u"}, "admin"},
		{auth.Credential{Username: "u", Mechanism: auth.SCRAMSHA1}, "admin"},
		{auth.Credential{Username: "u", Mechanism: auth.PLAIN}, "$external"},
		{auth.Credential{Mechanism: auth.X509}, "$external"},
		{auth.Credential{Username: "u", Source: "app"}, "app"},
	}
	for _, tt := range tests {
		a, err := auth.New(tt.cred)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Credential().Source; got != tt.want {
			t.Errorf("%v: source %q, want %q", tt.cred, got, tt.want)
		}
	}
}

func TestPasswordRedacted(t *testing.T) {
	const pw = "hunter2-secret"
	c := auth.Credential{Username: "u", Password: pw, Source: "admin"}
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(f, c); strings.Contains(s, pw) || !strings.Contains(s, "redacted") {
			t.Errorf("%s shows %q", f, s)
		}
	}
	// A password SASLprep rejects: the error must not quote it.
	bad := "pa\u0007ss-secret"
	a, err := auth.New(auth.Credential{Username: "u", Password: bad, Mechanism: auth.SCRAMSHA256})
	if err != nil {
		t.Fatal(err)
	}
	conv := a.NewConversation()
	h := hello(conv)
	if !h.Lookup("speculativeAuthenticate").IsZero() {
		t.Fatal("speculative message sent for an unpreparable password")
	}
	err = conv.Finish(context.Background(), newFakeServer(), nil, nil)
	if err == nil || strings.Contains(err.Error(), "ss-secret") || !strings.Contains(err.Error(), "SASLprep") {
		t.Fatalf("err = %v", err)
	}
}

type failConn struct{ err error }

func (f failConn) RunCommand(context.Context, string, bson.Raw) (bson.Raw, error) { return nil, f.err }

func TestTransportErrorWrapped(t *testing.T) {
	cause := errors.New("connection reset")
	a, _ := auth.New(auth.Credential{Username: "u", Password: "p"})
	err := a.NewConversation().Finish(context.Background(), failConn{cause}, []string{"SCRAM-SHA-256"}, nil)
	var ae *auth.Error
	if !errors.Is(err, cause) || !errors.As(err, &ae) || ae.Mechanism != auth.SCRAMSHA256 {
		t.Fatalf("err = %#v", err)
	}
	if want := "auth: SCRAM-SHA-256: connection reset"; err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
}

func TestBadServerReplies(t *testing.T) {
	replies := []bson.Raw{
		bsonDoc("done", "x"),
		bsonDoc(),
		saslReplyWith(func(b []byte) []byte { return bson.AppendStringElement(b, "conversationId", "x") }),
	}
	for i, r := range replies {
		a, _ := auth.New(auth.Credential{Username: "u", Password: "p", Mechanism: auth.SCRAMSHA256})
		err := a.NewConversation().Finish(context.Background(), constConn{r}, nil, nil)
		if !errors.Is(err, auth.ErrBadServerReply) {
			t.Errorf("reply %d: err = %v, want ErrBadServerReply", i, err)
		}
	}
}

type constConn struct{ reply bson.Raw }

func (c constConn) RunCommand(context.Context, string, bson.Raw) (bson.Raw, error) {
	return c.reply, nil
}

func saslReplyWith(f func([]byte) []byte) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	b = f(b)
	b = bson.AppendBooleanElement(b, "done", false)
	b = bson.AppendBinaryElement(b, "payload", 0, nil)
	return bson.AppendDocumentEnd(b, start)
}
