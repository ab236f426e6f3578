package topology_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/connstring"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

// sdamDirs are the SDAM specification test directories this package runs;
// "unified" belongs to the unified test runner.
var sdamDirs = []string{"rs", "single", "sharded", "load-balanced", "errors", "monitoring"}

// sdamSkips lists SDAM cases ("dir/file.json#phase") not run, with the
// reason. It is empty: every phase of every file runs.
var sdamSkips = map[string]string{}

type sdamFile struct {
	Description string      `json:"description"`
	URI         string      `json:"uri"`
	Phases      []sdamPhase `json:"phases"`
}

type sdamPhase struct {
	Description       string              `json:"description"`
	Responses         [][]json.RawMessage `json:"responses"`
	ApplicationErrors []sdamAppError      `json:"applicationErrors"`
	Outcome           sdamOutcome         `json:"outcome"`
}

type sdamAppError struct {
	Address    string          `json:"address"`
	Generation *uint64         `json:"generation"`
	When       string          `json:"when"`
	Type       string          `json:"type"`
	Response   json.RawMessage `json:"response"`
}

func TestSDAMSpec(t *testing.T) {
	root := spectest.Dir(t, "server-discovery-and-monitoring")
	for _, dir := range sdamDirs {
		for _, path := range spectest.Files(t, filepath.Join(root, dir), "*.json") {
			name := dir + "/" + filepath.Base(path)
			t.Run(name, func(t *testing.T) {
				var f sdamFile
				spectest.ReadJSON(t, path, &f)
				runSDAMFile(t, name, f)
			})
		}
	}
}

// runSDAMFile runs the phases in order on one FSM; each phase is a case.
func runSDAMFile(t *testing.T, name string, f sdamFile) {
	r := newSDAMRunner(t, f.URI)
	var c spectest.Counts
	for i, p := range f.Phases {
		caseName := name + "#" + itoa(i)
		c.Run(t, caseName, sdamSkips, func(t *testing.T) {
			t.Log(f.Description, "/", p.Description)
			r.phase(t, p)
		})
	}
	c.Report(t, "sdam", name)
}

// sdamRunner plays a runtime for the FSM: it keeps each pool's generation
// and collects the events.
type sdamRunner struct {
	fsm    *topology.FSM
	gen    map[string]uint64
	events []topology.Event
}

func newSDAMRunner(t *testing.T, uri string) *sdamRunner {
	t.Helper()
	cs, err := connstring.Parse(uri)
	if err != nil {
		t.Fatalf("uri %q: %v", uri, err)
	}
	cfg := topology.Config{SetName: cs.ReplicaSet, Direct: cs.DirectConnection.Or(false), LoadBalanced: cs.LoadBalanced.Or(false)}
	for _, h := range cs.Hosts {
		cfg.Seeds = append(cfg.Seeds, h.String())
	}
	fsm, out, err := topology.NewFSM(cfg)
	if err != nil {
		t.Fatalf("NewFSM(%+v): %v", cfg, err)
	}
	r := &sdamRunner{fsm: fsm, gen: map[string]uint64{}}
	r.perform(out)
	return r
}

// perform records the events and plays the pool actions.
func (r *sdamRunner) perform(out topology.Outcome) {
	r.events = append(r.events, out.Events...)
	for _, a := range out.Actions {
		switch a.Kind {
		case topology.StartServer:
			r.gen[a.Addr] = 0
		case topology.StopServer:
			delete(r.gen, a.Addr)
		case topology.ClearPool:
			if a.ServiceID == nil {
				r.gen[a.Addr]++
			}
		}
	}
}

func (r *sdamRunner) phase(t *testing.T, p sdamPhase) {
	for _, resp := range p.Responses {
		r.perform(r.fsm.Apply(r.check(t, resp)))
	}
	for _, e := range p.ApplicationErrors {
		if ae, ok := r.appError(t, e); ok {
			r.perform(r.fsm.HandleError(ae))
		}
	}
	if p.Outcome.Events != nil {
		checkEvents(t, p.Outcome.Events, r.events)
		r.events = nil
		return
	}
	checkOutcome(t, p.Outcome, r.fsm.Description(), r.gen)
}

var errCheckFailed = errors.New("network error during check (test response {})")

// check turns a test response [address, hello] into a check outcome; the
// empty hello {} is a network error.
func (r *sdamRunner) check(t *testing.T, resp []json.RawMessage) description.Server {
	t.Helper()
	if len(resp) != 2 {
		t.Fatalf("response %s: want [address, reply]", resp)
	}
	var addr string
	if err := json.Unmarshal(resp[0], &addr); err != nil {
		t.Fatalf("response address %s: %v", resp[0], err)
	}
	hello := extDoc(t, resp[1])
	if len(hello) <= 5 {
		return description.NewUnknownServer(addr, errCheckFailed)
	}
	return description.NewServer(addr, hello)
}

// appError builds the AppError the runtime would report. A network error
// or timeout before the handshake completes carries the
// SystemOverloadedError label, which the pool adds to every such error
// (CMAP backpressure). A command response that is not an error (ok: 1
// with writeErrors) reports nothing.
func (r *sdamRunner) appError(t *testing.T, e sdamAppError) (topology.AppError, bool) {
	t.Helper()
	addr := description.NormalizeAddr(e.Address)
	ae := topology.AppError{Addr: addr, PoolGeneration: r.gen[addr], Generation: r.gen[addr],
		HandshakeDone: e.When == "afterHandshakeCompletes"}
	if e.Generation != nil {
		ae.Generation = *e.Generation
	}
	switch e.Type {
	case "command":
		return ae, ae.SetReply(extDoc(t, e.Response))
	case "network":
		ae.Kind = topology.NetworkFailure
	case "timeout":
		ae.Kind = topology.NetworkTimeout
	default:
		t.Fatalf("unknown application error type %q", e.Type)
	}
	if !ae.HandshakeDone {
		ae.Labels = append(ae.Labels, topology.SystemOverloadedError)
	}
	return ae, true
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
