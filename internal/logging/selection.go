package logging

import (
	"log/slog"
	"time"
)

// Selection describes one server selection for the serverSelection
// component's messages. The selection code builds it (the descriptions are
// strings, so check Enabled(ComponentServerSelection, LevelDebug) first
// to skip the work when nothing is logged) and passes the same value to
// each call of one selection.
type Selection struct {
	// Selector describes the criteria, e.g. the read preference.
	Selector string
	// OperationID is the operation's id, as in its command events.
	OperationID int64
	// Operation is the name of the operation, e.g. "insert" or "bulkWrite".
	Operation string
	// TopologyDescription describes the topology when selection began
	// (topology.Description's String).
	TopologyDescription string
}

func (s Selection) attrs(extra int) []slog.Attr {
	return append(make([]slog.Attr, 0, 4+extra),
		slog.String("selector", s.Selector),
		slog.Int64("operationId", s.OperationID),
		slog.String("operation", s.Operation),
		slog.String("topologyDescription", s.TopologyDescription))
}

// SelectionStarted logs "Server selection started" (debug).
func (l *Logger) SelectionStarted(s Selection) {
	if l.Enabled(ComponentServerSelection, LevelDebug) {
		l.emit(ComponentServerSelection, LevelDebug, "Server selection started", s.attrs(0)...)
	}
}

// SelectionSucceeded logs "Server selection succeeded" (debug) for the
// server at addr.
func (l *Logger) SelectionSucceeded(s Selection, addr string) {
	if l.Enabled(ComponentServerSelection, LevelDebug) {
		l.emit(ComponentServerSelection, LevelDebug, "Server selection succeeded", hostPort(s.attrs(2), addr)...)
	}
}

// SelectionFailed logs "Server selection failed" (debug) with err as its
// failure.
func (l *Logger) SelectionFailed(s Selection, err error) {
	if l.Enabled(ComponentServerSelection, LevelDebug) {
		attrs := append(s.attrs(1), slog.String("failure", l.errorText(err)))
		l.emit(ComponentServerSelection, LevelDebug, "Server selection failed", attrs...)
	}
}

// SelectionWaiting logs "Waiting for suitable server to become available"
// (info). The specification asks for it once per selection, the first time
// no suitable server is found; remaining is the time left before the
// selection times out, 0 or less when it has no deadline (the field is then
// omitted).
func (l *Logger) SelectionWaiting(s Selection, remaining time.Duration) {
	if !l.Enabled(ComponentServerSelection, LevelInfo) {
		return
	}
	attrs := s.attrs(1)
	if remaining > 0 {
		attrs = append(attrs, ms("remainingTimeMS", remaining))
	}
	l.emit(ComponentServerSelection, LevelInfo, "Waiting for suitable server to become available", attrs...)
}
