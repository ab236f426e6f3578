package topology

import (
	"maps"

	"github.com/cwal-go/cwal/description"
)

// perform carries out an Outcome in the order its documentation requires:
// events, then actions, then the new Description for selections. The
// caller holds mu.
//
// A pool clear is the exception: the Description marking its server
// Unknown is published before the clear (SDAM: "mark the server Unknown
// before clearing the pool"), or an operation failed by the clear could
// retry at once on the stale snapshot, select the same server and meet
// its paused pool again.
func (t *Topology) perform(out Outcome) {
	for _, e := range out.Events {
		t.emit(e)
	}
	published := false
	for _, a := range out.Actions {
		if a.Kind == ClearPool && out.Changed && !published {
			t.publish()
			published = true
		}
		t.act(a)
	}
	if out.Changed && !published {
		t.publish()
	}
}

// act performs one action of the state machine; the caller holds mu.
func (t *Topology) act(a Action) {
	if a.Kind == StartServer {
		t.startServer(a.Addr)
		return
	}
	s := t.servers[a.Addr]
	if s == nil {
		return
	}
	switch a.Kind {
	case StopServer:
		t.stopServer(s)
	case ReadyPool:
		s.pool.Ready()
	case ClearPool:
		cur, _ := t.fsm.Description().Server(a.Addr)
		s.pool.Clear(a.Interrupt, a.ServiceID, cur.Error)
	case RequestCheck:
		s.RequestCheck()
	case CancelCheck:
		if s.mon != nil {
			s.mon.cancelCheck()
		}
	}
}

// startServer makes the Server for an address that joined the topology:
// its pool (paused) and, except in load-balanced mode, its monitor.
func (t *Topology) startServer(addr string) {
	if t.servers[addr] != nil {
		return
	}
	s := &Server{addr: addr, t: t}
	s.pool = t.cfg.newPool(addr, func(err error, gen uint64) { t.backgroundError(s, err, gen) })
	if !t.cfg.LoadBalanced {
		s.mon = newMonitor(t, s)
		t.wg.Add(1)
		go s.mon.run()
	}
	t.servers[addr] = s
	t.storeLookup()
}

// stopServer removes a Server that left the topology; its monitor and
// pool end on a goroutine that Close waits for.
func (t *Topology) stopServer(s *Server) {
	delete(t.servers, s.addr)
	t.storeLookup()
	s.stopped.Store(true)
	if s.mon != nil {
		s.mon.halt()
	}
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		s.stop(t.closeCtx)
	}()
}

// storeLookup publishes a copy of the server map for lock-free readers.
func (t *Topology) storeLookup() {
	m := maps.Clone(t.servers)
	t.lookup.Store(&m)
}

// report delivers a monitor's heartbeat event and, unless desc is nil,
// applies the check's outcome, in one critical section so that the
// ServerDescriptionChangedEvent follows its heartbeat. It returns false
// when s is no longer part of the topology: the monitor must end.
func (t *Topology) report(s *Server, e Event, desc *description.Server) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.isCurrent(s) {
		return false
	}
	t.emit(e)
	if desc != nil {
		t.perform(t.fsm.Apply(*desc))
	}
	return true
}
