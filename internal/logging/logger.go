package logging

import (
	"context"
	"log/slog"
	"os"
	"time"
)

// Logger emits the specification's log messages. It is safe for
// concurrent use, immutable after New, and a nil *Logger logs nothing.
type Logger struct {
	h      slog.Handler
	levels [numComponents]Level
	maxDoc int
}

// New returns a Logger for o, or nil when every component is off.
func New(o Options) *Logger {
	if !anyEnabled(o.Levels) {
		return nil
	}
	l := &Logger{h: o.Handler, maxDoc: o.MaxDocumentLength}
	if l.h == nil {
		l.h = NewHandler(os.Stderr)
	}
	if l.maxDoc <= 0 {
		l.maxDoc = DefaultMaxDocumentLength
	}
	for c, lv := range o.Levels {
		if c >= 0 && c < numComponents {
			l.levels[c] = lv
		}
	}
	return l
}

// Enabled reports whether a message of component c at level lv would be
// emitted: the component's level admits it and the handler accepts its slog
// level. It does not allocate; callers use it to skip building costly
// fields.
func (l *Logger) Enabled(c Component, lv Level) bool {
	if l == nil || c < 0 || c >= numComponents || lv == LevelOff {
		return false
	}
	min := l.levels[c]
	if min == LevelOff || lv > min {
		return false
	}
	return l.h.Enabled(context.Background(), lv.Slog())
}

// MaxDocumentLength returns the truncation length documents are logged
// with; 0 for a nil Logger.
func (l *Logger) MaxDocumentLength() int {
	if l == nil {
		return 0
	}
	return l.maxDoc
}

// emit sends one record; callers have checked Enabled.
func (l *Logger) emit(c Component, lv Level, msg string, attrs ...slog.Attr) {
	r := slog.NewRecord(time.Now(), lv.Slog(), msg, 0)
	r.AddAttrs(slog.String(ComponentKey, c.String()))
	r.AddAttrs(attrs...)
	// A handler's failure has nowhere to go: logging must never break an
	// operation.
	_ = l.h.Handle(context.Background(), r)
}
