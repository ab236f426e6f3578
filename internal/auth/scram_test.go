package auth_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/auth"
)

func mongoDigest(user, pw string) string {
	sum := md5.Sum([]byte(user + ":mongo:" + pw))
	return hex.EncodeToString(sum[:])
}

// scriptConn replays a recorded conversation: it checks each client
// payload and answers with the server's.
type scriptConn struct {
	t     *testing.T
	steps []scriptStep
	i     int
	cmds  []bson.Raw
}

type scriptStep struct {
	command    string // saslStart or saslContinue
	clientSays string
	serverSays string
	done       bool
}

func (c *scriptConn) RunCommand(_ context.Context, db string, cmd bson.Raw) (bson.Raw, error) {
	c.t.Helper()
	c.cmds = append(c.cmds, append(bson.Raw(nil), cmd...))
	if c.i >= len(c.steps) {
		c.t.Fatalf("unexpected extra command %v", cmd)
	}
	st := c.steps[c.i]
	c.i++
	it := cmd.Iter()
	it.Next()
	if it.Key() != st.command {
		c.t.Fatalf("step %d: command %q, want %q", c.i, it.Key(), st.command)
	}
	if got := string(cmd.Lookup("payload").Binary().Data); got != st.clientSays {
		c.t.Fatalf("step %d: client sent\n%q, want\n%q", c.i, got, st.clientSays)
	}
	if db != "admin" {
		c.t.Fatalf("step %d: db %q, want admin", c.i, db)
	}
	return saslReply(1, st.done, []byte(st.serverSays), false), nil
}

// The conversations of auth.md: RFC 5802's SCRAM-SHA-1 example with the
// MongoDB password digest, and RFC 7677's SCRAM-SHA-256 example.
var vectors = []struct {
	mech, nonce string
	steps       []scriptStep
}{
	{auth.SCRAMSHA1, "fyko+d2lbbFgONRv9qkxdawL", []scriptStep{
		{"saslStart", "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
			"r=fyko+d2lbbFgONRv9qkxdawLHo+Vgk7qvUOKUwuWLIWg4l/9SraGMHEE,s=rQ9ZY3MntBeuP3E1TDVC4w==,i=10000", false},
		{"saslContinue", "c=biws,r=fyko+d2lbbFgONRv9qkxdawLHo+Vgk7qvUOKUwuWLIWg4l/9SraGMHEE,p=MC2T8BvbmWRckDw8oWl5IVghwCY=",
			"v=UMWeI25JD1yNYZRMpZ4VHvhZ9e0=", true},
	}},
	{auth.SCRAMSHA256, "rOprNGfwEbeRWgbNEkqO", []scriptStep{
		{"saslStart", "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
			"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", false},
		{"saslContinue", "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
			"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", true},
	}},
}

func newAuth(t *testing.T, cred auth.Credential, nonce string) *auth.Authenticator {
	t.Helper()
	a, err := auth.New(cred)
	if err != nil {
		t.Fatal(err)
	}
	if nonce != "" {
		auth.SetNonce(a, func() string { return nonce })
	}
	return a
}

func TestSCRAMVectors(t *testing.T) {
	for _, v := range vectors {
		t.Run(v.mech, func(t *testing.T) {
			a := newAuth(t, auth.Credential{Username: "user", Password: "pencil", Mechanism: v.mech}, v.nonce)
			conn := &scriptConn{t: t, steps: v.steps}
			if err := a.NewConversation().Finish(context.Background(), conn, nil, nil); err != nil {
				t.Fatal(err)
			}
			if conn.i != len(v.steps) {
				t.Fatalf("%d of %d steps ran", conn.i, len(v.steps))
			}
			start := conn.cmds[0]
			if start.Lookup("mechanism").StringValue() != v.mech || !start.Lookup("options", "skipEmptyExchange").Boolean() {
				t.Fatalf("saslStart = %v", start)
			}
			if cont := conn.cmds[1]; cont.Lookup("conversationId").Int32() != 1 {
				t.Fatalf("saslContinue does not echo the conversation id: %v", cont)
			}
		})
	}
}

// Servers before 4.4 ignore skipEmptyExchange and want one more, empty,
// saslContinue after their signature.
func TestSCRAMLongConversation(t *testing.T) {
	v := vectors[1]
	steps := append([]scriptStep(nil), v.steps...)
	steps[1].done = false
	steps = append(steps, scriptStep{"saslContinue", "", "", true})
	a := newAuth(t, auth.Credential{Username: "user", Password: "pencil", Mechanism: v.mech}, v.nonce)
	conn := &scriptConn{t: t, steps: steps}
	if err := a.NewConversation().Finish(context.Background(), conn, nil, nil); err != nil {
		t.Fatal(err)
	}
	if conn.i != 3 {
		t.Fatalf("%d steps ran, want 3", conn.i)
	}
}

