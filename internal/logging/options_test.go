package logging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/internal/logging"
)

type levels = map[logging.Component]logging.Level

func TestFromEnvLevels(t *testing.T) {
	const (
		cmd  = logging.ComponentCommand
		topo = logging.ComponentTopology
		sel  = logging.ComponentServerSelection
		conn = logging.ComponentConnection
	)
	tests := []struct {
		name   string
		env    map[string]string
		want   levels
		maxDoc int
	}{
		{"nothing", nil, levels{}, 0},
		{"all", map[string]string{"MONGODB_LOG_ALL": "debug"},
			levels{cmd: logging.LevelDebug, topo: logging.LevelDebug, sel: logging.LevelDebug, conn: logging.LevelDebug}, 0},
		{"component wins over all", map[string]string{"MONGODB_LOG_ALL": "info", "MONGODB_LOG_COMMAND": "off", "MONGODB_LOG_CONNECTION": "TRACE"},
			levels{cmd: logging.LevelOff, topo: logging.LevelInfo, sel: logging.LevelInfo, conn: logging.LevelTrace}, 0},
		{"each component", map[string]string{"MONGODB_LOG_TOPOLOGY": "warn", "MONGODB_LOG_SERVER_SELECTION": "notice"},
			levels{topo: logging.LevelWarn, sel: logging.LevelNotice}, 0},
		{"invalid ignored", map[string]string{"MONGODB_LOG_ALL": "loud", "MONGODB_LOG_COMMAND": "debug", "MONGODB_LOG_TOPOLOGY": "x"},
			levels{cmd: logging.LevelDebug}, 0},
		{"invalid component falls back to all", map[string]string{"MONGODB_LOG_ALL": "error", "MONGODB_LOG_TOPOLOGY": "x"},
			levels{cmd: logging.LevelError, topo: logging.LevelError, sel: logging.LevelError, conn: logging.LevelError}, 0},
		{"max document length", map[string]string{"MONGODB_LOG_MAX_DOCUMENT_LENGTH": "42"}, levels{}, 42},
		{"max document length invalid", map[string]string{"MONGODB_LOG_MAX_DOCUMENT_LENGTH": "-3"}, levels{}, 0},
		{"max document length not a number", map[string]string{"MONGODB_LOG_MAX_DOCUMENT_LENGTH": "lots"}, levels{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := logging.FromEnv(func(k string) string { return tt.env[k] })
			if !reflect.DeepEqual(o.Levels, tt.want) {
				t.Errorf("Levels = %v, want %v", o.Levels, tt.want)
			}
			if o.MaxDocumentLength != tt.maxDoc {
				t.Errorf("MaxDocumentLength = %d, want %d", o.MaxDocumentLength, tt.maxDoc)
			}
			enabled := false
			for _, l := range tt.want {
				enabled = enabled || l != logging.LevelOff
			}
			if (o.Handler != nil) != enabled {
				t.Errorf("Handler set = %v, want %v", o.Handler != nil, enabled)
			}
		})
	}
}

func TestFromEnvPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "driver.log")
	if err := os.WriteFile(path, []byte("earlier\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MONGODB_LOG_COMMAND": "debug", "MONGODB_LOG_PATH": path}
	o := logging.FromEnv(func(k string) string { return env[k] })
	lg := logging.New(o)
	lg.SelectionStarted(logging.Selection{}) // component off: not written
	lg.CommandFailed(failedEvent())
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || lines[0] != "earlier" {
		t.Fatalf("file = %q, want the earlier line and one record", data)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["msg"] != "Command failed" || rec["level"] != "debug" || rec["component"] != "command" {
		t.Errorf("record = %v", rec)
	}

	for _, p := range []string{"stdout", "STDERR", filepath.Join(dir, "missing", "x.log")} {
		env["MONGODB_LOG_PATH"] = p
		if logging.FromEnv(func(k string) string { return env[k] }).Handler == nil {
			t.Errorf("MONGODB_LOG_PATH=%q: no handler", p)
		}
	}
}

func TestMergeCodeWins(t *testing.T) {
	codeH, envH := &recorder{}, &recorder{}
	code := logging.Options{
		Handler: codeH,
		Levels:  levels{logging.ComponentCommand: logging.LevelOff},
	}
	env := logging.Options{
		Handler:           envH,
		Levels:            levels{logging.ComponentCommand: logging.LevelDebug, logging.ComponentTopology: logging.LevelInfo},
		MaxDocumentLength: 10,
	}
	got := code.Merge(env)
	if got.Handler != codeH {
		t.Error("Handler from env, want the one set in code")
	}
	want := levels{logging.ComponentCommand: logging.LevelOff, logging.ComponentTopology: logging.LevelInfo}
	if !reflect.DeepEqual(got.Levels, want) {
		t.Errorf("Levels = %v, want %v", got.Levels, want)
	}
	if got.MaxDocumentLength != 10 {
		t.Errorf("MaxDocumentLength = %d, want the env's 10", got.MaxDocumentLength)
	}
	if (logging.Options{}).Merge(env).Handler != envH {
		t.Error("unset Handler not taken from env")
	}
	if len(code.Levels) != 1 {
		t.Error("Merge changed its receiver's map")
	}
}

func TestNewHandlerLevelNames(t *testing.T) {
	var buf bytes.Buffer
	h := logging.NewHandler(&buf)
	for _, l := range []logging.Level{logging.LevelTrace, logging.LevelNotice, logging.LevelEmergency} {
		buf.Reset()
		r := slog.NewRecord(time.Time{}, l.Slog(), "m", 0)
		if err := h.Handle(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), `"level":"`+l.String()+`"`) {
			t.Errorf("%v written as %s", l, buf.String())
		}
	}
}
