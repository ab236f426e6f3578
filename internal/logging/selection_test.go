package logging_test

import (
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/cwal-go/cwal/internal/logging"
)

func TestSelection(t *testing.T) {
	s := logging.Selection{Selector: "primary", OperationID: 9, Operation: "insert", TopologyDescription: "Single [a:1 Standalone]"}
	base := func(extra map[string]any) map[string]any {
		m := map[string]any{"selector": "primary", "operationId": int64(9), "operation": "insert",
			"topologyDescription": "Single [a:1 Standalone]"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		msg   string
		level slog.Level
		call  func(*logging.Logger)
		want  map[string]any
	}{
		{"Server selection started", slog.LevelDebug, func(l *logging.Logger) { l.SelectionStarted(s) }, base(nil)},
		{"Server selection succeeded", slog.LevelDebug, func(l *logging.Logger) { l.SelectionSucceeded(s, "a:1") },
			base(map[string]any{"serverHost": "a", "serverPort": int64(1)})},
		{"Server selection failed", slog.LevelDebug, func(l *logging.Logger) { l.SelectionFailed(s, errors.New("timed out")) },
			base(map[string]any{"failure": "timed out"})},
		{"Waiting for suitable server to become available", slog.LevelInfo,
			func(l *logging.Logger) { l.SelectionWaiting(s, 1500*time.Millisecond) },
			base(map[string]any{"remainingTimeMS": int64(1500)})},
		{"Waiting for suitable server to become available", slog.LevelInfo,
			func(l *logging.Logger) { l.SelectionWaiting(s, 0) }, base(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			lg, rec := newLogger(0)
			tt.call(lg)
			checkOne(t, rec.take(t), tt.level, "serverSelection", tt.msg, tt.want)
		})
	}
}

// TestSelectionLevels: at info only the waiting message is emitted.
func TestSelectionLevels(t *testing.T) {
	rec := &recorder{min: -100}
	lg := logging.New(logging.Options{Handler: rec, Levels: levels{logging.ComponentServerSelection: logging.LevelInfo}})
	s := logging.Selection{Operation: "find"}
	lg.SelectionStarted(s)
	lg.SelectionFailed(s, errors.New("x"))
	lg.SelectionWaiting(s, time.Second)
	got := rec.take(t)
	if len(got) != 1 || got[0].message != "Waiting for suitable server to become available" {
		t.Errorf("records = %+v", got)
	}
}
