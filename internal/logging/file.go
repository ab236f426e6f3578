package logging

import (
	"context"
	"io"
	"log/slog"
	"os"
	"sync"
)

// lazyFile is the MONGODB_LOG_PATH file: opened (for appending, created if
// missing) on the first write, so options that are merged away never
// hold a descriptor, and closed by the Logger that used it. A path that
// cannot be opened means standard error, as the specification asks.
type lazyFile struct {
	path string

	mu     sync.Mutex
	w      io.Writer
	f      *os.File
	closed bool
}

func (lf *lazyFile) Write(p []byte) (int, error) {
	lf.mu.Lock()
	defer lf.mu.Unlock()
	if lf.closed {
		// A record after Close (a late event) is dropped rather than
		// reopening a file nobody would close.
		return len(p), nil
	}
	if lf.w == nil {
		f, err := os.OpenFile(lf.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			lf.w = os.Stderr
		} else {
			lf.f, lf.w = f, f
		}
	}
	return lf.w.Write(p)
}

// Close closes the file if it was opened; later writes are dropped.
func (lf *lazyFile) Close() error {
	lf.mu.Lock()
	defer lf.mu.Unlock()
	lf.closed = true
	if lf.f == nil {
		return nil
	}
	err := lf.f.Close()
	lf.f = nil
	return err
}

// closingHandler is a handler whose destination the Logger closes.
type closingHandler struct {
	slog.Handler
	c io.Closer
}

// Handle passes r on; it is declared so that the embedded handler's
// WithAttrs and WithGroup results (which share the destination) stay
// plain handlers.
func (h *closingHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.Handler.Handle(ctx, r)
}

// Close closes the resources the Logger's handler opened itself (the
// MONGODB_LOG_PATH file of FromEnv); a handler given by the caller is
// left alone. A nil Logger has nothing to close. The Logger drops what it
// is given after Close.
func (l *Logger) Close() error {
	if l == nil {
		return nil
	}
	if ch, ok := l.h.(*closingHandler); ok {
		return ch.c.Close()
	}
	return nil
}
