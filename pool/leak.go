package pool

import (
	"runtime"
	"strconv"
	"strings"
	"time"
)

// LeakConfig turns on the leak diagnostics: a connection checked out for
// longer than Threshold is reported once per checkout, with the stack of
// the goroutine that checked it out. The check runs with the background
// maintenance (every MaintainInterval), so a report comes at most one
// interval late. Recording a checkout's stack costs about a microsecond and
// no allocation.
type LeakConfig struct {
	// Threshold is how long a checkout may last before it is reported; 0
	// turns the diagnostics off.
	Threshold time.Duration
	// Report receives the reports, on the maintenance goroutine.
	Report func(LeakReport)
}

// LeakReport describes a connection held longer than LeakConfig.Threshold.
type LeakReport struct {
	Address      string
	ConnectionID int64
	Owner        Owner
	CheckedOut   time.Time
	Held         time.Duration
	// Stack lists the caller frames of the Checkout, innermost first, one
	// "function\n\tfile:line" pair per frame, as in a goroutine dump.
	Stack string
}

// leakDepth is the number of frames kept per checkout.
const leakDepth = 32

// leakInfo is the checkout record of one connection.
type leakInfo struct {
	pcs      [leakDepth]uintptr
	n        int
	reported bool
}

// recordCheckout keeps the stack of the goroutine checking m out.
func (p *Pool) recordCheckout(m *member) {
	var pcs [leakDepth]uintptr
	n := runtime.Callers(3, pcs[:])
	p.mu.Lock()
	if m.leak != nil && m.state == memberInUse {
		m.leak.pcs, m.leak.n, m.leak.reported = pcs, n, false
	}
	p.mu.Unlock()
}

// leakCandidate is a report being prepared outside the lock.
type leakCandidate struct {
	id    int64
	owner Owner
	since time.Time
	info  leakInfo
}

// leaksLocked finds the checkouts held past the threshold and not yet
// reported.
func (p *Pool) leaksLocked(now time.Time) []leakCandidate {
	lc := p.cfg.Leak
	if lc.Threshold <= 0 || lc.Report == nil {
		return nil
	}
	var out []leakCandidate
	for _, m := range p.conns {
		if m.state != memberInUse || m.leak == nil || m.leak.reported || now.Sub(m.since) <= lc.Threshold {
			continue
		}
		m.leak.reported = true
		p.counts.leaks++
		out = append(out, leakCandidate{id: m.id, owner: m.owner, since: m.since, info: *m.leak})
	}
	return out
}

// reportLeaks formats and sends the reports.
func (p *Pool) reportLeaks(leaks []leakCandidate, now time.Time) {
	for i := range leaks {
		l := &leaks[i]
		p.cfg.Leak.Report(LeakReport{
			Address:      p.addr,
			ConnectionID: l.id,
			Owner:        l.owner,
			CheckedOut:   l.since,
			Held:         now.Sub(l.since),
			Stack:        formatStack(l.info.pcs[:l.info.n]),
		})
	}
}

// poolFrame is the prefix of the pool's own methods, left out of stacks.
const poolFrame = "github.com/cwal-go/cwal/pool.(*Pool)."

// formatStack renders program counters like a goroutine dump, without the
// pool's own frames.
func formatStack(pcs []uintptr) string {
	var b strings.Builder
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if f.Function != "" && !strings.HasPrefix(f.Function, poolFrame) {
			b.WriteString(f.Function)
			b.WriteString("\n\t")
			b.WriteString(f.File)
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(f.Line))
			b.WriteByte('\n')
		}
		if !more {
			return b.String()
		}
	}
}
