package pool_test

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/pool"
)

func mustTLSConfig(t *testing.T, o pool.TLSOptions) *tls.Config {
	t.Helper()
	c, err := pool.NewTLSConfig(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// localhostAddr turns 127.0.0.1:port into localhost:port, so that the
// server name is a DNS name.
func fakeLocalhostAddr(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return "localhost:" + port
}

func TestTLSVerification(t *testing.T) {
	good := newTestPKI(t, "localhost", "127.0.0.1")
	wrongName := newTestPKI(t, "other.example")
	otherCA := newTestPKI(t, "localhost")
	tests := []struct {
		name   string
		server *testPKI
		opts   pool.TLSOptions
		ok     bool
	}{
		{"valid", good, pool.TLSOptions{CAFile: good.caFile}, true},
		{"untrusted CA", otherCA, pool.TLSOptions{CAFile: good.caFile}, false},
		{"wrong host name", wrongName, pool.TLSOptions{CAFile: wrongName.caFile}, false},
		{"wrong host name allowed", wrongName, pool.TLSOptions{CAFile: wrongName.caFile, AllowInvalidHostnames: true}, true},
		{"invalid hostnames still verify the chain", otherCA, pool.TLSOptions{CAFile: good.caFile, AllowInvalidHostnames: true}, false},
		{"insecure", otherCA, pool.TLSOptions{CAFile: good.caFile, Insecure: true}, true},
		{"invalid certificates allowed", otherCA, pool.TLSOptions{CAFile: good.caFile, AllowInvalidCertificates: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sni string
			s := newFakeServer(t, fakeOptions{tls: tt.server.serverConfig(&sni)})
			c, err := pool.Dial(connTestCtx(t), fakeLocalhostAddr(s.addr), pool.ConnConfig{TLS: mustTLSConfig(t, tt.opts)})
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				pingConn(t, c)
				if sni != "localhost" {
					t.Errorf("SNI %q, want localhost", sni)
				}
				return
			}
			var ee *pool.EstablishError
			if !errors.As(err, &ee) || ee.Stage != pool.StageTLS || ee.Backpressure() {
				t.Fatalf("err = %v, want a TLS-stage certificate error without backpressure", err)
			}
		})
	}
}

func TestTLSMinimumVersion(t *testing.T) {
	p := newTestPKI(t, "localhost")
	cfg := p.serverConfig(nil)
	cfg.MaxVersion = tls.VersionTLS11
	s := newFakeServer(t, fakeOptions{tls: cfg})
	_, err := pool.Dial(connTestCtx(t), fakeLocalhostAddr(s.addr), pool.ConnConfig{TLS: mustTLSConfig(t, pool.TLSOptions{CAFile: p.caFile})})
	if err == nil {
		t.Fatal("connected with TLS 1.1")
	}
}

func TestX509Authentication(t *testing.T) {
	p := newTestPKI(t, "localhost", "127.0.0.1")
	certPEM, keyPEM := p.issue(t, pkix.Name{CommonName: "client", OrganizationalUnit: []string{"drivers"}, Organization: []string{"cwal"}}, nil, x509.ExtKeyUsageClientAuth)
	keyFile := p.write(t, "client.pem", certPEM, keyPEM)
	for _, spec := range []bool{true, false} {
		s := newFakeServer(t, fakeOptions{tls: p.serverConfig(nil), x509: true, noSpeculative: !spec})
		a := mustAuthenticator(t, pool.Credential{Mechanism: "MONGODB-X509"})
		tc := mustTLSConfig(t, pool.TLSOptions{CAFile: p.caFile, CertificateKeyFile: keyFile})
		c := dialFake(t, s, pool.ConnConfig{TLS: tc, Auth: a})
		pingConn(t, c)
		want := "authenticate ping"
		if spec {
			want = "ping"
		}
		if got := cmdNames(s.Received()[1:]); got != want {
			t.Errorf("speculative=%v: commands after hello %q, want %q", spec, got, want)
		}
	}
	// Without a client certificate, X509 fails in the auth stage.
	s := newFakeServer(t, fakeOptions{tls: p.serverConfig(nil), x509: true})
	a := mustAuthenticator(t, pool.Credential{Mechanism: "MONGODB-X509"})
	_, err := pool.Dial(connTestCtx(t), s.addr, pool.ConnConfig{TLS: mustTLSConfig(t, pool.TLSOptions{CAFile: p.caFile}), Auth: a})
	var ee *pool.EstablishError
	if !errors.As(err, &ee) || ee.Stage != pool.StageAuth {
		t.Fatalf("err = %v, want an auth failure", err)
	}
}

func TestEncryptedKeyFile(t *testing.T) {
	p := newTestPKI(t, "localhost")
	certPEM, keyPEM := p.issue(t, pkix.Name{CommonName: "client"}, nil, x509.ExtKeyUsageClientAuth)
	block, _ := pem.Decode(keyPEM)
	//lint:ignore SA1019 the legacy format is what is being tested
	enc, err := x509.EncryptPEMBlock(strings.NewReader(strings.Repeat("r", 64)), "PRIVATE KEY", block.Bytes, []byte("hunter2"), x509.PEMCipherAES256)
	if err != nil {
		t.Fatal(err)
	}
	file := p.write(t, "enc.pem", certPEM, pem.EncodeToMemory(enc))
	if _, err := pool.NewTLSConfig(pool.TLSOptions{CertificateKeyFile: file, CertificateKeyFilePassword: "hunter2"}); err != nil {
		t.Fatalf("right password: %v", err)
	}
	_, err = pool.NewTLSConfig(pool.TLSOptions{CertificateKeyFile: file, CertificateKeyFilePassword: "bad-pw-123"})
	if err == nil || strings.Contains(err.Error(), "bad-pw-123") {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := pool.NewTLSConfig(pool.TLSOptions{CertificateKeyFile: file}); err == nil {
		t.Fatal("an encrypted key was read without a password")
	}
	pkcs8 := p.write(t, "pkcs8.pem", certPEM, pkiPEM("ENCRYPTED PRIVATE KEY", []byte{1, 2, 3}))
	if _, err := pool.NewTLSConfig(pool.TLSOptions{CertificateKeyFile: pkcs8, CertificateKeyFilePassword: "x"}); err == nil || !strings.Contains(err.Error(), "PKCS#8") {
		t.Fatalf("encrypted PKCS#8: %v", err)
	}
}

func TestTLSFileErrors(t *testing.T) {
	p := newTestPKI(t, "localhost")
	empty := p.write(t, "empty.pem", []byte("not pem"))
	cases := []pool.TLSOptions{
		{CAFile: "/does/not/exist"},
		{CAFile: empty},
		{CertificateKeyFile: "/does/not/exist"},
		{CertificateKeyFile: p.caFile}, // a certificate without its key
	}
	for _, o := range cases {
		if _, err := pool.NewTLSConfig(o); err == nil {
			t.Errorf("NewTLSConfig(%+v) succeeded", o)
		}
	}
	c := mustTLSConfig(t, pool.TLSOptions{})
	if c.MinVersion != tls.VersionTLS12 || c.InsecureSkipVerify {
		t.Errorf("defaults %+v", c)
	}
}
