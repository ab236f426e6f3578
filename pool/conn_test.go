package pool_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
)

func connTestCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func dialFake(t testing.TB, s *fakeServer, cfg pool.ConnConfig) *pool.Conn {
	t.Helper()
	c, err := pool.Dial(connTestCtx(t), s.addr, cfg)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func pingConn(t testing.TB, c *pool.Conn) {
	t.Helper()
	if _, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("ping", 1)); err != nil {
		t.Fatalf("ping: %v", err)
	}
}

func cmdNames(cmds []receivedCmd) string {
	var s []string
	for _, c := range cmds {
		s = append(s, c.name)
	}
	return strings.Join(s, " ")
}

func TestDialAndPing(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{AppName: "myapp"})
	pingConn(t, c)
	d := c.Description()
	if d.Type != description.Standalone || d.MaxWireVersion != 25 || !d.HelloOK || c.ServerConnectionID() != 1 {
		t.Errorf("description %+v", d)
	}
	if c.ID() <= 0 || c.Addr() != s.addr || c.Compressor() != "" || c.State() != pool.StateReady || c.Err() != nil {
		t.Errorf("conn id %d addr %q compressor %q state %v err %v", c.ID(), c.Addr(), c.Compressor(), c.State(), c.Err())
	}
	if c.MaxMessageSize() != description.DefaultMaxMessageSizeBytes || c.LastUsed().Before(c.CreatedAt()) {
		t.Errorf("max %d created %v last used %v", c.MaxMessageSize(), c.CreatedAt(), c.LastUsed())
	}
	if got := cmdNames(s.Received()); got != "isMaster ping" {
		t.Fatalf("commands %q", got)
	}
	h := s.Hellos()[0]
	checks := map[string]bool{
		"isMaster: 1":                h.Lookup("isMaster").Int32() == 1,
		"helloOk: true":              h.Lookup("helloOk").Boolean(),
		`backpressure: "2"`:          h.Lookup("backpressure").StringValue() == "2",
		"$db: admin":                 h.Lookup("$db").StringValue() == "admin",
		"client.driver.name":         h.Lookup("client", "driver", "name").StringValue() == pool.DriverName,
		"client.application.name":    h.Lookup("client", "application", "name").StringValue() == "myapp",
		"compression: []":            h.Lookup("compression").Array().Len() == 0 && !h.Lookup("compression").IsZero(),
		"no saslSupportedMechs":      h.Lookup("saslSupportedMechs").IsZero(),
		"no speculativeAuthenticate": h.Lookup("speculativeAuthenticate").IsZero(),
		"no loadBalanced":            h.Lookup("loadBalanced").IsZero(),
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("hello lacks %s: %v", what, h)
		}
	}
}

func TestConnIDs(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	a, b := dialFake(t, s, pool.ConnConfig{}), dialFake(t, s, pool.ConnConfig{})
	if b.ID() <= a.ID() {
		t.Errorf("ids %d then %d, want increasing", a.ID(), b.ID())
	}
	c := dialFake(t, s, pool.ConnConfig{ID: 7, Generation: 3})
	if c.ID() != 7 || c.Generation() != 3 {
		t.Errorf("id %d generation %d, want 7 and 3", c.ID(), c.Generation())
	}
}

func mustAuthenticator(t testing.TB, cred pool.Credential) *pool.Authenticator {
	t.Helper()
	a, err := pool.NewAuthenticator(cred)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDialAuthenticates(t *testing.T) {
	tests := []struct {
		mech          string
		serverMechs   []string
		noSpeculative bool
		want          string // commands after the hello, ping included
	}{
		{"SCRAM-SHA-256", nil, false, "saslContinue ping"},
		{"SCRAM-SHA-256", nil, true, "saslStart saslContinue ping"},
		{"SCRAM-SHA-1", nil, false, "saslContinue ping"},
		{"SCRAM-SHA-1", nil, true, "saslStart saslContinue ping"},
		{"", nil, false, "saslContinue ping"},                                         // negotiated SHA-256, speculative
		{"", nil, true, "saslStart saslContinue ping"},                                // negotiated SHA-256
		{"", []string{"SCRAM-SHA-1"}, false, "saslStart saslContinue ping"},           // speculative SHA-256 refused
		{"", []string{"SCRAM-SHA-256", "ARBITRARY-MECH"}, false, "saslContinue ping"}, // handshake prose test 2
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v/speculative=%v", tt.mech, tt.serverMechs, !tt.noSpeculative), func(t *testing.T) {
			s := newFakeServer(t, fakeOptions{users: map[string]string{"alice": "pä$$"}, mechs: tt.serverMechs, noSpeculative: tt.noSpeculative})
			a := mustAuthenticator(t, pool.Credential{Username: "alice", Password: "pä$$", Mechanism: tt.mech})
			c := dialFake(t, s, pool.ConnConfig{Auth: a})
			pingConn(t, c)
			got := cmdNames(s.Received()[1:])
			if got != tt.want {
				t.Fatalf("commands after hello %q, want %q", got, tt.want)
			}
			hello := s.Hellos()[0]
			if negotiate := tt.mech == ""; negotiate != (hello.Lookup("saslSupportedMechs").StringValue() == "admin.alice") {
				t.Fatalf("saslSupportedMechs = %v", hello.Lookup("saslSupportedMechs"))
			}
		})
	}
}

