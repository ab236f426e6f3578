package mongotest

import (
	"io"
	"log/slog"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	standalone bool
	setName    string
	users      []userSpec
	minWire    int32
	maxWire    int32
	version    string
	ipv6       bool
	addr       string
	logger     *slog.Logger
}

func defaultConfig() config {
	return config{
		setName: "rs0",
		minWire: 0,
		maxWire: 25,
		version: "8.0.0",
		logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// WithStandalone makes the server a standalone mongod instead of the
// primary of a one-member replica set.
func WithStandalone() Option { return func(c *config) { c.standalone = true } }

// WithReplicaSet names the replica set the server is the primary of
// (default "rs0").
func WithReplicaSet(name string) Option {
	return func(c *config) { c.standalone, c.setName = false, name }
}

// WithUser adds a user of the admin database who may authenticate with
// SCRAM-SHA-1 and SCRAM-SHA-256. Once any user exists, every command but
// the handshake and authentication ones requires authentication.
func WithUser(username, password string) Option {
	return WithUserMechanisms(username, password, "SCRAM-SHA-1", "SCRAM-SHA-256")
}

// WithUserMechanisms is WithUser restricted to the named mechanisms
// ("SCRAM-SHA-1", "SCRAM-SHA-256").
func WithUserMechanisms(username, password string, mechanisms ...string) Option {
	return func(c *config) {
		c.users = append(c.users, userSpec{db: "admin", name: username, password: password, mechs: mechanisms})
	}
}

// WithWireVersion sets the minWireVersion and maxWireVersion hello
// reports (default 0 and 25, MongoDB 8.0).
func WithWireVersion(min, max int32) Option {
	return func(c *config) { c.minWire, c.maxWire = min, max }
}

// WithServerVersion sets the version buildInfo reports (default "8.0.0").
func WithServerVersion(v string) Option { return func(c *config) { c.version = v } }

// WithIPv6 listens on [::1] instead of 127.0.0.1.
func WithIPv6() Option { return func(c *config) { c.ipv6 = true } }

// WithListenAddr listens on addr, such as "127.0.0.1:27017", instead of a
// free loopback port.
func WithListenAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// WithLogger sends the server's debug log (connections, commands, errors)
// to l. By default nothing is logged.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }
