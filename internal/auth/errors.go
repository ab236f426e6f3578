package auth

import "errors"

// Reasons New rejects a credential. They are returned inside an *Error.
var (
	ErrUnsupportedMechanism = errors.New("mechanism not supported (supported: SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, MONGODB-X509)")
	ErrUsernameRequired     = errors.New("a username is required")
	ErrPasswordNotAllowed   = errors.New("a password is not allowed")
	ErrSourceMustBeExternal = errors.New(`the source must be "$external"`)
	ErrPropertiesNotAllowed = errors.New("mechanism properties are not allowed")
)

// Errors a conversation reports about the server's side of it, inside an
// *Error.
var (
	// ErrBadServerReply means a saslStart or saslContinue reply lacks a
	// field or has one of the wrong type.
	ErrBadServerReply = errors.New("malformed authentication reply")
	// ErrConversationIncomplete means the server declared success before the
	// client could verify it (for SCRAM, before the server signature), or
	// never declared it within the allowed number of steps.
	ErrConversationIncomplete = errors.New("authentication conversation did not complete")
)

// Error is an authentication failure: the mechanism and the cause, which
// may be the transport's error for a failed command (a server error such as
// AuthenticationFailed, or a network error) or one of the Err values of
// this package. It never contains the password.
type Error struct {
	Mechanism string
	Err       error
}

func (e *Error) Error() string {
	mech := e.Mechanism
	if mech == "" {
		mech = "credential"
	}
	return "auth: " + mech + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func wrap(mech string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Mechanism: mech, Err: err}
}
