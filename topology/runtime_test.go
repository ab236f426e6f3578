package topology_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
	"go.uber.org/goleak"
)

func TestRuntimeDiscovers(t *testing.T) {
	cases := []struct {
		name    string
		opts    []mongotest.Option
		edit    func(*topology.RuntimeConfig)
		kind    topology.Kind
		srvType description.ServerType
	}{
		{"standalone", []mongotest.Option{mongotest.WithStandalone()}, nil, topology.Single, description.Standalone},
		{"replica set", nil, func(c *topology.RuntimeConfig) { c.SetName = "rs0" }, topology.ReplicaSetWithPrimary, description.RSPrimary},
		{"direct", nil, func(c *topology.RuntimeConfig) { c.Direct = true }, topology.Single, description.RSPrimary},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tc.opts...)
			rec := newRecorder()
			topo := startTopology(t, rec, tc.edit, srv.Addr())
			s := selectWrite(t, topo, 5*time.Second)
			d := topo.Description()
			if d.Kind != tc.kind {
				t.Errorf("topology kind %v, want %v", d.Kind, tc.kind)
			}
			if got := s.Description(); got.Type != tc.srvType || got.RTT <= 0 {
				t.Errorf("server %s type %v RTT %v, want %v with an RTT", s.Addr(), got.Type, got.RTT, tc.srvType)
			}
			if s.Pool() == nil {
				t.Fatal("no pool")
			}
			events := rec.snapshot()
			ready := indexOf(events, 0, isType[pool.PoolReadyEvent])
			firstOK := indexOf(events, 0, isType[topology.ServerHeartbeatSucceededEvent])
			if ready < 0 || firstOK < 0 || ready < firstOK {
				t.Errorf("PoolReady at %d, first heartbeat success at %d: want the pool ready after it\n%s", ready, firstOK, describeEvents(events))
			}
		})
	}
}

