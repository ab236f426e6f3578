package logging_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/internal/logging"
)

// recorder is a slog.Handler that keeps every record it is given.
type recorder struct {
	mu      sync.Mutex
	records []slog.Record
	min     slog.Level
}

func (r *recorder) Enabled(_ context.Context, l slog.Level) bool { return l >= r.min }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler           { return r }
func (r *recorder) WithGroup(string) slog.Handler                { return r }

func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec.Clone())
	return nil
}

// logged is one record flattened for comparison.
type logged struct {
	level   slog.Level
	message string
	attrs   map[string]any
}

func (r *recorder) take(t *testing.T) []logged {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []logged
	for _, rec := range r.records {
		l := logged{level: rec.Level, message: rec.Message, attrs: map[string]any{}}
		rec.Attrs(func(a slog.Attr) bool {
			if _, dup := l.attrs[a.Key]; dup {
				t.Errorf("%q: attribute %q twice", rec.Message, a.Key)
			}
			l.attrs[a.Key] = a.Value.Any()
			return true
		})
		out = append(out, l)
	}
	r.records = nil
	return out
}

// newLogger returns a logger with every component at trace and its
// recorder.
func newLogger(maxDoc int) (*logging.Logger, *recorder) {
	rec := &recorder{min: -100}
	lg := logging.New(logging.Options{
		Handler: rec,
		Levels: map[logging.Component]logging.Level{
			logging.ComponentCommand:         logging.LevelTrace,
			logging.ComponentTopology:        logging.LevelTrace,
			logging.ComponentServerSelection: logging.LevelTrace,
			logging.ComponentConnection:      logging.LevelTrace,
		},
		MaxDocumentLength: maxDoc,
	})
	return lg, rec
}

// checkOne asserts that exactly one record was logged, with the message,
// level, component and exactly the attributes want (values compared with
// ==, so types must match too: int64, float64, string, bool).
func checkOne(t *testing.T, got []logged, level slog.Level, component, message string, want map[string]any) {
	t.Helper()
	if len(got) != 1 {
		t.Fatalf("%d records, want 1: %+v", len(got), got)
	}
	g := got[0]
	if g.message != message || g.level != level {
		t.Errorf("record %q at %v, want %q at %v", g.message, g.level, message, level)
	}
	if c := g.attrs[logging.ComponentKey]; c != component {
		t.Errorf("%s: component %v, want %s", message, c, component)
	}
	delete(g.attrs, logging.ComponentKey)
	for k, w := range want {
		v, ok := g.attrs[k]
		switch {
		case !ok:
			t.Errorf("%s: missing %s", message, k)
		case w == anyValue:
		case v != w:
			t.Errorf("%s: %s = %#v, want %#v", message, k, v, w)
		}
	}
	for k, v := range g.attrs {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected %s = %#v", message, k, v)
		}
	}
}

// anyValue in a want map only requires the attribute to be present.
var anyValue = &struct{ any }{}
