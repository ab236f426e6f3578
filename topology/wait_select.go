package topology

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/cwal-go/cwal/description"
)

// SelectServer returns a server suitable for c, by the server selection
// specification's multi-threaded algorithm: select in the current
// Description (Select), choose between two servers of the latency window
// by in-flight operations (PickLeastBusy), and count the operation on the
// chosen one: the caller must call DecInFlight on it when the operation
// ends. When no server is suitable it asks every monitor for an immediate
// check and waits for the next Description (a wake-up on change, not a
// polling loop), until serverSelectionTimeoutMS or ctx ends.
//
// A wait that ends fails with a *ServerSelectionError describing the
// topology (unwrapping to ErrServerSelectionTimeout, ctx.Err() or
// ErrTopologyClosed). An incompatible server or an invalid read preference
// fails at once with Select's error. Before Connect it returns
// ErrNotConnected.
//
// With RuntimeConfig.SelectionLogger set, each call reports its progress
// there.
func (t *Topology) SelectServer(ctx context.Context, c Criteria) (*Server, error) {
	if lg := t.cfg.SelectionLogger; lg != nil {
		return t.selectLogged(ctx, c, lg)
	}
	return t.selectServer(ctx, c, nil)
}

// selectServer is SelectServer; onWait, when not nil, is called once,
// when the selection first finds no suitable server, with the Description
// it looked at and the time it may wait.
func (t *Topology) selectServer(ctx context.Context, c Criteria, onWait func(Description, time.Duration)) (*Server, error) {
	var (
		start   time.Time
		timeout <-chan time.Time
	)
	bp := selectBufs.Get().(*[]description.Server)
	defer putSelectBuf(bp)
	for {
		st := t.state.Load()
		switch st.phase {
		case phaseCreated:
			return nil, ErrNotConnected
		case phaseClosed:
			return nil, t.selectionError(c, st, start, ErrTopologyClosed)
		}
		servers, err := AppendSelected((*bp)[:0], st.desc, c)
		*bp = servers
		if err != nil {
			return nil, err
		}
		if s := t.pick(servers); s != nil {
			return s, nil
		}
		if start.IsZero() {
			start = time.Now()
			d := t.cfg.selectionTimeout()
			if d > 0 {
				timer := time.NewTimer(d)
				defer timer.Stop()
				timeout = timer.C
			}
			if onWait != nil {
				onWait(st.desc, remainingTime(ctx, d))
			}
		}
		t.requestChecks()
		select {
		case <-st.changed:
		case <-timeout:
			return nil, t.selectionError(c, st, start, ErrServerSelectionTimeout)
		case <-ctx.Done():
			return nil, t.selectionError(c, st, start, ctx.Err())
		}
	}
}

// selectBufs recycles selection buffers: a description.Server is large,
// and a buffer handed to Criteria.Filter escapes.
var selectBufs = sync.Pool{New: func() any { b := make([]description.Server, 0, 4); return &b }}

// putSelectBuf recycles a buffer, dropping its references to replies.
func putSelectBuf(bp *[]description.Server) {
	clear(*bp)
	*bp = (*bp)[:0]
	selectBufs.Put(bp)
}

// pick makes the final choice among the selected servers and counts the
// operation on it. nil means a selected server has no running Server yet
// (the Description being replaced): the caller waits for the next one.
func (t *Topology) pick(servers []description.Server) *Server {
	if len(servers) == 0 {
		return nil
	}
	running := *t.lookup.Load()
	chosen, _ := PickLeastBusy(servers, func(addr string) int64 {
		if s := running[addr]; s != nil {
			return s.InFlight()
		}
		return math.MaxInt64
	}, nil)
	s := running[chosen.Addr]
	if s == nil {
		return nil
	}
	s.IncInFlight()
	return s
}

// requestChecks asks every monitor for an immediate check.
func (t *Topology) requestChecks() {
	for _, s := range *t.lookup.Load() {
		s.RequestCheck()
	}
}

// selectionError describes a selection that gave up.
func (t *Topology) selectionError(c Criteria, st *snapshot, start time.Time, cause error) error {
	var waited time.Duration
	if !start.IsZero() {
		waited = time.Since(start)
	}
	return &ServerSelectionError{Criteria: describeCriteria(c), Waited: waited, Topology: st.desc, Err: cause}
}
