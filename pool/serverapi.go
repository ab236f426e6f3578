package pool

import (
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/connstring"
)

// ServerAPIVersion1 is Stable API version "1", the only one declared so
// far.
const ServerAPIVersion1 = "1"

// ErrUnknownServerAPIVersion is returned for a ServerAPI whose Version is
// not one this driver knows.
var ErrUnknownServerAPIVersion = errors.New("pool: unknown Stable API version (the known version is \"1\")")

// ServerAPI declares the Stable API version an application was written
// for (versioned API specification). When a connection has one, every
// command it sends, the handshake included, carries apiVersion, and
// apiStrict and apiDeprecationErrors when they are set (even to false);
// the handshake then uses hello, never the legacy isMaster.
type ServerAPI struct {
	// Version is the API version, ServerAPIVersion1.
	Version string
	// Strict makes the server refuse commands outside the API version.
	Strict connstring.Optional[bool]
	// DeprecationErrors makes the server refuse commands deprecated in
	// the API version.
	DeprecationErrors connstring.Optional[bool]
}

// Validate reports an unknown version.
func (a *ServerAPI) Validate() error {
	if a != nil && a.Version != ServerAPIVersion1 {
		return ErrUnknownServerAPIVersion
	}
	return nil
}

// AppendElements appends apiVersion and the flags that are set to a
// command being built; a nil ServerAPI appends nothing.
func (a *ServerAPI) AppendElements(dst []byte) []byte {
	if a == nil {
		return dst
	}
	dst = bson.AppendStringElement(dst, "apiVersion", a.Version)
	if v, ok := a.Strict.Get(); ok {
		dst = bson.AppendBooleanElement(dst, "apiStrict", v)
	}
	if v, ok := a.DeprecationErrors.Get(); ok {
		dst = bson.AppendBooleanElement(dst, "apiDeprecationErrors", v)
	}
	return dst
}

// ServerAPI returns the Stable API version the connection declares with
// every command (ConnConfig.ServerAPI), nil for none.
func (c *Conn) ServerAPI() *ServerAPI { return c.serverAPI }
