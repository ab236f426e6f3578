package topology_test

import (
	"context"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/topology"
)

// TestHeartbeatEventOrder checks, in both monitoring modes, that every
// check publishes started then exactly one of succeeded or failed, that
// description changes follow a heartbeat result, and that only streamed
// checks are "awaited".
func TestHeartbeatEventOrder(t *testing.T) {
	for _, mode := range []topology.MonitoringMode{topology.MonitorStream, topology.MonitorPoll} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			rec := newRecorder()
			startTopology(t, rec, func(c *topology.RuntimeConfig) {
				c.HeartbeatFrequency = 500 * time.Millisecond
				c.MonitoringMode = mode
			}, srv.Addr())
			time.Sleep(1600 * time.Millisecond)
			events := rec.snapshot()
			checkHeartbeatOrder(t, events)
			awaited := 0
			for _, e := range events {
				if s, ok := e.(topology.ServerHeartbeatSucceededEvent); ok && s.Awaited {
					awaited++
				}
			}
			switch {
			case mode == topology.MonitorStream && awaited < 2:
				t.Errorf("%d awaited heartbeats in 1.6 s of streaming at 500 ms, want at least 2\n%s", awaited, describeEvents(events))
			case mode == topology.MonitorPoll && awaited > 0:
				t.Errorf("%d awaited heartbeats in poll mode", awaited)
			}
		})
	}
}

func checkHeartbeatOrder(t *testing.T, events []any) {
	t.Helper()
	open := false // a started event awaits its result
	sawResult := false
	for i, e := range events {
		switch e.(type) {
		case topology.ServerHeartbeatStartedEvent:
			if open {
				t.Fatalf("event %d: heartbeat started twice without a result\n%s", i, describeEvents(events))
			}
			open = true
		case topology.ServerHeartbeatSucceededEvent, topology.ServerHeartbeatFailedEvent:
			if !open {
				t.Fatalf("event %d: heartbeat result without a start\n%s", i, describeEvents(events))
			}
			open, sawResult = false, true
		case topology.ServerDescriptionChangedEvent:
			if !sawResult {
				t.Fatalf("event %d: description changed before any heartbeat result", i)
			}
		}
	}
	if !sawResult {
		t.Fatal("no heartbeat completed")
	}
}

// TestStreamingUsesOneMoreConnection: streaming needs a second socket for
// the RTT monitor; polling must not open one.
func TestStreamingUsesOneMoreConnection(t *testing.T) {
	cases := []struct {
		mode  topology.MonitoringMode
		conns int
	}{{topology.MonitorStream, 2}, {topology.MonitorPoll, 1}}
	for _, tc := range cases {
		t.Run(tc.mode.String(), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			topo := startTopology(t, nil, func(c *topology.RuntimeConfig) {
				c.HeartbeatFrequency = 500 * time.Millisecond
				c.MonitoringMode = tc.mode
			}, srv.Addr())
			selectWrite(t, topo, 5*time.Second)
			time.Sleep(800 * time.Millisecond)
			if n := srv.NumConnections(); n != tc.conns {
				t.Errorf("%d connections to the server, want %d", n, tc.conns)
			}
		})
	}
}

// TestHeartbeatStartedBeforeSocket is the SDAM heartbeat prose test: the
// started event precedes the connection, and the failure follows the
// server closing it.
func TestHeartbeatStartedBeforeSocket(t *testing.T) {
	var (
		mu  sync.Mutex
		log []string
	)
	push := func(s string) {
		mu.Lock()
		log = append(log, s)
		mu.Unlock()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer ln.Close()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			push("client connected")
			buf := make([]byte, 1)
			if _, err := c.Read(buf); err == nil {
				push("client hello received")
			}
			c.Close()
		}
	}()
	topo := startTopology(t, nil, func(c *topology.RuntimeConfig) {
		c.ServerSelectionTimeout = 500 * time.Millisecond
		c.Events = func(e topology.Event) {
			switch e.(type) {
			case topology.ServerHeartbeatStartedEvent:
				push("serverHeartbeatStartedEvent")
			case topology.ServerHeartbeatFailedEvent:
				push("serverHeartbeatFailedEvent")
			}
		}
	}, ln.Addr().String())
	if _, err := topo.SelectServer(context.Background(), topology.Criteria{Write: true}); err == nil {
		t.Fatal("selected a server that closes every connection")
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"serverHeartbeatStartedEvent", "client connected", "client hello received", "serverHeartbeatFailedEvent"}
	if len(log) < 4 || !slices.Equal(log[:4], want) {
		t.Errorf("events %q, want first %q", log, want)
	}
}

