package topology_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// recorder keeps SDAM and CMAP events in the one order they were
// delivered, and lets a test wait for a condition on them.
type recorder struct {
	mu     sync.Mutex
	events []any
	notify chan struct{}
}

func newRecorder() *recorder { return &recorder{notify: make(chan struct{}, 1)} }

func (r *recorder) add(e any) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

// sdam is the RuntimeConfig.Events hook.
func (r *recorder) sdam(e topology.Event) { r.add(e) }

// poolEvents are the CMAP hooks worth recording.
func (r *recorder) poolEvents() *pool.Events {
	return &pool.Events{
		PoolReady:   func(e pool.PoolReadyEvent) { r.add(e) },
		PoolCleared: func(e pool.PoolClearedEvent) { r.add(e) },
		PoolClosed:  func(e pool.PoolClosedEvent) { r.add(e) },
	}
}

func (r *recorder) snapshot() []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]any(nil), r.events...)
}

// waitFor polls the events, on every new one, until cond holds or d
// passes.
func (r *recorder) waitFor(t *testing.T, d time.Duration, what string, cond func([]any) bool) {
	t.Helper()
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		if cond(r.snapshot()) {
			return
		}
		select {
		case <-r.notify:
		case <-deadline.C:
			t.Fatalf("timed out after %v waiting for %s; events:\n%s", d, what, describeEvents(r.snapshot()))
		}
	}
}

func describeEvents(events []any) string {
	s := ""
	for i, e := range events {
		s += fmt.Sprintf("%3d %s\n", i, eventName(e))
	}
	return s
}

// eventName is a short label, such as "HeartbeatSucceeded(awaited)".
func eventName(e any) string {
	switch e := e.(type) {
	case topology.ServerHeartbeatStartedEvent:
		return "HeartbeatStarted" + awaitedTag(e.Awaited)
	case topology.ServerHeartbeatSucceededEvent:
		return "HeartbeatSucceeded" + awaitedTag(e.Awaited)
	case topology.ServerHeartbeatFailedEvent:
		return "HeartbeatFailed" + awaitedTag(e.Awaited) + ": " + e.Err.Error()
	case topology.ServerDescriptionChangedEvent:
		return "ServerDescriptionChanged " + e.Previous.Type.String() + " -> " + e.New.Type.String()
	case topology.TopologyDescriptionChangedEvent:
		return "TopologyDescriptionChanged " + e.New.String()
	case pool.PoolReadyEvent:
		return "PoolReady"
	case pool.PoolClearedEvent:
		return fmt.Sprintf("PoolCleared(interrupt=%v)", e.InterruptInUseConnections)
	}
	return fmt.Sprintf("%T", e)
}

func awaitedTag(a bool) string {
	if a {
		return "(awaited)"
	}
	return ""
}

// indexOf returns the index of the first event at or after from that
// match accepts, or -1.
func indexOf(events []any, from int, match func(any) bool) int {
	for i := max(from, 0); i < len(events); i++ {
		if match(events[i]) {
			return i
		}
	}
	return -1
}

func isType[T any](e any) bool { _, ok := e.(T); return ok }

// startTopology connects a Topology to seeds with events recorded and
// closes it (checking that it closes cleanly) at the end of the test.
func startTopology(t *testing.T, rec *recorder, edit func(*topology.RuntimeConfig), seeds ...string) *topology.Topology {
	t.Helper()
	cfg := topology.RuntimeConfig{Config: topology.Config{Seeds: seeds}}
	if rec != nil {
		cfg.Events = rec.sdam
		cfg.Pool.Events = rec.poolEvents()
	}
	if edit != nil {
		edit(&cfg)
	}
	topo, err := topology.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := topo.Connect(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := topo.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return topo
}

// newServer starts a mongotest server closed at the end of the test.
func newServer(t *testing.T, opts ...mongotest.Option) *mongotest.Server {
	t.Helper()
	srv := mongotest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// adminCommand runs one command on a connection of its own.
func adminCommand(t *testing.T, addr string, cmd bson.Raw) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := pool.Dial(ctx, addr, pool.ConnConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.RunCommand(ctx, "admin", cmd); err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
}

// failCommand sets the failCommand fail point: times activations (0 for
// alwaysOn) on the hello commands, with data's extra fields.
func failHello(t *testing.T, addr string, times int32, data func([]byte) []byte) {
	t.Helper()
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendStringElement(b, "configureFailPoint", "failCommand")
	if times > 0 {
		var m int
		b, m = bson.AppendDocumentElementStart(b, "mode")
		b = bson.AppendInt32Element(b, "times", times)
		b = bson.AppendDocumentEnd(b, m)
	} else {
		b = bson.AppendStringElement(b, "mode", "alwaysOn")
	}
	b, d := bson.AppendDocumentElementStart(b, "data")
	b, a := bson.AppendArrayElementStart(b, "failCommands")
	b = bson.AppendArrayHeader(b, bson.TypeString, 0)
	b = bson.AppendString(b, "hello")
	b = bson.AppendDocumentEnd(b, a)
	b = data(b)
	b = bson.AppendDocumentEnd(b, d)
	adminCommand(t, addr, bson.AppendDocumentEnd(b, start))
}

// failPointOff turns failCommand off.
func failPointOff(t *testing.T, addr string) {
	t.Helper()
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendStringElement(b, "configureFailPoint", "failCommand")
	b = bson.AppendStringElement(b, "mode", "off")
	adminCommand(t, addr, bson.AppendDocumentEnd(b, start))
}

// selectWrite selects a server for a write within d.
func selectWrite(t *testing.T, topo *topology.Topology, d time.Duration) *topology.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	s, err := topo.SelectServer(ctx, topology.Criteria{Write: true})
	if err != nil {
		t.Fatal(err)
	}
	s.DecInFlight()
	return s
}

// Short names of the CMAP events the SDAM tests look for.
type (
	poolReady   = pool.PoolReadyEvent
	poolCleared = pool.PoolClearedEvent
)