func TestDialWrongPassword(t *testing.T) {
	s := newFakeServer(t, fakeOptions{users: map[string]string{"alice": "right"}})
	a := mustAuthenticator(t, pool.Credential{Username: "alice", Password: "wrong-secret-9"})
	_, err := pool.Dial(connTestCtx(t), s.addr, pool.ConnConfig{Auth: a})
	var ee *pool.EstablishError
	var ce *pool.CommandError
	if !errors.As(err, &ee) || ee.Stage != pool.StageAuth || !errors.As(err, &ce) || ce.Code != 18 {
		t.Fatalf("err = %v, want an auth-stage EstablishError with code 18", err)
	}
	if ee.Backpressure() {
		t.Error("an authentication failure counts as backpressure")
	}
	if strings.Contains(err.Error(), "wrong-secret-9") || strings.Contains(fmt.Sprint(a), "wrong-secret-9") {
		t.Errorf("the password leaked: %v / %v", err, a)
	}
}

func TestCredentialRedacted(t *testing.T) {
	c := pool.Credential{Username: "u", Password: "s3cr3t-pw", Mechanism: "SCRAM-SHA-256"}
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(f, c); strings.Contains(s, "s3cr3t-pw") {
			t.Errorf("%s shows the password: %s", f, s)
		}
	}
	a := mustAuthenticator(t, c)
	if s := fmt.Sprintf("%v %+v %s", a, a, a.String()); strings.Contains(s, "s3cr3t-pw") {
		t.Errorf("Authenticator shows the password: %s", s)
	}
	if got := a.Credential().Source; got != "admin" {
		t.Errorf("default source %q", got)
	}
	if _, err := pool.NewAuthenticator(pool.Credential{Mechanism: "GSSAPI", Username: "u"}); err == nil {
		t.Error("unsupported mechanism accepted")
	}
}

func TestCompressionNegotiated(t *testing.T) {
	tests := []struct {
		client, server []string
		want           string
	}{
		{[]string{"snappy"}, []string{"snappy", "zlib", "zstd"}, "snappy"},
		{[]string{"zlib"}, []string{"snappy", "zlib", "zstd"}, "zlib"},
		{[]string{"zstd"}, []string{"snappy", "zlib", "zstd"}, "zstd"},
		{[]string{"zstd", "snappy"}, []string{"snappy", "zlib"}, "snappy"},
		{[]string{"bogus", "zlib", "snappy"}, []string{"snappy", "zlib"}, "zlib"},
		{[]string{"zstd"}, nil, ""},
		{nil, []string{"snappy"}, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.client, tt.server), func(t *testing.T) {
			s := newFakeServer(t, fakeOptions{compressors: tt.server, users: map[string]string{"bob": "pw"}})
			a := mustAuthenticator(t, pool.Credential{Username: "bob", Password: "pw"})
			c := dialFake(t, s, pool.ConnConfig{Compressors: tt.client, ZlibLevel: 9, Auth: a})
			if c.Compressor() != tt.want {
				t.Fatalf("compressor %q, want %q", c.Compressor(), tt.want)
			}
			pingConn(t, c)
			for _, r := range s.Received() {
				wantCompressed := tt.want != "" && r.name == "ping"
				if r.compressed != wantCompressed {
					t.Errorf("%s compressed = %v, want %v", r.name, r.compressed, wantCompressed)
				}
			}
		})
	}
}

