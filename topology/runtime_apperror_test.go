package topology_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

func TestClassifyError(t *testing.T) {
	netErr := &pool.NetError{Op: "read", Addr: "a:27017", Err: io.EOF}
	timeout := &pool.NetError{Op: "read", Addr: "a:27017", Err: context.DeadlineExceeded}
	notPrimary := &pool.CommandError{Code: 10107, Message: "not primary", Reply: replyDoc(10107, "not primary")}
	cases := []struct {
		name      string
		err       error
		ok        bool
		kind      topology.AppErrorKind
		handshake bool
		code      int32
		labels    []string
	}{
		{"nil", nil, false, 0, false, 0, nil},
		{"cancelled", &pool.NetError{Op: "read", Err: context.Canceled}, false, 0, false, 0, nil},
		{"pool cleared", &pool.PoolClearedError{Address: "a", Cause: netErr}, false, 0, false, 0, nil},
		{"other", errors.New("decoding failed"), false, 0, false, 0, nil},
		{"network", netErr, true, topology.NetworkFailure, true, 0, nil},
		{"timeout", timeout, true, topology.NetworkTimeout, true, 0, nil},
		{"closed conn", pool.ErrConnClosed, true, topology.NetworkFailure, true, 0, nil},
		{"command", notPrimary, true, topology.CommandFailure, true, 10107, nil},
		{"handshake network", &pool.EstablishError{Stage: pool.StageHello, Addr: "a", Err: netErr}, true, topology.NetworkFailure, false, 0, nil},
		{"handshake command", &pool.EstablishError{Stage: pool.StageHello, Addr: "a", Err: notPrimary}, true, topology.CommandFailure, false, 10107, nil},
		{"auth", &pool.EstablishError{Stage: pool.StageAuth, Addr: "a", Err: errors.New("bad password")}, true, topology.NetworkFailure, false, 0, nil},
		{"overloaded", &pool.ConnectionError{Address: "a", Labels: []string{pool.LabelSystemOverloaded},
			Err: &pool.EstablishError{Stage: pool.StageDial, Addr: "a", Err: netErr}}, true, topology.NetworkFailure, false, 0, []string{topology.SystemOverloadedError}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ae, ok := topology.ClassifyError(tc.err)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if ae.Kind != tc.kind || ae.HandshakeDone != tc.handshake || ae.Code != tc.code || ae.Err != tc.err {
				t.Errorf("got kind %v handshake %v code %d err %v", ae.Kind, ae.HandshakeDone, ae.Code, ae.Err)
			}
			if strings.Join(ae.Labels, ",") != strings.Join(tc.labels, ",") {
				t.Errorf("labels %q, want %q", ae.Labels, tc.labels)
			}
		})
	}
}

func replyDoc(code int32, msg string) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendDoubleElement(b, "ok", 0)
	b = bson.AppendInt32Element(b, "code", code)
	b = bson.AppendStringElement(b, "errmsg", msg)
	return bson.AppendDocumentEnd(b, start)
}

// TestNetworkErrorCancelsCheck: an application's network error marks the
// server Unknown, clears its pool and cancels the monitor's streaming
// check; the monitor does not reconnect at once. An error from the
// cleared generation is then stale and changes nothing.
func TestNetworkErrorCancelsCheck(t *testing.T) {
	srv := newServer(t)
	rec := newRecorder()
	topo := startTopology(t, rec, func(c *topology.RuntimeConfig) { c.MonitoringMode = topology.MonitorStream }, srv.Addr())
	s := selectWrite(t, topo, 5*time.Second)
	time.Sleep(100 * time.Millisecond) // the streaming hello is under way
	gen := s.PoolGeneration(nil)
	from := len(rec.snapshot())
	failedAt := time.Now()
	netErr := &pool.NetError{Op: "read", Addr: s.Addr(), Err: io.ErrUnexpectedEOF}
	topo.HandleError(context.Background(), s, netErr, gen)
	if d := s.Description(); d.Type != description.Unknown || !errors.Is(d.Error, io.ErrUnexpectedEOF) {
		t.Fatalf("after the error the server is %v (%v)", d.Type, d.Error)
	}
	if s.PoolGeneration(nil) != gen+1 {
		t.Fatalf("pool generation %d, want %d", s.PoolGeneration(nil), gen+1)
	}
	rec.waitFor(t, 2*time.Second, "the cancelled check", func(ev []any) bool {
		return indexOf(ev, from, isType[topology.ServerHeartbeatFailedEvent]) >= 0
	})
	topo.HandleError(context.Background(), s, netErr, gen) // stale now
	if s.PoolGeneration(nil) != gen+1 {
		t.Error("a stale error cleared the pool again")
	}
	s2 := selectWrite(t, topo, 5*time.Second)
	if d := time.Since(failedAt); d < topology.MinHeartbeatFrequency {
		t.Errorf("server checked again %v after the error, want at least %v", d, topology.MinHeartbeatFrequency)
	}
	if s2 != s {
		t.Error("the server was replaced")
	}
	if n := countType[poolCleared](rec.snapshot()[from:]); n != 1 {
		t.Errorf("%d pool clears, want 1", n)
	}
}

