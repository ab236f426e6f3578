package logging_test

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/internal/logging"
	"github.com/cwal-go/cwal/topology"
)

func envFor(path string) func(string) string {
	env := map[string]string{"MONGODB_LOG_COMMAND": "debug", "MONGODB_LOG_PATH": path}
	return func(k string) string { return env[k] }
}

func TestLogPathOpenedOnFirstRecordClosedByClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "driver.log")
	lg := logging.New(logging.FromEnv(envFor(path)))
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("file exists before any record (stat: %v)", err)
	}
	lg.CommandFailed(failedEvent())
	before, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(before), "Command failed") {
		t.Fatalf("file after one record = %q, %v", before, err)
	}
	if err := lg.Close(); err != nil {
		t.Fatal(err)
	}
	lg.CommandFailed(failedEvent()) // after Close: dropped, not reopened
	after, err := os.ReadFile(path)
	if err != nil || string(after) != string(before) {
		t.Errorf("file after Close and a record = %q, want it unchanged", after)
	}
	if err := lg.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestLogPathUnusedNeverCreated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "driver.log")
	// The handler set in code wins: the environment's file is never opened.
	code := logging.Options{Handler: &recorder{min: -100}}
	lg := logging.New(code.Merge(logging.FromEnv(envFor(path))))
	lg.CommandFailed(failedEvent())
	if err := lg.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("unused MONGODB_LOG_PATH file was created (stat: %v)", err)
	}
	var nilLogger *logging.Logger
	if err := nilLogger.Close(); err != nil {
		t.Errorf("nil Logger Close: %v", err)
	}
}

func TestSelectionFailedOmitsTopology(t *testing.T) {
	rec := &recorder{min: -100}
	lg := logging.New(logging.Options{Handler: rec, Levels: levels{logging.ComponentServerSelection: logging.LevelDebug}})
	sse := &topology.ServerSelectionError{Criteria: "write", Err: topology.ErrServerSelectionTimeout,
		Topology: topology.Description{Kind: topology.ReplicaSetNoPrimary, SetName: "rs0"}}
	lg.SelectionFailed(logging.Selection{Operation: "insert"}, sse)
	got := rec.take(t)
	if len(got) != 1 || got[0].level != slog.LevelDebug {
		t.Fatalf("records %v, want one debug record", got)
	}
	failure, _ := got[0].attrs["failure"].(string)
	if !strings.Contains(failure, "timed out") || strings.Contains(failure, "rs0") {
		t.Errorf("failure %q: want the cause without the topology description", failure)
	}
}
