package auth

import (
	"context"
	"slices"
	"sync"

	"github.com/xdg-go/scram"

	"github.com/cwal-go/cwal/bson"
)

// Conn is the transport a conversation runs on: one connection that has
// completed its hello. RunCommand sends cmd (a command document without
// $db) to database db and returns the reply document, or an error for a
// transport failure or a reply with ok other than 1. The reply may be a
// view that the next call overwrites.
type Conn interface {
	RunCommand(ctx context.Context, db string, cmd bson.Raw) (bson.Raw, error)
}

// Authenticator authenticates connections with one credential. It caches
// the SCRAM client for each mechanism, and each SCRAM client caches the keys
// derived per salt and iteration count, so the PBKDF2 work is done once per
// (mechanism, user, password, salt, iterations). Safe for concurrent use.
type Authenticator struct {
	cred Credential

	mu    sync.Mutex
	scram map[string]*scram.Client // by mechanism

	nonce func() string // client nonce generator; nil means random (tests set it)
}

// New checks cred and returns an Authenticator for it. Failures are an
// *Error wrapping one of the ErrX reasons.
func New(cred Credential) (*Authenticator, error) {
	if err := cred.validate(); err != nil {
		return nil, wrap(cred.Mechanism, err)
	}
	cred.Properties = nil
	return &Authenticator{cred: cred}, nil
}

// Credential returns the credential, with Source filled with the default
// when it was empty.
func (a *Authenticator) Credential() Credential {
	c := a.cred
	c.Source = c.source()
	return c
}

// NegotiateMechanism picks the mechanism for a credential that names none,
// from the server's saslSupportedMechs: SCRAM-SHA-256 when listed, else
// SCRAM-SHA-1 (also when the list is absent). Unknown names are ignored.
func NegotiateMechanism(saslSupportedMechs []string) string {
	if slices.Contains(saslSupportedMechs, SCRAMSHA256) {
		return SCRAMSHA256
	}
	return SCRAMSHA1
}

// scramClient returns the cached SCRAM client for mech, creating it on
// first use. Creation does the password preparation (SASLprep or the
// MongoDB digest), which may fail.
func (a *Authenticator) scramClient(mech string) (*scram.Client, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c := a.scram[mech]; c != nil {
		return c, nil
	}
	c, err := newSCRAMClient(mech, a.cred.Username, a.cred.Password)
	if err != nil {
		return nil, err
	}
	if a.nonce != nil {
		c = c.WithNonceGenerator(a.nonce)
	}
	if a.scram == nil {
		a.scram = map[string]*scram.Client{}
	}
	a.scram[mech] = c
	return c, nil
}

// mechanismFor returns the mechanism to run when there is no speculative
// reply to continue.
func (a *Authenticator) mechanismFor(saslSupportedMechs []string) string {
	if a.cred.Mechanism != "" {
		return a.cred.Mechanism
	}
	return NegotiateMechanism(saslSupportedMechs)
}

// speculativeMechanism is the mechanism tried in the hello: the configured
// one, or SCRAM-SHA-256 when negotiating (handshake specification). PLAIN
// has no speculative form.
func (a *Authenticator) speculativeMechanism() string {
	switch a.cred.Mechanism {
	case "":
		return SCRAMSHA256
	case PLAIN:
		return ""
	}
	return a.cred.Mechanism
}
