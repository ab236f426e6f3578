package connstring

import (
	"sort"
	"strconv"
	"strings"
)

// Authentication mechanisms, as spelled in authMechanism.
const (
	MechanismSCRAMSHA1   = "SCRAM-SHA-1"
	MechanismSCRAMSHA256 = "SCRAM-SHA-256"
	MechanismPLAIN       = "PLAIN"
	MechanismGSSAPI      = "GSSAPI"
	MechanismX509        = "MONGODB-X509"
	MechanismAWS         = "MONGODB-AWS"
	MechanismOIDC        = "MONGODB-OIDC"
)

// Credential says how to authenticate. Its String and GoString redact the
// password, so printing a Credential or a Config never shows it.
type Credential struct {
	// Username is the decoded user name; for MONGODB-X509 it may be empty
	// (the certificate subject is used).
	Username string
	// Password is the decoded password; it is meaningful when PasswordSet.
	Password string
	// PasswordSet reports whether the URI had a password, possibly empty
	// ("user:@host").
	PasswordSet bool
	// Source is the database to authenticate against. Parse fills it from
	// authSource or the mechanism's default (the URI database or "admin" for
	// SCRAM, the database or "$external" for PLAIN, "$external" otherwise).
	// Validate treats "" as that default.
	Source string
	// Mechanism is authMechanism in upper case; "" means negotiate
	// SCRAM-SHA-256 or SCRAM-SHA-1 with the server.
	Mechanism string
	// MechanismProperties is authMechanismProperties, names in upper case.
	// For GSSAPI Parse adds SERVICE_NAME=mongodb when absent.
	MechanismProperties map[string]string
}

// String describes the credential without its password.
func (c Credential) String() string {
	var b strings.Builder
	b.WriteString("{Username:" + strconv.Quote(c.Username))
	if c.PasswordSet {
		b.WriteString(" Password:" + redacted)
	}
	b.WriteString(" Source:" + strconv.Quote(c.Source) + " Mechanism:" + strconv.Quote(c.Mechanism))
	if len(c.MechanismProperties) > 0 {
		b.WriteString(" MechanismProperties:" + strconv.Quote(string(appendKeyValues(nil, redactProperties(c.MechanismProperties)))))
	}
	b.WriteString("}")
	return b.String()
}

// GoString is String, so that %#v does not print the password either.
func (c Credential) GoString() string { return "connstring.Credential" + c.String() }

// redacted replaces secrets in String output.
const redacted = "xxxxx"

// buildCredential creates the credential when the URI asks for
// authentication: userinfo, authMechanism or authMechanismProperties. A
// database or authSource alone does not (auth spec).
func (p *parser) buildCredential() {
	if !p.hasUI && p.mechanism == "" && p.props == nil {
		return
	}
	c := &Credential{
		Username:            p.ui.username,
		Password:            p.ui.password,
		PasswordSet:         p.ui.passwordSet,
		Mechanism:           p.mechanism,
		MechanismProperties: p.props,
	}
	c.Source = defaultSource(c.Mechanism, p.cfg.AuthSource, p.cfg.Database)
	if c.Mechanism == MechanismGSSAPI && c.MechanismProperties["SERVICE_NAME"] == "" {
		if c.MechanismProperties == nil {
			c.MechanismProperties = map[string]string{}
		}
		c.MechanismProperties["SERVICE_NAME"] = "mongodb"
	}
	p.cfg.Credential = c
}

// defaultSource applies the auth spec's authSource defaults.
func defaultSource(mechanism, authSource, database string) string {
	switch {
	case authSource != "":
		return authSource
	case mechanism == "" || mechanism == MechanismSCRAMSHA1 || mechanism == MechanismSCRAMSHA256:
		if database != "" {
			return database
		}
		return "admin"
	case mechanism == MechanismPLAIN:
		if database != "" {
			return database
		}
		return "$external"
	default:
		return "$external"
	}
}

// appendKeyValues writes "K1:v1,K2:v2" with sorted keys, escaping each part.
func appendKeyValues(dst []byte, m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendEscaped(dst, k)
		dst = append(dst, ':')
		dst = appendEscaped(dst, m[k])
	}
	return dst
}
