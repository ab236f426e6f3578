package topology

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/connstring"
	"github.com/cwal-go/cwal/pool"
)

// DefaultServerSelectionTimeout is serverSelectionTimeoutMS's default.
const DefaultServerSelectionTimeout = 30 * time.Second

// ServerPool is what the runtime needs of a server's connection pool: the
// actions of the SDAM state machine (ReadyPool, ClearPool, StopServer) and
// the generation that tells a stale application error from a current one.
// *pool.Pool satisfies it through PoolOf.
type ServerPool interface {
	// Ready lets checkouts start (CMAP "ready"); a ready pool stays so.
	Ready()
	// Clear pauses the pool and advances its generation (that of the
	// connections to serviceID only, when not nil); interrupt also closes
	// the connections in use.
	Clear(interrupt bool, serviceID *bson.ObjectID, cause error)
	// Generation returns the current generation (of serviceID's
	// connections in load-balanced mode).
	Generation(serviceID *bson.ObjectID) uint64
	// Close closes the pool and waits, until ctx ends, for everything it
	// started to end.
	Close(ctx context.Context) error
}

// PoolErrorFunc is how a server's pool reports a connection establishment
// failure, whether a checkout waits for it or not (background population
// for minPoolSize, an attempt whose requester left): the runtime handles
// it as an application error before the handshake, before the pool closes
// the connection. generation is the pool generation the attempt started
// in.
type PoolErrorFunc func(err error, generation uint64)

// RuntimeConfig is everything a Topology needs: the SDAM settings, how
// monitors connect, how pools are made, the selection timeout, the
// monitoring mode, the SRV rescan and the event hook. The zero value of
// each field means its default.
type RuntimeConfig struct {
	// Config holds the SDAM state machine's settings: seeds, replica set
	// name, direct or load-balanced mode, heartbeat frequency, latency
	// window.
	Config
	// Conn says how monitors connect. Monitors never authenticate (the
	// SDAM specification forbids it), so Auth is ignored; their socket
	// timeouts follow ConnectTimeout as the specification requires.
	Conn pool.ConnConfig
	// Dial replaces pool.Dial for monitor connections (tests, custom
	// transports).
	Dial func(ctx context.Context, addr string, cfg pool.ConnConfig) (*pool.Conn, error)
	// Pool is the template of every server's connection pool: Address is
	// set per server, EstablishError is chained with the runtime's SDAM
	// handling, and Conn.LoadBalanced follows Config.LoadBalanced.
	Pool pool.Config
	// NewPool, when set, makes the connection pool of a server that joins
	// the topology instead (tests, custom pools); it must start paused.
	// report is for establishment failures (see PoolErrorFunc).
	NewPool func(addr string, report PoolErrorFunc) ServerPool
	// ServerSelectionTimeout is serverSelectionTimeoutMS; 0 means 30 s and
	// a negative value means no limit but the caller's context.
	ServerSelectionTimeout time.Duration
	// MonitoringMode is serverMonitoringMode; the zero value is
	// MonitorAuto.
	MonitoringMode MonitoringMode
	// Events receives every SDAM event (the state machine's and the
	// monitors' heartbeats) in order. It runs synchronously under the
	// topology's lock: it must return quickly and must not call the
	// Topology's methods other than Description. nil means none.
	Events func(Event)
	// SRV turns on the rescan of SRV records for mongos discovery.
	SRV SRVConfig
	// SelectionLogger, when set, is told of every SelectServer's progress
	// for the serverSelection log component; nil costs nothing.
	SelectionLogger SelectionLogger
}

// SRVConfig is the SRV polling of a mongodb+srv topology.
type SRVConfig struct {
	// Host is the mongodb+srv host name; "" turns polling off.
	Host string
	// ServiceName is srvServiceName; "" means "mongodb".
	ServiceName string
	// MaxHosts is srvMaxHosts; 0 means every host.
	MaxHosts int
	// Resolver looks the records up; nil means net.DefaultResolver.
	Resolver connstring.Resolver
	// Interval is rescanSRVIntervalMS. 0 means DefaultSRVInterval; the
	// specification's floor of 60 s applies to DNS TTLs, and a smaller
	// value here is honoured (tests).
	Interval time.Duration
}

// DefaultSRVInterval is how often SRV records are rescanned when DNS TTLs
// are not available (the Go resolver does not report them).
const DefaultSRVInterval = 60 * time.Second

// RuntimeConfigFromConnString translates a parsed (and, for mongodb+srv,
// resolved) connection string: seeds and SDAM options, selection timeout,
// monitoring mode, SRV polling, the pools' and the monitors' connection
// settings. It leaves NewPool, Dial and Events to the caller.
func RuntimeConfigFromConnString(cs *connstring.Config) (RuntimeConfig, error) {
	conn, err := pool.ConnConfigFromConnString(cs)
	if err != nil {
		return RuntimeConfig{}, err
	}
	mode, err := ParseMonitoringMode(cs.ServerMonitoringMode)
	if err != nil {
		return RuntimeConfig{}, err
	}
	pc, err := pool.ConfigFromConnString("", cs)
	if err != nil {
		return RuntimeConfig{}, err
	}
	rc := RuntimeConfig{
		Config: Config{
			SetName:            cs.ReplicaSet,
			Direct:             cs.DirectConnection.Or(false),
			LoadBalanced:       cs.LoadBalanced.Or(false),
			HeartbeatFrequency: cs.HeartbeatFrequency,
		},
		Conn:                   conn,
		Pool:                   pc,
		ServerSelectionTimeout: cs.ServerSelectionTimeout,
		MonitoringMode:         mode,
	}
	for _, h := range cs.Hosts {
		rc.Seeds = append(rc.Seeds, h.String())
	}
	if d, ok := cs.LocalThreshold.Get(); ok {
		rc.LocalThreshold = d
		if d == 0 {
			rc.LocalThreshold = -1 // localThresholdMS=0: only the fastest
		}
	}
	if cs.SRVHost != "" && !rc.LoadBalanced {
		rc.SRV = SRVConfig{Host: cs.SRVHost, ServiceName: cs.SRVServiceName, MaxHosts: cs.SRVMaxHosts}
	}
	return rc, nil
}

// selectionTimeout returns the effective selection timeout; 0 means none.
func (c *RuntimeConfig) selectionTimeout() time.Duration {
	switch {
	case c.ServerSelectionTimeout < 0:
		return 0
	case c.ServerSelectionTimeout == 0:
		return DefaultServerSelectionTimeout
	}
	return c.ServerSelectionTimeout
}

// connectTimeout returns connectTimeoutMS for monitors; 0 means none.
func (c *RuntimeConfig) connectTimeout() time.Duration {
	switch {
	case c.Conn.ConnectTimeout < 0:
		return 0
	case c.Conn.ConnectTimeout == 0:
		return pool.DefaultConnectTimeout
	}
	return c.Conn.ConnectTimeout
}

// monitorConn returns the connection settings of monitoring sockets: no
// authentication, no load-balanced hello, no socket timeout (each check
// sets its own deadline), and numbering from the process-wide sequence.
func (c *RuntimeConfig) monitorConn() pool.ConnConfig {
	cc := c.Conn
	cc.Auth = nil
	cc.LoadBalanced = false
	cc.SocketTimeout = 0
	cc.ID = 0
	cc.Generation = 0
	return cc
}

// dial opens a monitoring connection.
func (c *RuntimeConfig) dial(ctx context.Context, addr string) (*pool.Conn, error) {
	if c.Dial != nil {
		return c.Dial(ctx, addr, c.monitorConn())
	}
	return pool.Dial(ctx, addr, c.monitorConn())
}
