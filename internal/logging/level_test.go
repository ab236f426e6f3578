package logging_test

import (
	"log/slog"
	"testing"

	"github.com/cwal-go/cwal/internal/logging"
)

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in   string
		want logging.Level
		ok   bool
	}{
		{"off", logging.LevelOff, true},
		{"emergency", logging.LevelEmergency, true},
		{"alert", logging.LevelAlert, true},
		{"critical", logging.LevelCritical, true},
		{"error", logging.LevelError, true},
		{"warn", logging.LevelWarn, true},
		{"warning", logging.LevelWarn, true},
		{"notice", logging.LevelNotice, true},
		{"info", logging.LevelInfo, true},
		{"informational", logging.LevelInfo, true},
		{"debug", logging.LevelDebug, true},
		{"DEBUG", logging.LevelDebug, true},
		{" Trace ", logging.LevelTrace, true},
		{"", logging.LevelOff, false},
		{"verbose", logging.LevelOff, false},
		{"7", logging.LevelOff, false},
	}
	for _, tt := range tests {
		got, ok := logging.ParseLevel(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLevelSlog(t *testing.T) {
	tests := []struct {
		l    logging.Level
		want slog.Level
		name string
	}{
		{logging.LevelEmergency, 12, "emergency"},
		{logging.LevelAlert, 11, "alert"},
		{logging.LevelCritical, 10, "critical"},
		{logging.LevelError, slog.LevelError, "error"},
		{logging.LevelWarn, slog.LevelWarn, "warn"},
		{logging.LevelNotice, 2, "notice"},
		{logging.LevelInfo, slog.LevelInfo, "info"},
		{logging.LevelDebug, slog.LevelDebug, "debug"},
		{logging.LevelTrace, -8, "trace"},
	}
	for _, tt := range tests {
		if got := tt.l.Slog(); got != tt.want {
			t.Errorf("%v.Slog() = %v, want %v", tt.l, got, tt.want)
		}
		if back, ok := logging.LevelFromSlog(tt.want); !ok || back != tt.l {
			t.Errorf("LevelFromSlog(%v) = %v, %v; want %v", tt.want, back, ok, tt.l)
		}
		if tt.l.String() != tt.name {
			t.Errorf("String() = %q, want %q", tt.l.String(), tt.name)
		}
		if p, ok := logging.ParseLevel(tt.name); !ok || p != tt.l {
			t.Errorf("ParseLevel(String()) = %v, want %v", p, tt.l)
		}
	}
	if _, ok := logging.LevelFromSlog(1); ok {
		t.Error("LevelFromSlog(1) ok, want not a spec level")
	}
}

func TestComponentNames(t *testing.T) {
	for name, want := range map[string]logging.Component{
		"command": logging.ComponentCommand, "topology": logging.ComponentTopology,
		"serverSelection": logging.ComponentServerSelection, "connection": logging.ComponentConnection,
	} {
		c, ok := logging.ParseComponent(name)
		if !ok || c != want || c.String() != name {
			t.Errorf("ParseComponent(%q) = %v, %v; want %v", name, c, ok, want)
		}
	}
	if _, ok := logging.ParseComponent("sdam"); ok {
		t.Error(`ParseComponent("sdam") ok`)
	}
}

func TestEnabled(t *testing.T) {
	rec := &recorder{min: slog.LevelInfo}
	lg := logging.New(logging.Options{Handler: rec, Levels: map[logging.Component]logging.Level{
		logging.ComponentCommand:  logging.LevelDebug,
		logging.ComponentTopology: logging.LevelWarn,
	}})
	tests := []struct {
		c    logging.Component
		l    logging.Level
		want bool
	}{
		{logging.ComponentCommand, logging.LevelDebug, false}, // handler drops debug
		{logging.ComponentCommand, logging.LevelInfo, true},
		{logging.ComponentCommand, logging.LevelTrace, false},
		{logging.ComponentTopology, logging.LevelError, true},
		{logging.ComponentTopology, logging.LevelWarn, true},
		{logging.ComponentTopology, logging.LevelNotice, false},
		{logging.ComponentConnection, logging.LevelEmergency, false}, // absent: off
		{logging.ComponentCommand, logging.LevelOff, false},
		{logging.Component(99), logging.LevelError, false},
	}
	for _, tt := range tests {
		if got := lg.Enabled(tt.c, tt.l); got != tt.want {
			t.Errorf("Enabled(%v, %v) = %v, want %v", tt.c, tt.l, got, tt.want)
		}
	}
	var nilLogger *logging.Logger
	if nilLogger.Enabled(logging.ComponentCommand, logging.LevelError) {
		t.Error("nil Logger enabled")
	}
	if logging.New(logging.Options{Handler: rec}) != nil {
		t.Error("New with every component off is not nil")
	}
}

func TestEnabledDoesNotAllocate(t *testing.T) {
	lg, _ := newLogger(0)
	off := logging.New(logging.Options{Handler: &recorder{}, Levels: map[logging.Component]logging.Level{
		logging.ComponentCommand: logging.LevelError,
	}})
	allocs := testing.AllocsPerRun(100, func() {
		lg.Enabled(logging.ComponentCommand, logging.LevelDebug)
		off.Enabled(logging.ComponentCommand, logging.LevelDebug)
		off.Enabled(logging.ComponentConnection, logging.LevelDebug)
	})
	if allocs != 0 {
		t.Errorf("Enabled allocates %v times", allocs)
	}
}
