package topology_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

// selectionLog records a SelectionLogger's calls as lines such as
// "started insert#7 write".
type selectionLog struct {
	mu    sync.Mutex
	lines []string
	infos []topology.SelectionInfo
}

func (l *selectionLog) add(kind string, s topology.SelectionInfo, extra string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, strings.TrimSpace(fmt.Sprintf("%s %s#%d %s %s", kind, s.Operation, s.OperationID, s.Selector, extra)))
	l.infos = append(l.infos, s)
}

func (l *selectionLog) SelectionStarted(s topology.SelectionInfo) { l.add("started", s, "") }
func (l *selectionLog) SelectionWaiting(s topology.SelectionInfo, rem time.Duration) {
	l.add("waiting", s, fmt.Sprint(rem > 0 && rem <= time.Second))
}
func (l *selectionLog) SelectionSucceeded(s topology.SelectionInfo, addr string) {
	l.add("succeeded", s, fmt.Sprint(addr != ""))
}
func (l *selectionLog) SelectionFailed(s topology.SelectionInfo, err error) {
	l.add("failed", s, fmt.Sprint(err != nil))
}

func (l *selectionLog) snapshot() ([]string, []topology.SelectionInfo) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...), append([]topology.SelectionInfo(nil), l.infos...)
}

func TestSelectionLoggerSucceeded(t *testing.T) {
	srv := newServer(t)
	lg := &selectionLog{}
	topo := startTopology(t, nil, func(c *topology.RuntimeConfig) { c.SelectionLogger = lg }, srv.Addr())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := topo.SelectServer(ctx, topology.Criteria{Write: true, Operation: "insert", OperationID: 7})
	if err != nil {
		t.Fatal(err)
	}
	s.DecInFlight()
	lines, infos := lg.snapshot()
	// The first selection may wait for the first check, or not.
	want := []string{"started insert#7 write", "succeeded insert#7 write true"}
	if len(lines) == 3 {
		want = []string{want[0], "waiting insert#7 write false", want[1]}
	}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Fatalf("calls %q, want %q", lines, want)
	}
	if last := infos[len(infos)-1]; !strings.Contains(last.TopologyDescription, srv.Addr()) {
		t.Errorf("topologyDescription %q does not name the server", last.TopologyDescription)
	}
}

func TestSelectionLoggerWaitsThenFails(t *testing.T) {
	lg := &selectionLog{}
	topo := startTopology(t, nil, func(c *topology.RuntimeConfig) {
		c.SelectionLogger = lg
		c.ServerSelectionTimeout = 300 * time.Millisecond
	}, closedAddr(t))
	filter := func(s []description.Server) []description.Server { return s }
	_, err := topo.SelectServer(context.Background(), topology.Criteria{Operation: "find", OperationID: 3, Filter: filter})
	if err == nil {
		t.Fatal("selection of an unreachable server succeeded")
	}
	lines, _ := lg.snapshot()
	sel := "read with read preference primary with a custom selector"
	want := []string{"started find#3 " + sel, "waiting find#3 " + sel + " true", "failed find#3 " + sel + " true"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Fatalf("calls %q, want %q", lines, want)
	}
}

func TestSelectionLoggerUnsetCostsNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	srv := newServer(t)
	topo := startTopology(t, nil, nil, srv.Addr())
	selectWrite(t, topo, 5*time.Second).DecInFlight()
	c := topology.Criteria{Write: true, Operation: "insert"}
	allocs := testing.AllocsPerRun(100, func() {
		s, err := topo.SelectServer(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		s.DecInFlight()
	})
	if allocs != 0 {
		t.Errorf("SelectServer without a logger: %v allocations, want 0", allocs)
	}
}