// TestRTTContinuouslyUpdated is the SDAM RTT prose test: the RTT monitor
// keeps measuring while hello is blocked on the server.
func TestRTTContinuouslyUpdated(t *testing.T) {
	srv := newServer(t)
	rec := newRecorder()
	topo := startTopology(t, rec, func(c *topology.RuntimeConfig) {
		c.HeartbeatFrequency = 500 * time.Millisecond
		c.MonitoringMode = topology.MonitorStream
		c.Conn.AppName = "streamingRttTest"
	}, srv.Addr())
	s := selectWrite(t, topo, 5*time.Second)
	time.Sleep(2 * time.Second)
	for _, e := range rec.snapshot() {
		if c, ok := e.(topology.ServerDescriptionChangedEvent); ok && c.New.RTT <= 0 {
			t.Errorf("description change with RTT %v", c.New.RTT)
		}
	}
	failHello(t, srv.Addr(), 1000, func(b []byte) []byte {
		b = bson.AppendBooleanElement(b, "blockConnection", true)
		b = bson.AppendInt32Element(b, "blockTimeMS", 500)
		return bson.AppendStringElement(b, "appName", "streamingRttTest")
	})
	defer failPointOff(t, srv.Addr())
	deadline := time.Now().Add(10 * time.Second)
	for {
		if avg, _ := s.RTT(); avg > 250*time.Millisecond {
			break
		}
		if time.Now().After(deadline) {
			avg, _ := s.RTT()
			t.Fatalf("RTT still %v after 10 s of blocked hellos", avg)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestPoolReadyAndClearedAroundFailingHello is the SDAM "Connection Pool
// Management" prose test.
func TestPoolReadyAndClearedAroundFailingHello(t *testing.T) {
	srv := newServer(t)
	rec := newRecorder()
	startTopology(t, rec, func(c *topology.RuntimeConfig) {
		c.Direct = true
		c.HeartbeatFrequency = 500 * time.Millisecond
		c.Conn.AppName = "SDAMPoolManagementTest"
	}, srv.Addr())
	rec.waitFor(t, 5*time.Second, "PoolReady after the first successful heartbeat", func(ev []any) bool {
		ok := indexOf(ev, 0, isType[topology.ServerHeartbeatSucceededEvent])
		return ok >= 0 && indexOf(ev, ok, isPoolReady) > ok
	})
	from := len(rec.snapshot())
	failHello(t, srv.Addr(), 2, func(b []byte) []byte {
		b = bson.AppendInt32Element(b, "errorCode", 1234)
		return bson.AppendStringElement(b, "appName", "SDAMPoolManagementTest")
	})
	defer failPointOff(t, srv.Addr())
	rec.waitFor(t, 10*time.Second, "failed heartbeat, pool cleared, then heartbeat succeeded and pool ready", func(ev []any) bool {
		failed := indexOf(ev, from, isType[topology.ServerHeartbeatFailedEvent])
		cleared := indexOf(ev, failed, isPoolCleared)
		ok := indexOf(ev, cleared, isType[topology.ServerHeartbeatSucceededEvent])
		ready := indexOf(ev, ok, isPoolReady)
		return failed >= 0 && cleared > failed && ok > cleared && ready > ok
	})
}

// TestMinHeartbeatFrequency is the SDAM prose test "Monitors sleep at
// least minHeartbeatFrequencyMS between checks": five failing hellos
// delay the discovery by 2 to 3.5 s. The fail point is filtered by the
// test's appName, as the prose test says: each of the monitor's
// reconnections fails its handshake hello.
func TestMinHeartbeatFrequency(t *testing.T) {
	srv := newServer(t)
	failHello(t, srv.Addr(), 5, func(b []byte) []byte {
		b = bson.AppendInt32Element(b, "errorCode", 1234)
		return bson.AppendStringElement(b, "appName", "SDAMMinHeartbeatFrequencyTest")
	})
	defer failPointOff(t, srv.Addr())
	topo := startTopology(t, nil, func(c *topology.RuntimeConfig) {
		c.Direct = true
		c.ServerSelectionTimeout = 5 * time.Second
		c.Conn.AppName = "SDAMMinHeartbeatFrequencyTest"
	}, srv.Addr())
	start := time.Now()
	s := selectWrite(t, topo, 10*time.Second)
	ping(t, s)
	if d := time.Since(start); d < 2*time.Second || d > 3500*time.Millisecond {
		t.Errorf("the ping took %v, want 2 s to 3.5 s", d)
	}
}

// ping runs ping on a pooled connection of s.
func ping(t *testing.T, s *topology.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := s.Pool().Checkout(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := s.Pool().Checkin(c); err != nil {
			t.Error(err)
		}
	}()
	cmd, start := bson.AppendDocumentStart(nil)
	cmd = bson.AppendInt32Element(cmd, "ping", 1)
	if _, err := c.RunCommand(ctx, "admin", bson.AppendDocumentEnd(cmd, start)); err != nil {
		t.Fatal(err)
	}
}

func isPoolReady(e any) bool { return isType[poolReady](e) }

func isPoolCleared(e any) bool { return isType[poolCleared](e) }
