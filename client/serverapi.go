package client

import "github.com/cwal-go/cwal/pool"

// ServerAPIOptions declare the Stable API version an application was
// written for: Version (ServerAPIVersion1), and Strict and
// DeprecationErrors, sent as apiStrict and apiDeprecationErrors when set,
// even to false.
type ServerAPIOptions = pool.ServerAPI

// ServerAPIVersion1 is Stable API version "1".
const ServerAPIVersion1 = pool.ServerAPIVersion1

// WithServerAPI declares a Stable API version: every command of the
// client, the connection handshakes and getMore included, carries
// apiVersion (and apiStrict, apiDeprecationErrors when set), and the
// handshake uses hello. Connect fails with
// pool.ErrUnknownServerAPIVersion for a version other than
// ServerAPIVersion1. Leaving it unset sends no API fields at all.
func WithServerAPI(o ServerAPIOptions) Option {
	return func(c *Config) { c.ServerAPI = &o }
}
