package pool

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/connstring"
)

// Defaults of the pool options (CMAP).
const (
	// DefaultMaxPoolSize is maxPoolSize's default.
	DefaultMaxPoolSize = 100
	// DefaultMaxConnecting is maxConnecting's default.
	DefaultMaxConnecting = 2
	// DefaultMaintainInterval is the pause between two runs of the
	// background maintenance (idle pruning, minPoolSize, leak reports).
	DefaultMaintainInterval = time.Second
	// DefaultDrainTimeout bounds how long the pool reads the rest of a reply
	// whose reader gave up, before it closes the connection instead.
	DefaultDrainTimeout = 3 * time.Second
)

// NoLimit is the MaxPoolSize of a pool without a size limit (the URI's
// maxPoolSize=0), and the MaintainInterval that turns background
// maintenance off.
const NoLimit = -1

// Config says how a Pool behaves. It is plain data; the zero value of each
// field means its default, so Config{Address: a} is a valid pool with the
// CMAP defaults. ConfigFromConnString fills one from a URI.
type Config struct {
	// Address is the server's address, as Dial takes it.
	Address string
	// Conn says how connections are established. The pool sets its ID and
	// Generation for each connection.
	Conn ConnConfig
	// Dial replaces pool.Dial, for tests and custom transports. It must
	// honour ctx, use cfg.ID as the connection's id and return a
	// connection that completed its handshake.
	Dial func(ctx context.Context, addr string, cfg ConnConfig) (*Conn, error)

	// MaxPoolSize caps the connections of the pool, being established, idle,
	// in use or draining (maxPoolSize). 0 means DefaultMaxPoolSize and
	// NoLimit (any negative value) means no limit.
	MaxPoolSize int
	// MinPoolSize is the number of connections the background maintenance
	// keeps established while the pool is ready (minPoolSize).
	MinPoolSize int
	// MaxConnecting caps the connections being established at once
	// (maxConnecting); 0 means DefaultMaxConnecting.
	MaxConnecting int
	// MaxIdleTime closes connections left idle longer (maxIdleTimeMS); 0
	// keeps them.
	MaxIdleTime time.Duration
	// WaitQueueTimeout bounds the wait for a connection or for the right to
	// establish one (waitQueueTimeoutMS); 0 means only ctx bounds it.
	WaitQueueTimeout time.Duration
	// MaintainInterval is the pause between background maintenance runs;
	// 0 means DefaultMaintainInterval and a negative value turns the
	// maintenance off (no minPoolSize, idle connections pruned only on
	// checkout; for tests).
	MaintainInterval time.Duration

	// DrainTimeout bounds the background read of the rest of a reply whose
	// reader timed out; 0 means DefaultDrainTimeout and a negative value
	// closes such connections instead of draining them.
	DrainTimeout time.Duration

	// Events receives the CMAP events; nil means none.
	Events *Events
	// BackgroundError receives establishment failures that no checkout
	// reports: background population for MinPoolSize, and connections
	// whose requester left before they were ready. SDAM handles them as
	// errors before the handshake (mark the server Unknown, clear the
	// pool). It runs on a pool goroutine before the ConnectionClosed event
	// and may call Clear.
	BackgroundError func(err *ConnectionError)
	// EstablishError receives every establishment failure the pool did not
	// cause itself (Clear and Close interruptions are not reported),
	// whether a checkout waits for it or not, on the pool goroutine before
	// the ConnectionClosed event and before the waiting checkout fails: SDAM
	// clears the pool first, as its specification orders. It runs before
	// BackgroundError when both are set and may call Clear.
	EstablishError func(err *ConnectionError)
	// Leak turns on the leak diagnostics.
	Leak LeakConfig
}

// ConfigFromConnString translates the pool and connection options of a
// parsed connection string for one server address.
func ConfigFromConnString(addr string, cs *connstring.Config) (Config, error) {
	cc, err := ConnConfigFromConnString(cs)
	if err != nil {
		return Config{}, err
	}
	cfg := Config{
		Address:          addr,
		Conn:             cc,
		MinPoolSize:      cs.MinPoolSize,
		MaxConnecting:    cs.MaxConnecting,
		MaxIdleTime:      cs.MaxIdleTime,
		WaitQueueTimeout: cs.WaitQueueTimeout,
	}
	if n, ok := cs.MaxPoolSize.Get(); ok {
		cfg.MaxPoolSize = n
		if n == 0 {
			cfg.MaxPoolSize = NoLimit
		}
	}
	return cfg, nil
}

// withDefaults returns cfg with every zero value replaced by its default.
func (cfg Config) withDefaults() Config {
	if cfg.MaxPoolSize == 0 {
		cfg.MaxPoolSize = DefaultMaxPoolSize
	} else if cfg.MaxPoolSize < 0 {
		cfg.MaxPoolSize = NoLimit
	}
	if cfg.MaxConnecting <= 0 {
		cfg.MaxConnecting = DefaultMaxConnecting
	}
	if cfg.MinPoolSize < 0 {
		cfg.MinPoolSize = 0
	}
	if cfg.MaxPoolSize > 0 && cfg.MinPoolSize > cfg.MaxPoolSize {
		cfg.MinPoolSize = cfg.MaxPoolSize
	}
	if cfg.MaintainInterval == 0 {
		cfg.MaintainInterval = DefaultMaintainInterval
	}
	if cfg.DrainTimeout == 0 {
		cfg.DrainTimeout = DefaultDrainTimeout
	}
	if cfg.Dial == nil {
		cfg.Dial = Dial
	}
	return cfg
}

// Options are the pool options a PoolCreated event reports: the values
// the pool was configured with, zero for the ones left at their default.
type Options struct {
	MaxPoolSize      int // NoLimit for no limit
	MinPoolSize      int
	MaxConnecting    int
	MaxIdleTime      time.Duration
	WaitQueueTimeout time.Duration
}

func (cfg *Config) options() Options {
	return Options{
		MaxPoolSize:      cfg.MaxPoolSize,
		MinPoolSize:      cfg.MinPoolSize,
		MaxConnecting:    cfg.MaxConnecting,
		MaxIdleTime:      cfg.MaxIdleTime,
		WaitQueueTimeout: cfg.WaitQueueTimeout,
	}
}
