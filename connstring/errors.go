package connstring

import (
	"errors"
)

// Sentinel errors classify a *Error; test them with errors.Is.
var (
	// ErrSyntax: the connection string is malformed (scheme, userinfo, host,
	// port, percent-encoding, an option without "=").
	ErrSyntax = errors.New("malformed connection string")
	// ErrInvalidOption: an option value or a combination of options is not
	// allowed (conflicting TLS options, loadBalanced with several hosts, ...).
	ErrInvalidOption = errors.New("invalid option")
	// ErrInvalidCredential: the credential does not meet the rules of its
	// authentication mechanism.
	ErrInvalidCredential = errors.New("invalid credential")
	// ErrSRV: the SRV or TXT lookup failed or returned records that may not
	// be used.
	ErrSRV = errors.New("SRV resolution failed")
)

// Error is the error returned by Parse, Validate and ResolveSRV. Its text
// names the part or option at fault and never contains a password.
type Error struct {
	// Field is the option (as spelled in the specifications, e.g.
	// "tlsInsecure") or the part of the URI ("scheme", "userinfo", "host",
	// "database", "options", "srv") at fault.
	Field string
	// Reason says what is wrong.
	Reason string
	// Kind is one of ErrSyntax, ErrInvalidOption, ErrInvalidCredential,
	// ErrSRV.
	Kind error
	// Cause is the underlying error (a DNS error), or nil.
	Cause error
}

// Error returns "connstring: <field>: <reason>" and the cause, if any.
func (e *Error) Error() string {
	s := "connstring: " + e.Field + ": " + e.Reason
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the kind and the cause, so errors.Is matches both.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Cause}
}

func syntaxErr(field, reason string) error {
	return &Error{Field: field, Reason: reason, Kind: ErrSyntax}
}

func optionErr(field, reason string) error {
	return &Error{Field: field, Reason: reason, Kind: ErrInvalidOption}
}

func credErr(field, reason string) error {
	return &Error{Field: field, Reason: reason, Kind: ErrInvalidCredential}
}

func srvErr(reason string, cause error) error {
	return &Error{Field: "srv", Reason: reason, Kind: ErrSRV, Cause: cause}
}