func TestRunCommandSequences(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	docs := []bson.Raw{fakeDoc("a", 1), fakeDoc("a", 2), fakeDoc("a", 3)}
	reply, err := c.RunCommand(connTestCtx(t), "test", fakeDoc("echo", 1),
		pool.DocumentSequence{Identifier: "documents", Documents: docs},
		pool.DocumentSequence{Identifier: "more", Documents: docs[:1]})
	if err != nil {
		t.Fatal(err)
	}
	if reply.Lookup("documents").Int32() != 3 || reply.Lookup("more").Int32() != 1 {
		t.Fatalf("reply %v", reply)
	}
	if r := s.Received(); r[len(r)-1].db != "test" {
		t.Fatalf("$db %q", r[len(r)-1].db)
	}
	if _, err := c.RunCommand(connTestCtx(t), "test", bson.Raw{1, 2, 3}); err == nil {
		t.Fatal("a malformed command was sent")
	}
}

func TestCommandError(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	reply, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("fail", 1))
	var ce *pool.CommandError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v", err)
	}
	if ce.Code != 2 || ce.Name != "BadValue" || ce.Message != "boom" || !ce.HasLabel("TransientTransactionError") || ce.HasLabel("x") {
		t.Errorf("CommandError %+v", ce)
	}
	if reply == nil || ce.Reply.Lookup("errmsg").StringValue() != "boom" {
		t.Errorf("reply %v, error reply %v", reply, ce.Reply)
	}
	if want := "pool: command failed: boom (BadValue code 2)"; err.Error() != want {
		t.Errorf("message %q", err.Error())
	}
	if c.State() != pool.StateReady {
		t.Fatalf("state %v after a command error", c.State())
	}
	pingConn(t, c)
}

func TestExhaustReplies(t *testing.T) {
	s := newFakeServer(t, fakeOptions{compressors: []string{"zstd"}})
	c := dialFake(t, s, pool.ConnConfig{Compressors: []string{"zstd"}})
	ctx := connTestCtx(t)
	if err := c.WriteMessage(ctx, opMsg(t, fakeDoc("stream", 1, "n", 3, "$db", "admin"), 0)); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteMessage(ctx, opMsg(t, fakeDoc("ping", 1, "$db", "admin"), 0)); !errors.Is(err, pool.ErrReplyPending) {
		t.Fatalf("second write: %v, want ErrReplyPending", err)
	}
	for i := 1; i <= 3; i++ {
		if c.State() != pool.StateReplyPending {
			t.Fatalf("state %v before reply %d", c.State(), i)
		}
		raw, err := c.ReadMessage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := opMsgBody(t, raw).Lookup("i").Int32(); got != int32(i) {
			t.Fatalf("reply %d has i = %d", i, got)
		}
	}
	if c.State() != pool.StateReady {
		t.Fatalf("state %v after the stream", c.State())
	}
	if _, err := c.ReadMessage(ctx); !errors.Is(err, pool.ErrNoReplyPending) {
		t.Fatalf("extra read: %v", err)
	}
	pingConn(t, c)
}

func TestDrainStream(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	ctx := connTestCtx(t)
	if err := c.WriteMessage(ctx, opMsg(t, fakeDoc("stream", 1, "n", 4, "$db", "admin"), 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadMessage(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Drain(ctx); err != nil || c.State() != pool.StateReady {
		t.Fatalf("Drain: %v, state %v", err, c.State())
	}
	pingConn(t, c)
}

func TestLoadBalanced(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{LoadBalanced: true})
	h := s.Hellos()[0]
	if h.Lookup("hello").Int32() != 1 || !h.Lookup("loadBalanced").Boolean() {
		t.Fatalf("hello %v", h)
	}
	if d := c.Description(); d.Type != description.LoadBalancer || d.ServiceID == nil {
		t.Fatalf("description %+v", d)
	}
	// A server that is not behind a load balancer has no serviceId.
	s2 := newFakeServer(t, fakeOptions{helloFields: func(b []byte) []byte { return b }})
	_, err := pool.Dial(connTestCtx(t), s2.addr, pool.ConnConfig{LoadBalanced: true})
	if !errors.Is(err, pool.ErrNoServiceID) {
		t.Fatalf("err = %v, want ErrNoServiceID", err)
	}
}

func TestUnixSocket(t *testing.T) {
	s := newFakeServer(t, fakeOptions{unix: true})
	c := dialFake(t, s, pool.ConnConfig{})
	pingConn(t, c)
	if c.Addr() != s.addr {
		t.Errorf("addr %q, want %q", c.Addr(), s.addr)
	}
}

func TestCloseIdempotent(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if !c.Closed() || c.State() != pool.StateClosed {
		t.Fatalf("state %v", c.State())
	}
	if _, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("ping", 1)); !errors.Is(err, pool.ErrConnClosed) {
		t.Fatalf("err = %v, want ErrConnClosed", err)
	}
}
