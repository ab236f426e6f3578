package client_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/mongotest"
)

// logRecorder is a slog handler that keeps the messages it receives.
type logRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, rec.Message)
	return nil
}
func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *logRecorder) WithGroup(string) slog.Handler      { return r }

func (r *logRecorder) has(msg string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range r.msgs {
		if m == msg {
			return true
		}
	}
	return false
}

func TestLoggingCommandAndConnection(t *testing.T) {
	srv := mongotest.NewServer()
	defer srv.Close()
	rec := &logRecorder{}
	ctx := context.Background()
	cl, err := client.Connect(ctx, srv.URI(), client.WithLogging(client.LogOptions{
		Handler: rec,
		Levels:  map[string]string{"command": "debug", "connection": "debug"},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.Database("app").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err(); err != nil {
		t.Fatal(err)
	}
	if err := cl.Disconnect(ctx); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Command started", "Command succeeded", "Connection pool created", "Connection checked out"} {
		if !rec.has(want) {
			t.Errorf("no %q log message", want)
		}
	}
	if rec.has("Starting server monitoring") {
		t.Error("topology messages logged while the topology component is off")
	}
}
