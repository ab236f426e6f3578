package logging

import (
	"log/slog"
	"time"

	"github.com/cwal-go/cwal/operation"
)

// CommandMonitor returns a monitor that logs the command component's
// messages ("Command started", "Command succeeded", "Command failed", all
// at debug) and then calls next's callbacks. Redaction of sensitive
// commands is the operation layer's: its events already carry empty
// documents for them. When the component is off it returns next itself.
func (l *Logger) CommandMonitor(next operation.CommandMonitor) operation.CommandMonitor {
	if !l.Enabled(ComponentCommand, LevelDebug) {
		return next
	}
	return operation.CommandMonitor{
		Started: func(e operation.CommandStartedEvent) {
			l.CommandStarted(e)
			if next.Started != nil {
				next.Started(e)
			}
		},
		Succeeded: func(e operation.CommandSucceededEvent) {
			l.CommandSucceeded(e)
			if next.Succeeded != nil {
				next.Succeeded(e)
			}
		},
		Failed: func(e operation.CommandFailedEvent) {
			l.CommandFailed(e)
			if next.Failed != nil {
				next.Failed(e)
			}
		},
	}
}

// CommandStarted logs "Command started" for e.
func (l *Logger) CommandStarted(e operation.CommandStartedEvent) {
	if !l.Enabled(ComponentCommand, LevelDebug) {
		return
	}
	attrs := commandAttrs(make([]slog.Attr, 0, 12), e.CommandEvent)
	attrs = append(attrs, slog.String("command", FormatDocument(e.Command, l.maxDoc)))
	l.emit(ComponentCommand, LevelDebug, "Command started", attrs...)
}

// CommandSucceeded logs "Command succeeded" for e.
func (l *Logger) CommandSucceeded(e operation.CommandSucceededEvent) {
	if !l.Enabled(ComponentCommand, LevelDebug) {
		return
	}
	attrs := commandAttrs(make([]slog.Attr, 0, 13), e.CommandEvent)
	attrs = append(attrs, durationMS(e.Duration),
		slog.String("reply", FormatDocument(e.Reply, l.maxDoc)))
	l.emit(ComponentCommand, LevelDebug, "Command succeeded", attrs...)
}

// CommandFailed logs "Command failed" for e.
func (l *Logger) CommandFailed(e operation.CommandFailedEvent) {
	if !l.Enabled(ComponentCommand, LevelDebug) {
		return
	}
	attrs := commandAttrs(make([]slog.Attr, 0, 13), e.CommandEvent)
	attrs = append(attrs, durationMS(e.Duration), slog.String("failure", l.errorText(e.Failure)))
	l.emit(ComponentCommand, LevelDebug, "Command failed", attrs...)
}

// commandAttrs appends the fields every command message has.
func commandAttrs(attrs []slog.Attr, e operation.CommandEvent) []slog.Attr {
	attrs = append(attrs,
		slog.String("commandName", e.CommandName),
		slog.String("databaseName", e.DatabaseName),
		slog.Int64("requestId", e.RequestID),
		slog.Int64("operationId", e.OperationID),
		slog.Int64("driverConnectionId", e.ConnectionID))
	attrs = hostPort(attrs, e.Address)
	if e.ServerConnectionID != 0 {
		attrs = append(attrs, slog.Int64("serverConnectionId", e.ServerConnectionID))
	}
	if e.ServiceID != nil {
		attrs = append(attrs, slog.String("serviceId", e.ServiceID.Hex()))
	}
	return attrs
}

// durationMS is the specification's duration field: milliseconds, with
// the fraction kept.
func durationMS(d time.Duration) slog.Attr {
	return slog.Float64("durationMS", float64(d)/float64(time.Millisecond))
}

// errorText renders an error field; the text is truncated like a document
// because server errors may quote whole replies.
func (l *Logger) errorText(err error) string {
	if err == nil {
		return "unknown error"
	}
	return Truncate(err.Error(), l.maxDoc)
}
