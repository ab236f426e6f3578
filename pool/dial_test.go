package pool_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/cwal-go/cwal/connstring"
	"github.com/cwal-go/cwal/pool"
)

func TestDialRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	_, err = pool.Dial(connTestCtx(t), addr, pool.ConnConfig{})
	var ee *pool.EstablishError
	if !errors.As(err, &ee) || ee.Stage != pool.StageDial || !ee.Backpressure() {
		t.Fatalf("err = %v, want a dial-stage error that counts as backpressure", err)
	}
}

// blockingDialer never connects; it returns when the context ends.
type blockingDialer struct{}

func (blockingDialer) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	<-ctx.Done()
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: ctx.Err()}
}

func TestConnectTimeout(t *testing.T) {
	start := time.Now()
	_, err := pool.Dial(context.Background(), "db.invalid:27017", pool.ConnConfig{ConnectTimeout: 50 * time.Millisecond, Dialer: blockingDialer{}})
	var ee *pool.EstablishError
	var ne *pool.NetError
	if !errors.As(err, &ee) || !errors.As(err, &ne) || !ne.Timeout() || !ee.Backpressure() {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
	// A cancelled context is the caller's decision, not overload.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err = pool.Dial(ctx, "db.invalid:27017", pool.ConnConfig{ConnectTimeout: -1, Dialer: blockingDialer{}})
	if !errors.As(err, &ee) || !errors.Is(err, context.Canceled) || ee.Backpressure() {
		t.Fatalf("err = %v, want context.Canceled without backpressure", err)
	}
}

func TestDNSFailureNoBackpressure(t *testing.T) {
	ee := &pool.EstablishError{Stage: pool.StageDial, Addr: "x:1", Err: &pool.NetError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "x"}}}
	if ee.Backpressure() {
		t.Fatal("a DNS failure counts as backpressure")
	}
}

func TestHelloFailures(t *testing.T) {
	// A server that hangs up on the hello: a network error during the
	// hello, which counts as backpressure.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if nc, err := ln.Accept(); err == nil {
			_ = nc.Close()
		}
	}()
	_, err = pool.Dial(connTestCtx(t), ln.Addr().String(), pool.ConnConfig{})
	_ = ln.Close()
	<-done
	var ee *pool.EstablishError
	if !errors.As(err, &ee) || ee.Stage != pool.StageHello || !ee.Backpressure() {
		t.Fatalf("err = %v, want a hello-stage network error with backpressure", err)
	}

	// A hello answered with ok: 0 is a server reply, not overload.
	s := newFakeServer(t, fakeOptions{helloFields: func(b []byte) []byte { return fakeAppendPairs(b, "ok", 0.0, "errmsg", "nope") }})
	_, err = pool.Dial(connTestCtx(t), s.addr, pool.ConnConfig{})
	if !errors.As(err, &ee) || ee.Stage != pool.StageHello || ee.Backpressure() {
		t.Fatalf("err = %v, want a hello-stage error without backpressure", err)
	}
}

func TestAppNameTooLong(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	long := string(make([]byte, 129))
	if _, err := pool.Dial(connTestCtx(t), s.addr, pool.ConnConfig{AppName: long}); !errors.Is(err, pool.ErrAppNameTooLong) {
		t.Fatalf("err = %v", err)
	}
}

func TestConnConfigFromConnString(t *testing.T) {
	cs, err := connstring.Parse("mongodb://u:p%40ss@h1/app?appname=svc&compressors=zstd,snappy&zlibCompressionLevel=0&connectTimeoutMS=0&socketTimeoutMS=1500&loadBalanced=true&authMechanism=SCRAM-SHA-256")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := pool.ConnConfigFromConnString(cs)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AppName != "svc" || len(cfg.Compressors) != 2 || cfg.ZlibLevel != pool.ZlibLevelNone ||
		cfg.ConnectTimeout >= 0 || cfg.SocketTimeout != 1500*time.Millisecond || !cfg.LoadBalanced || cfg.TLS != nil {
		t.Fatalf("config %+v", cfg)
	}
	cred := cfg.Auth.Credential()
	if cred.Username != "u" || cred.Password != "p@ss" || cred.Source != "app" || cred.Mechanism != "SCRAM-SHA-256" {
		t.Fatalf("credential %v", cred)
	}
	cs, err = connstring.Parse("mongodb://h1/?tls=true&tlsCAFile=/does/not/exist.pem")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.ConnConfigFromConnString(cs); err == nil {
		t.Fatal("a missing CA file was accepted")
	}
}

func TestIPv6(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback on this machine: %v", err)
	}
	_ = ln.Close()
	s := newFakeServerOn(t, "tcp", "[::1]:0", fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	pingConn(t, c)
	if c.Addr() != s.addr || c.Description().Addr != s.addr {
		t.Errorf("addr %q, description %q, want %q", c.Addr(), c.Description().Addr, s.addr)
	}
}