func TestSCRAMServerMisbehaves(t *testing.T) {
	v := vectors[1]
	tests := []struct {
		name string
		edit func([]scriptStep) []scriptStep
		want string
	}{
		{"wrong server signature", func(s []scriptStep) []scriptStep {
			s[1].serverSays = "v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
			return s
		}, "server validation failed"},
		{"too few iterations", func(s []scriptStep) []scriptStep {
			s[0].serverSays = strings.Replace(s[0].serverSays, "i=4096", "i=4095", 1)
			return s[:1]
		}, "too few iterations"},
		{"done before the server proved itself", func(s []scriptStep) []scriptStep {
			s[0].done = true
			return s[:1]
		}, auth.ErrConversationIncomplete.Error()},
		{"nonce not extended", func(s []scriptStep) []scriptStep {
			s[0].serverSays = "r=other,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
			return s[:1]
		}, "nonce"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps := tt.edit(append([]scriptStep(nil), v.steps...))
			a := newAuth(t, auth.Credential{Username: "user", Password: "pencil", Mechanism: v.mech}, v.nonce)
			err := a.NewConversation().Finish(context.Background(), &scriptConn{t: t, steps: steps}, nil, nil)
			var ae *auth.Error
			if !errors.As(err, &ae) || ae.Mechanism != auth.SCRAMSHA256 || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want an *auth.Error containing %q", err, tt.want)
			}
		})
	}
}

func TestSCRAMAgainstServer(t *testing.T) {
	for _, mech := range []string{auth.SCRAMSHA1, auth.SCRAMSHA256} {
		for _, skip := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/skipEmptyExchange=%v", mech, skip), func(t *testing.T) {
				srv := newFakeServer()
				srv.users["alice"] = "s3cret"
				srv.skipEmpty = skip
				a := newAuth(t, auth.Credential{Username: "alice", Password: "s3cret", Mechanism: mech}, "")
				if err := a.NewConversation().Finish(context.Background(), srv, nil, nil); err != nil {
					t.Fatal(err)
				}
				want := 2
				if !skip {
					want = 3
				}
				if len(srv.commands) != want {
					t.Fatalf("commands %v, want %d", srv.commands, want)
				}
			})
		}
	}
}

// SASLprep applies to SCRAM-SHA-256 passwords (auth spec prose test): a
// soft hyphen maps to nothing and the Roman numeral normalizes to "IV".
func TestSCRAMSHA256SASLprep(t *testing.T) {
	tests := []struct{ user, stored, given string }{
		{"IX", "IX", "IX"},
		{"IX", "IX", "I\u00ADX"},
		{"\u2168", "IV", "IV"},
		{"\u2168", "IV", "I\u00ADV"},
	}
	for _, tt := range tests {
		srv := newFakeServer()
		srv.users[tt.user] = tt.stored
		a := newAuth(t, auth.Credential{Username: tt.user, Password: tt.given, Mechanism: auth.SCRAMSHA256}, "")
		if err := a.NewConversation().Finish(context.Background(), srv, nil, nil); err != nil {
			t.Errorf("user %q password %q: %v", tt.user, tt.given, err)
		}
	}
}

func TestSCRAMWrongPassword(t *testing.T) {
	srv := newFakeServer()
	srv.users["alice"] = "right"
	a := newAuth(t, auth.Credential{Username: "alice", Password: "wrong-pw-123", Mechanism: auth.SCRAMSHA256}, "")
	err := a.NewConversation().Finish(context.Background(), srv, nil, nil)
	if !errors.Is(err, errAuthFailed) {
		t.Fatalf("err = %v, want the server's error wrapped", err)
	}
	if strings.Contains(err.Error(), "wrong-pw-123") {
		t.Fatalf("error shows the password: %v", err)
	}
}

// The SCRAM client, and with it the derived-key cache, is shared by the
// conversations of one Authenticator, per mechanism.
func TestSCRAMClientCached(t *testing.T) {
	srv := newFakeServer()
	srv.users["alice"] = "pw"
	a := newAuth(t, auth.Credential{Username: "alice", Password: "pw"}, "")
	for range 3 {
		if err := a.NewConversation().Finish(context.Background(), srv, []string{auth.SCRAMSHA256}, nil); err != nil {
			t.Fatal(err)
		}
	}
	first := auth.CachedSCRAMClient(a, auth.SCRAMSHA256)
	if first == nil {
		t.Fatal("no cached client")
	}
	if err := a.NewConversation().Finish(context.Background(), srv, []string{auth.SCRAMSHA256}, nil); err != nil {
		t.Fatal(err)
	}
	if auth.CachedSCRAMClient(a, auth.SCRAMSHA256) != first {
		t.Fatal("a new SCRAM client was made")
	}
	if auth.CachedSCRAMClient(a, auth.SCRAMSHA1) != nil {
		t.Fatal("a SCRAM-SHA-1 client exists without a SCRAM-SHA-1 conversation")
	}
}
