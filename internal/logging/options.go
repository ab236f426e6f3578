package logging

import (
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
)

// DefaultMaxDocumentLength is the length, in bytes, past which a document
// in a log message is truncated when nothing else is configured.
const DefaultMaxDocumentLength = 1000

// Options configures a Logger. The zero value logs nothing.
type Options struct {
	// Handler receives the records. Nil means a JSON handler on stderr
	// (NewHandler(os.Stderr)), the specification's default destination.
	// To log through a *slog.Logger, pass its Handler().
	Handler slog.Handler
	// Levels holds each component's minimum level; a component that is
	// absent (or LevelOff) logs nothing.
	Levels map[Component]Level
	// MaxDocumentLength is the length in bytes past which documents are
	// truncated; 0 or less means DefaultMaxDocumentLength.
	MaxDocumentLength int
}

// Merge returns o with what it leaves unset taken from fallback: the
// Handler when o's is nil, each component absent from o.Levels, and
// MaxDocumentLength when o's is not positive. opts.Merge(FromEnv(os.Getenv))
// gives options set in code precedence over the environment.
func (o Options) Merge(fallback Options) Options {
	out := o
	if out.Handler == nil {
		out.Handler = fallback.Handler
	}
	if out.MaxDocumentLength <= 0 {
		out.MaxDocumentLength = fallback.MaxDocumentLength
	}
	out.Levels = make(map[Component]Level, len(o.Levels)+len(fallback.Levels))
	for c, l := range fallback.Levels {
		out.Levels[c] = l
	}
	for c, l := range o.Levels {
		out.Levels[c] = l
	}
	return out
}

// FromEnv reads the specification's environment variables through getenv
// (os.Getenv, or a map lookup in tests): MONGODB_LOG_ALL for every
// component, overridden per component by MONGODB_LOG_COMMAND,
// MONGODB_LOG_TOPOLOGY, MONGODB_LOG_SERVER_SELECTION and
// MONGODB_LOG_CONNECTION; MONGODB_LOG_MAX_DOCUMENT_LENGTH (a positive
// integer); and MONGODB_LOG_PATH ("stdout", "stderr", case-insensitive, or
// a file path appended to, created if missing). An invalid value is ignored
// as if unset, and an unusable path means stderr; FromEnv never fails.
//
// A Handler is set only when some component is enabled. When it writes to
// a file, the file is opened on the first record, and the Close of the
// Logger made with that Handler closes it.
func FromEnv(getenv func(string) string) Options {
	var o Options
	o.Levels = envLevels(getenv)
	if n, err := strconv.Atoi(strings.TrimSpace(getenv("MONGODB_LOG_MAX_DOCUMENT_LENGTH"))); err == nil && n > 0 {
		o.MaxDocumentLength = n
	}
	if anyEnabled(o.Levels) {
		o.Handler = envHandler(getenv("MONGODB_LOG_PATH"))
	}
	return o
}

// envLevels reads the level variables; components with no valid setting
// are absent from the map.
func envLevels(getenv func(string) string) map[Component]Level {
	levels := make(map[Component]Level)
	all, allOK := ParseLevel(getenv("MONGODB_LOG_ALL"))
	for c := Component(0); c < numComponents; c++ {
		if l, ok := ParseLevel(getenv(componentEnv[c])); ok {
			levels[c] = l
		} else if allOK {
			levels[c] = all
		}
	}
	return levels
}

func anyEnabled(levels map[Component]Level) bool {
	for c, l := range levels {
		if c >= 0 && c < numComponents && l != LevelOff {
			return true
		}
	}
	return false
}

// envHandler resolves MONGODB_LOG_PATH.
func envHandler(path string) slog.Handler {
	switch strings.ToLower(strings.TrimSpace(path)) {
	case "", "stderr":
		return NewHandler(os.Stderr)
	case "stdout":
		return NewHandler(os.Stdout)
	}
	lf := &lazyFile{path: path}
	return &closingHandler{Handler: NewHandler(lf), c: lf}
}

// NewHandler returns a JSON handler on w that passes every level and
// writes the level under "level" as the specification names it ("debug",
// "info", ...) rather than slog's "DEBUG" or "INFO+2".
func NewHandler(w io.Writer) slog.Handler {
	return slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level:       LevelTrace.Slog(),
		ReplaceAttr: replaceLevel,
	})
}

func replaceLevel(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.LevelKey {
		if lv, ok := a.Value.Any().(slog.Level); ok {
			if l, ok := LevelFromSlog(lv); ok {
				return slog.String(slog.LevelKey, l.String())
			}
		}
	}
	return a
}
