package logging

import (
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/cwal-go/cwal/topology"
)

// Selection describes one server selection for the serverSelection
// component's messages: topology.SelectionInfo, so that a *Logger is a
// topology.SelectionLogger. The topology builds it only when a
// SelectionLogger is set (the client sets one when
// Enabled(ComponentServerSelection, LevelInfo)) and passes the same value
// to each call of one selection.
type Selection = topology.SelectionInfo

// The Logger is the topology's selection logger.
var _ topology.SelectionLogger = (*Logger)(nil)

func selectionAttrs(s Selection, extra int) []slog.Attr {
	return append(make([]slog.Attr, 0, 4+extra),
		slog.String("selector", s.Selector),
		slog.Int64("operationId", s.OperationID),
		slog.String("operation", s.Operation),
		slog.String("topologyDescription", s.TopologyDescription))
}

// SelectionStarted logs "Server selection started" (debug).
func (l *Logger) SelectionStarted(s Selection) {
	if l.Enabled(ComponentServerSelection, LevelDebug) {
		l.emit(ComponentServerSelection, LevelDebug, "Server selection started", selectionAttrs(s, 0)...)
	}
}

// SelectionSucceeded logs "Server selection succeeded" (debug) for the
// server at addr.
func (l *Logger) SelectionSucceeded(s Selection, addr string) {
	if l.Enabled(ComponentServerSelection, LevelDebug) {
		l.emit(ComponentServerSelection, LevelDebug, "Server selection succeeded", hostPort(selectionAttrs(s, 2), addr)...)
	}
}

// SelectionFailed logs "Server selection failed" (debug) with err as its
// failure.
func (l *Logger) SelectionFailed(s Selection, err error) {
	if l.Enabled(ComponentServerSelection, LevelDebug) {
		attrs := append(selectionAttrs(s, 1), slog.String("failure", l.selectionFailure(err)))
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
	attrs := selectionAttrs(s, 1)
	if remaining > 0 {
		attrs = append(attrs, ms("remainingTimeMS", remaining))
	}
	l.emit(ComponentServerSelection, LevelInfo, "Waiting for suitable server to become available", attrs...)
}

// selectionFailure renders a selection's error without the topology
// description a *topology.ServerSelectionError ends with: the message
// carries it already, and the specification asks not to repeat it.
func (l *Logger) selectionFailure(err error) string {
	var sse *topology.ServerSelectionError
	if !errors.As(err, &sse) {
		return l.errorText(err)
	}
	text := strings.TrimSuffix(err.Error(), "; topology: "+sse.Topology.String())
	return Truncate(text, l.maxDoc)
}
