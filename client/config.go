package client

import (
	"github.com/cwal-go/cwal/connstring"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// Config is everything Connect needs: the parsed connection string and the
// hooks a URI cannot carry. It is plain data; edit it before ConnectConfig.
type Config struct {
	// ConnString is the parsed (and, for mongodb+srv, resolved) URI.
	ConnString *connstring.Config
	// Monitor receives the command monitoring events of every operation;
	// nil means none.
	Monitor *operation.CommandMonitor
	// PoolEvents receives the CMAP events of every server's pool.
	PoolEvents *pool.Events
	// TopologyEvents receives the SDAM events in order; it runs under the
	// topology's lock and must return quickly.
	TopologyEvents func(topology.Event)
	// Logging configures structured logging (log/slog) per the MongoDB
	// logging specification; the zero value follows MONGODB_LOG_*.
	Logging LogOptions
	// Runtime, when set, may edit the topology's runtime configuration
	// after it was derived from ConnString (custom dialers, pool
	// settings, leak diagnostics).
	Runtime func(*topology.RuntimeConfig)
	// ServerAPI, when set, declares the Stable API version sent with
	// every command (WithServerAPI). It cannot come from the URI, nor be
	// overridden per database, collection or operation (versioned API
	// specification).
	ServerAPI *ServerAPIOptions
}

// Option edits a Config before Connect uses it.
type Option func(*Config)

// WithMonitor sets the command monitor.
func WithMonitor(m *operation.CommandMonitor) Option {
	return func(c *Config) { c.Monitor = m }
}

// WithPoolEvents sets the CMAP event hooks.
func WithPoolEvents(e *pool.Events) Option {
	return func(c *Config) { c.PoolEvents = e }
}

// WithTopologyEvents sets the SDAM event hook.
func WithTopologyEvents(fn func(topology.Event)) Option {
	return func(c *Config) { c.TopologyEvents = fn }
}

// WithRuntime sets a function that edits the topology's runtime
// configuration before it starts.
func WithRuntime(fn func(*topology.RuntimeConfig)) Option {
	return func(c *Config) { c.Runtime = fn }
}

// runtimeConfig derives the topology's configuration from c.
func (c *Config) runtimeConfig() (topology.RuntimeConfig, error) {
	rc, err := topology.RuntimeConfigFromConnString(c.ConnString)
	if err != nil {
		return rc, err
	}
	if err := c.ServerAPI.Validate(); err != nil {
		return rc, err
	}
	if c.ServerAPI != nil {
		api := *c.ServerAPI // the client's own copy: it cannot change later
		rc.Conn.ServerAPI, rc.Pool.Conn.ServerAPI = &api, &api
	}
	if c.PoolEvents != nil {
		rc.Pool.Events = c.PoolEvents
	}
	if c.TopologyEvents != nil {
		rc.Events = c.TopologyEvents
	}
	if c.Runtime != nil {
		c.Runtime(&rc)
	}
	return rc, nil
}

// settings are the client-wide defaults of every operation.
func settingsFromConnString(cs *connstring.Config) (settings, error) {
	st := settings{
		rc: operation.ReadConcern{Level: cs.ReadConcernLevel},
		wc: operation.WriteConcern{Journal: operation.Optional[bool](cs.Journal), WTimeout: cs.WTimeout},
	}
	if w, ok := cs.W.Get(); ok {
		st.wc.W = operation.Some(operation.WValue{N: w.N, Tag: w.Tag})
	}
	mode, err := topology.ParseMode(cs.ReadPreference)
	if cs.ReadPreference == "" {
		mode, err = topology.Primary, nil
	}
	if err != nil {
		return st, err
	}
	st.rp = topology.ReadPref{Mode: mode, MaxStaleness: cs.MaxStaleness}
	for _, ts := range cs.ReadPreferenceTags {
		st.rp.TagSets = append(st.rp.TagSets, topology.TagSet(ts))
	}
	st.retryReads = cs.RetryReads.Or(true)
	st.retryWrites = cs.RetryWrites.Or(true)
	return st, nil
}
