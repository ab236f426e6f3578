package pool

// Stats is a snapshot of a pool, taken under its lock: the counts are
// consistent with each other. It tells why a pool is exhausted (who holds
// the connections, how many wait) and whether it churns (created and
// closed totals).
type Stats struct {
	Address string
	// State is "paused", "ready" or "closed".
	State string
	// Generation is the number of clears.
	Generation uint64

	// Total is every connection of the pool: Pending + Idle + InUse +
	// Draining; it never exceeds MaxPoolSize.
	Total int
	// Pending are being established (at most MaxConnecting).
	Pending int
	// Idle are available for checkout.
	Idle int
	// InUse are checked out; InUseBy splits them by Owner.
	InUse   int
	InUseBy [NumOwners]int
	// Draining are reading the rest of a reply whose reader gave up.
	Draining int
	// Waiters are checkouts waiting in the queue.
	Waiters int

	// Created and Closed count connections since New, pending ones
	// included; Cleared counts clears.
	Created, Closed, Cleared uint64
	// CheckedOut and CheckOutFailed count checkouts since New.
	CheckedOut, CheckOutFailed uint64
	// Drained and DrainFailed count connections returned to the pool by a
	// drain, and closed because their drain failed.
	Drained, DrainFailed uint64
	// LeaksReported counts LeakConfig reports.
	LeaksReported uint64
	// Abandoned counts what was tied to this pool's server and dropped
	// without being closed (a driver cursor found by the garbage
	// collector), as told by NoteAbandoned.
	Abandoned uint64

	// Wait is the distribution of the wait of successful checkouts.
	Wait WaitHistogram
}

// Stats returns a snapshot of the pool's counts. It allocates nothing.
func (p *Pool) Stats() Stats {
	var s Stats
	for i := range s.Wait.Counts {
		s.Wait.Counts[i] = p.waits[i].Load()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s.Address = p.addr
	s.State = p.state.String()
	s.Generation = p.gen
	s.Pending = len(p.dialing)
	s.Idle = len(p.idle)
	s.InUseBy = p.inUse
	for _, n := range p.inUse {
		s.InUse += n
	}
	s.Draining = p.draining
	s.Total = p.totalLocked()
	s.Waiters = p.queue.n
	c := p.counts
	s.Created, s.Closed, s.Cleared = c.created, c.closed, c.cleared
	s.CheckedOut, s.CheckOutFailed = c.checkedOut, c.checkOutFails
	s.Drained, s.DrainFailed, s.LeaksReported = c.drained, c.drainFailed, c.leaks
	s.Abandoned = c.abandoned
	return s
}

// NoteAbandoned counts, in Stats.Abandoned, one resource of a higher layer
// that depended on this pool's server and was dropped without being
// closed. The client calls it when a runtime cleanup finds a cursor that
// was never closed (it then kills the server cursor itself), so that pool
// diagnostics show leaks of cursors as well as of connections.
func (p *Pool) NoteAbandoned() {
	p.mu.Lock()
	p.counts.abandoned++
	p.mu.Unlock()
}
