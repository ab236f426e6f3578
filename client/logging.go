package client

import (
	"log/slog"
	"os"

	"github.com/cwal-go/cwal/internal/logging"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/topology"
)

// LogOptions configures structured logging as the MongoDB logging
// specification defines it. The zero value logs nothing unless the
// MONGODB_LOG_* environment variables ask for it; settings made here win
// over the environment.
type LogOptions struct {
	// Handler receives the records; nil means the environment's
	// MONGODB_LOG_PATH, else standard error.
	Handler slog.Handler
	// Levels sets the level of each component: keys "command",
	// "topology", "serverSelection" and "connection", values the
	// specification's level names ("off", "error", "warn", "info",
	// "debug", "trace", ...). Unknown keys or values are ignored.
	Levels map[string]string
	// MaxDocumentLength truncates logged documents (relaxed extended
	// JSON) to this many bytes; 0 means the default, 1000.
	MaxDocumentLength int
}

// WithLogging sets the structured logging options.
func WithLogging(o LogOptions) Option {
	return func(c *Config) { c.Logging = o }
}

// logger builds the logger of o merged over the environment; nil when
// every component is off, so logging then costs nothing.
func (o LogOptions) logger() *logging.Logger {
	opts := logging.Options{Handler: o.Handler, MaxDocumentLength: o.MaxDocumentLength}
	for k, v := range o.Levels {
		comp, ok1 := logging.ParseComponent(k)
		lvl, ok2 := logging.ParseLevel(v)
		if ok1 && ok2 {
			if opts.Levels == nil {
				opts.Levels = map[logging.Component]logging.Level{}
			}
			opts.Levels[comp] = lvl
		}
	}
	return logging.New(opts.Merge(logging.FromEnv(os.Getenv)))
}

// withLogging wraps the configured hooks with the logger's, which log and
// then call them.
func (c *Config) withLogging(lg *logging.Logger) {
	if lg == nil {
		return
	}
	var next operation.CommandMonitor
	if c.Monitor != nil {
		next = *c.Monitor
	}
	m := lg.CommandMonitor(next)
	c.Monitor = &m
	c.PoolEvents = lg.PoolEvents(c.PoolEvents)
	c.TopologyEvents = lg.TopologyEvents(c.TopologyEvents)
	if lg.Enabled(logging.ComponentServerSelection, logging.LevelInfo) {
		next := c.Runtime
		c.Runtime = func(rc *topology.RuntimeConfig) {
			rc.SelectionLogger = lg
			if next != nil {
				next(rc)
			}
		}
	}
}
