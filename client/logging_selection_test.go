package client_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/mongotest"
)

func TestLoggingServerSelection(t *testing.T) {
	srv := mongotest.NewServer()
	defer srv.Close()
	rec := &logRecorder{}
	ctx := context.Background()
	cl, err := client.Connect(ctx, srv.URI(), client.WithLogging(client.LogOptions{
		Handler: rec,
		Levels:  map[string]string{"serverSelection": "debug"},
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Disconnect(ctx)
	if err := cl.Database("app").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Server selection started", "Server selection succeeded"} {
		if !rec.has(want) {
			t.Errorf("no %q log message", want)
		}
	}
	if rec.has("Command started") {
		t.Error("command messages logged while the command component is off")
	}
}

// TestLogPathClosedOnDisconnect checks that the MONGODB_LOG_PATH file the
// client opened is closed by Disconnect.
func TestLogPathClosedOnDisconnect(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd to list open files")
	}
	path := filepath.Join(t.TempDir(), "driver.log")
	t.Setenv("MONGODB_LOG_SERVER_SELECTION", "debug")
	t.Setenv("MONGODB_LOG_PATH", path)
	srv := mongotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	cl, err := client.Connect(ctx, srv.URI())
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if !fileOpen(t, path) {
		t.Fatal("log file not open while the client is connected")
	}
	if err := cl.Disconnect(ctx); err != nil {
		t.Fatal(err)
	}
	if fileOpen(t, path) {
		t.Error("log file still open after Disconnect")
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), "Server selection succeeded") {
		t.Errorf("log file = %q, %v", data, err)
	}
}

// fileOpen reports whether the process has path open.
func fileOpen(t *testing.T, path string) bool {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && target == path {
			return true
		}
	}
	return false
}