func TestRuntimeSelectionTimeout(t *testing.T) {
	addr := closedAddr(t)
	rec := newRecorder()
	topo := startTopology(t, rec, func(c *topology.RuntimeConfig) {
		c.ServerSelectionTimeout = 700 * time.Millisecond
	}, addr)
	start := time.Now()
	_, err := topo.SelectServer(context.Background(), topology.Criteria{Write: true})
	waited := time.Since(start)
	var sse *topology.ServerSelectionError
	if !errors.As(err, &sse) || !errors.Is(err, topology.ErrServerSelectionTimeout) || !sse.Timeout() {
		t.Fatalf("got %v, want a *ServerSelectionError timing out", err)
	}
	if waited < 600*time.Millisecond || waited > 3*time.Second {
		t.Errorf("waited %v for a 700ms timeout", waited)
	}
	for _, want := range []string{"write", "timed out", addr, "Unknown"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	// While selection waited, it asked for immediate checks: the monitor
	// retried every MinHeartbeatFrequency instead of every 10 s.
	if n := countType[topology.ServerHeartbeatFailedEvent](rec.snapshot()); n < 2 {
		t.Errorf("%d failed checks during the wait, want immediate checks requested", n)
	}
}

func TestRuntimeSelectionContext(t *testing.T) {
	topo := startTopology(t, nil, nil, closedAddr(t))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := topo.SelectServer(ctx, topology.Criteria{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's deadline", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err = topo.SelectServer(ctx, topology.Criteria{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestRuntimeSelectionErrorsAtOnce(t *testing.T) {
	srv := newServer(t)
	topo := startTopology(t, nil, func(c *topology.RuntimeConfig) { c.SetName = "rs0" }, srv.Addr())
	selectWrite(t, topo, 5*time.Second)
	bad := topology.Criteria{ReadPref: topology.ReadPref{Mode: topology.Primary, MaxStaleness: 100 * time.Second}}
	if _, err := topo.SelectServer(context.Background(), bad); !errors.Is(err, topology.ErrInvalidReadPref) {
		t.Fatalf("got %v, want ErrInvalidReadPref", err)
	}
}

func TestRuntimeNotConnectedAndClosed(t *testing.T) {
	topo, err := topology.New(topology.RuntimeConfig{Config: topology.Config{Seeds: []string{closedAddr(t)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := topo.SelectServer(context.Background(), topology.Criteria{}); !errors.Is(err, topology.ErrNotConnected) {
		t.Errorf("before Connect: %v", err)
	}
	if err := topo.Connect(); err != nil {
		t.Fatal(err)
	}
	waiting := make(chan error)
	go func() {
		_, err := topo.SelectServer(context.Background(), topology.Criteria{Write: true})
		waiting <- err
	}()
	time.Sleep(50 * time.Millisecond)
	if err := topo.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-waiting; !errors.Is(err, topology.ErrTopologyClosed) {
		t.Errorf("waiting selection ended with %v, want ErrTopologyClosed", err)
	}
	if err := topo.Connect(); !errors.Is(err, topology.ErrTopologyClosed) {
		t.Errorf("Connect after Close: %v", err)
	}
	if err := topo.Close(context.Background()); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestRuntimeSelectionWakesOnChange starts selecting before the server
// exists: the selection must return as soon as the description changes,
// woken by the change, not by a timer.
func TestRuntimeSelectionWakesOnChange(t *testing.T) {
	addr := closedAddr(t)
	rec := newRecorder()
	topo := startTopology(t, rec, nil, addr)
	type result struct {
		s  *topology.Server
		at time.Time
	}
	done := make(chan result, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s, err := topo.SelectServer(ctx, topology.Criteria{Write: true})
		if err != nil {
			t.Error(err)
		}
		done <- result{s, time.Now()}
	}()
	time.Sleep(300 * time.Millisecond)
	srv := newServer(t, mongotest.WithStandalone(), mongotest.WithListenAddr(addr))
	_ = srv
	var known time.Time
	rec.waitFor(t, 10*time.Second, "the server to be discovered", func(events []any) bool {
		for _, e := range events {
			if c, ok := e.(topology.ServerDescriptionChangedEvent); ok && c.New.Type != description.Unknown {
				known = time.Now()
				return true
			}
		}
		return false
	})
	r := <-done
	if r.s == nil {
		return
	}
	r.s.DecInFlight()
	if lag := r.at.Sub(known); lag > 200*time.Millisecond {
		t.Errorf("selection returned %v after the server became known", lag)
	}
}

func TestRuntimeCloseLeavesNothing(t *testing.T) {
	srv := newServer(t)
	before := goleak.IgnoreCurrent()
	topo, err := topology.New(topology.RuntimeConfig{
		Config:         topology.Config{Seeds: []string{srv.Addr()}, HeartbeatFrequency: 500 * time.Millisecond},
		MonitoringMode: topology.MonitorStream,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := topo.Connect(); err != nil {
		t.Fatal(err)
	}
	s := selectWrite(t, topo, 5*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := s.Pool().Checkout(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Pool().Checkin(c); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond) // let the RTT monitor start
	start := time.Now()
	if err := topo.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v: a streaming check was not interrupted", d)
	}
	// The server's side of the streaming hello notices the closed socket
	// only when it next replies; its goroutines are not ours.
	goleak.VerifyNone(t, before, goleak.IgnoreAnyFunction("github.com/cwal-go/cwal/mongotest.(*conn).serve"))
	waitConns(t, srv, 0)
}

// closedAddr returns a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// waitConns waits until the server has n client connections.
func waitConns(t *testing.T, srv *mongotest.Server, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for srv.NumConnections() != n {
		if time.Now().After(deadline) {
			t.Fatalf("server has %d connections, want %d", srv.NumConnections(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func countType[T any](events []any) int {
	n := 0
	for _, e := range events {
		if isType[T](e) {
			n++
		}
	}
	return n
}
