package pool

import (
	"context"
	"strconv"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/auth"
)

// Credential is who to authenticate as. Its String and GoString never
// show the password.
type Credential struct {
	// Username is the user; optional for MONGODB-X509.
	Username string
	// Password is the plain-text password (SCRAM, PLAIN).
	Password string
	// Source is the database holding the user; "" means "admin" for SCRAM
	// and negotiation, "$external" for PLAIN and MONGODB-X509.
	Source string
	// Mechanism is "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN" or
	// "MONGODB-X509"; "" negotiates SCRAM-SHA-256 or SCRAM-SHA-1.
	Mechanism string
	// MechanismProperties are authMechanismProperties; the supported
	// mechanisms take none.
	MechanismProperties map[string]string
}

// String describes the credential without its password.
func (c Credential) String() string {
	return "{Username:" + strconv.Quote(c.Username) + passwordMark(c.Password) +
		" Source:" + strconv.Quote(c.Source) + " Mechanism:" + strconv.Quote(c.Mechanism) + "}"
}

// GoString is String, so that %#v does not print the password either.
func (c Credential) GoString() string { return "pool.Credential" + c.String() }

func passwordMark(pw string) string {
	if pw == "" {
		return ""
	}
	return " Password:<redacted>"
}

// Authenticator is a checked credential ready to authenticate connections.
// It caches the keys SCRAM derives from the password (a deliberately slow
// computation), so share one among all the connections of a client. Safe
// for concurrent use.
type Authenticator struct {
	a *auth.Authenticator
}

// NewAuthenticator checks c against the rules of its mechanism and
// returns an Authenticator for it.
func NewAuthenticator(c Credential) (*Authenticator, error) {
	a, err := auth.New(auth.Credential{
		Username:   c.Username,
		Password:   c.Password,
		Source:     c.Source,
		Mechanism:  c.Mechanism,
		Properties: c.MechanismProperties,
	})
	if err != nil {
		return nil, err
	}
	return &Authenticator{a: a}, nil
}

// Credential returns the credential, Source filled with its default.
func (a *Authenticator) Credential() Credential {
	c := a.a.Credential()
	return Credential{Username: c.Username, Password: c.Password, Source: c.Source, Mechanism: c.Mechanism}
}

// String describes the credential without its password.
func (a *Authenticator) String() string { return "pool.Authenticator" + a.Credential().String() }

// authConn lets the auth package run commands on a Conn during the
// handshake.
type authConn struct{ c *Conn }

func (a authConn) RunCommand(ctx context.Context, db string, cmd bson.Raw) (bson.Raw, error) {
	return a.c.runCommand(ctx, db, cmd, nil)
}
