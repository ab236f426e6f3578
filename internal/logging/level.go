package logging

import (
	"log/slog"
	"strings"
)

// Level is a severity of the logging specification. The zero value is
// LevelOff; levels compare by severity: a smaller non-zero Level is more
// severe.
type Level int

// The specification's levels, most severe first.
const (
	LevelOff Level = iota
	LevelEmergency
	LevelAlert
	LevelCritical
	LevelError
	LevelWarn
	LevelNotice
	LevelInfo
	LevelDebug
	LevelTrace
)

var levelNames = [...]string{
	LevelOff: "off", LevelEmergency: "emergency", LevelAlert: "alert",
	LevelCritical: "critical", LevelError: "error", LevelWarn: "warn",
	LevelNotice: "notice", LevelInfo: "info", LevelDebug: "debug",
	LevelTrace: "trace",
}

// slogLevels keeps the spec's order and puts the four levels slog names
// on slog's own values, so slog handlers filter them as users expect.
var slogLevels = [...]slog.Level{
	LevelEmergency: 12, LevelAlert: 11, LevelCritical: 10,
	LevelError: slog.LevelError, LevelWarn: slog.LevelWarn, LevelNotice: 2,
	LevelInfo: slog.LevelInfo, LevelDebug: slog.LevelDebug, LevelTrace: -8,
}

// String returns the level's name as the MONGODB_LOG_* variables spell it.
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return "Level(" + itoa(int(l)) + ")"
	}
	return levelNames[l]
}

// Slog returns the slog level records of l are emitted at (see the package
// documentation for the table); LevelOff and unknown levels give
// slog.LevelDebug.
func (l Level) Slog() slog.Level {
	if l <= LevelOff || int(l) >= len(slogLevels) {
		return slog.LevelDebug
	}
	return slogLevels[l]
}

// LevelFromSlog returns the Level whose Slog is s, and false when s is not
// one of them.
func LevelFromSlog(s slog.Level) (Level, bool) {
	for l := LevelEmergency; l <= LevelTrace; l++ {
		if slogLevels[l] == s {
			return l, true
		}
	}
	return LevelOff, false
}

// ParseLevel reads a level name, case-insensitively: the specification's
// values plus the long forms "warning" and "informational". ok is false for
// anything else.
func ParseLevel(s string) (Level, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "warning":
		return LevelWarn, true
	case "informational":
		return LevelInfo, true
	}
	for l, name := range levelNames {
		if s == name {
			return Level(l), true
		}
	}
	return LevelOff, false
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