// TestStateChangeErrorRequestsCheck: "not writable primary" marks the
// server Unknown and asks for an immediate check without clearing the
// pool; "shutting down" clears it too.
func TestStateChangeErrorRequestsCheck(t *testing.T) {
	cases := []struct {
		code  int32
		clear bool
	}{{10107, false}, {91, true}}
	for _, tc := range cases {
		srv := newServer(t)
		rec := newRecorder()
		topo := startTopology(t, rec, func(c *topology.RuntimeConfig) {
			c.MonitoringMode = topology.MonitorPoll
			c.SetName = "rs0"
		}, srv.Addr())
		s := selectWrite(t, topo, 5*time.Second)
		from := len(rec.snapshot())
		start := time.Now()
		err := &pool.CommandError{Code: tc.code, Message: "state change", Reply: replyDoc(tc.code, "state change")}
		topo.HandleError(context.Background(), s, err, s.PoolGeneration(nil))
		if d := s.Description(); d.Type != description.Unknown {
			t.Fatalf("code %d: server still %v", tc.code, d.Type)
		}
		if topo.Description().Kind != topology.ReplicaSetNoPrimary {
			t.Errorf("code %d: topology %v", tc.code, topo.Description().Kind)
		}
		selectWrite(t, topo, 5*time.Second)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("code %d: rediscovered after %v, want an immediate check", tc.code, d)
		}
		if got := countType[poolCleared](rec.snapshot()[from:]) > 0; got != tc.clear {
			t.Errorf("code %d: pool cleared %v, want %v", tc.code, got, tc.clear)
		}
	}
}

// TestCheckTimeoutInterruptsPool: a monitor check that times out clears
// the pool with interruptInUseConnections.
func TestCheckTimeoutInterruptsPool(t *testing.T) {
	srv := newServer(t)
	rec := newRecorder()
	topo := startTopology(t, rec, func(c *topology.RuntimeConfig) {
		c.MonitoringMode = topology.MonitorPoll
		c.HeartbeatFrequency = 500 * time.Millisecond
		c.Conn.ConnectTimeout = 300 * time.Millisecond
		c.Conn.AppName = "timeoutTest"
	}, srv.Addr())
	selectWrite(t, topo, 5*time.Second)
	failHello(t, srv.Addr(), 1, func(b []byte) []byte {
		b = bson.AppendBooleanElement(b, "blockConnection", true)
		b = bson.AppendInt32Element(b, "blockTimeMS", 1000)
		return bson.AppendStringElement(b, "appName", "timeoutTest")
	})
	defer failPointOff(t, srv.Addr())
	rec.waitFor(t, 5*time.Second, "an interrupting pool clear", func(ev []any) bool {
		for _, e := range ev {
			if c, ok := e.(poolCleared); ok && c.InterruptInUseConnections {
				return true
			}
		}
		return false
	})
}

// TestPoolBackgroundErrorMarksUnknown: an establishment failure nobody
// waited for (minPoolSize population) reaches SDAM through the pool's
// BackgroundError and marks the server Unknown.
func TestPoolBackgroundErrorMarksUnknown(t *testing.T) {
	srv := newServer(t)
	rec := newRecorder()
	authErr := errors.New("authentication failed")
	topo := startTopology(t, rec, func(c *topology.RuntimeConfig) {
		c.MonitoringMode = topology.MonitorPoll
		c.Pool.MinPoolSize = 1
		c.Pool.MaintainInterval = 20 * time.Millisecond
		c.Pool.Dial = func(ctx context.Context, addr string, cfg pool.ConnConfig) (*pool.Conn, error) {
			return nil, &pool.EstablishError{Stage: pool.StageAuth, Addr: addr, Err: authErr}
		}
	}, srv.Addr())
	_ = topo
	rec.waitFor(t, 5*time.Second, "the server marked Unknown by the pool's error", func(ev []any) bool {
		for _, e := range ev {
			if c, ok := e.(topology.ServerDescriptionChangedEvent); ok && c.New.Type == description.Unknown && errors.Is(c.New.Error, authErr) {
				return true
			}
		}
		return false
	})
}
