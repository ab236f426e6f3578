package auth

import (
	"strconv"
	"strings"
)

// The mechanism names, as written in authMechanism and on the wire.
const (
	SCRAMSHA1   = "SCRAM-SHA-1"
	SCRAMSHA256 = "SCRAM-SHA-256"
	PLAIN       = "PLAIN"
	X509        = "MONGODB-X509"
)

// Credential is who to authenticate as and how. String and GoString never
// show the password.
type Credential struct {
	// Username is the user; optional for MONGODB-X509, where the
	// certificate's subject names the user.
	Username string
	// Password is the plain-text password (SCRAM, PLAIN).
	Password string
	// Source is the database holding the user; "" means the mechanism's
	// default: "admin" for SCRAM and negotiation, "$external" otherwise.
	Source string
	// Mechanism is one of the constants above; "" negotiates SCRAM-SHA-256
	// or SCRAM-SHA-1 with the server.
	Mechanism string
	// Properties are authMechanismProperties. None of the mechanisms here
	// takes any, so New rejects a non-empty map.
	Properties map[string]string
}

// String describes c without its password.
func (c Credential) String() string {
	var b strings.Builder
	b.WriteString("{Username:" + strconv.Quote(c.Username))
	if c.Password != "" {
		b.WriteString(" Password:<redacted>")
	}
	b.WriteString(" Source:" + strconv.Quote(c.Source) + " Mechanism:" + strconv.Quote(c.Mechanism) + "}")
	return b.String()
}

// GoString is String, so that %#v does not print the password either.
func (c Credential) GoString() string { return "auth.Credential" + c.String() }

// source returns the database the conversation runs against.
func (c *Credential) source() string {
	switch {
	case c.Source != "":
		return c.Source
	case c.Mechanism == "" || c.Mechanism == SCRAMSHA1 || c.Mechanism == SCRAMSHA256:
		return "admin"
	}
	return "$external"
}

// validate applies the credential rules of the Authentication
// specification for the mechanisms this package implements.
func (c *Credential) validate() error {
	switch c.Mechanism {
	case "", SCRAMSHA1, SCRAMSHA256, PLAIN:
		if c.Username == "" {
			return ErrUsernameRequired
		}
	case X509:
		if c.Password != "" {
			return ErrPasswordNotAllowed
		}
		if c.Source != "" && c.Source != "$external" {
			return ErrSourceMustBeExternal
		}
	default:
		return ErrUnsupportedMechanism
	}
	if len(c.Properties) > 0 {
		return ErrPropertiesNotAllowed
	}
	return nil
}
