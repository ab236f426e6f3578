package topology

import (
	"context"
	"time"
)

// SelectionInfo describes one server selection for the serverSelection
// log component (server selection specification, "Logging"). The same
// value, with TopologyDescription refreshed, goes to every call of one
// selection.
type SelectionInfo struct {
	// Selector describes the criteria: "write", or the read preference
	// with all its parts; " with a custom selector" is added when
	// Criteria.Filter is set.
	Selector string
	// OperationID is Criteria.OperationID.
	OperationID int64
	// Operation is Criteria.Operation, the command's name.
	Operation string
	// TopologyDescription is the topology as the selection saw it last
	// (Description's String).
	TopologyDescription string
}

// SelectionLogger receives the progress of each SelectServer call: it
// started, it found no suitable server and waits (once per selection), it
// succeeded on a server, it failed. The calls are made on the selecting
// goroutine, outside the topology's lock. internal/logging's Logger
// implements it.
type SelectionLogger interface {
	SelectionStarted(s SelectionInfo)
	// SelectionWaiting gets the time left before the selection times out,
	// 0 when nothing but a cancellation can end it.
	SelectionWaiting(s SelectionInfo, remaining time.Duration)
	// SelectionSucceeded gets the chosen server's address.
	SelectionSucceeded(s SelectionInfo, addr string)
	SelectionFailed(s SelectionInfo, err error)
}

// selectLogged is SelectServer reporting to lg. The descriptions are
// built here only, so a Topology without a logger pays nothing.
func (t *Topology) selectLogged(ctx context.Context, c Criteria, lg SelectionLogger) (*Server, error) {
	info := SelectionInfo{
		Selector:            selectorText(c),
		OperationID:         c.OperationID,
		Operation:           c.Operation,
		TopologyDescription: t.Description().String(),
	}
	lg.SelectionStarted(info)
	s, err := t.selectServer(ctx, c, func(d Description, remaining time.Duration) {
		info.TopologyDescription = d.String()
		lg.SelectionWaiting(info, remaining)
	})
	info.TopologyDescription = t.Description().String()
	if err != nil {
		lg.SelectionFailed(info, err)
		return nil, err
	}
	lg.SelectionSucceeded(info, s.Addr())
	return s, nil
}

// selectorText describes the criteria as the log's selector field.
func selectorText(c Criteria) string {
	s := describeCriteria(c)
	if c.Filter != nil {
		s += " with a custom selector"
	}
	return s
}

// remainingTime returns how long a selection that starts waiting now may
// wait: the sooner of its timeout and ctx's deadline, 0 when neither.
func remainingTime(ctx context.Context, timeout time.Duration) time.Duration {
	rem := timeout
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); rem <= 0 || left < rem {
			rem = max(left, time.Millisecond)
		}
	}
	return rem
}
