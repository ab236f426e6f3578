package auth

import "errors"

// plainConversation is SASL PLAIN (RFC 4616), used for LDAP: one message,
// "\x00user\x00password", no authorization identity.
type plainConversation struct {
	user, pass string
	started    bool
}

func (p *plainConversation) mechanism() string       { return PLAIN }
func (p *plainConversation) skipEmptyExchange() bool { return false }

func (p *plainConversation) start() ([]byte, error) {
	p.started = true
	return AppendPlainPayload(nil, p.user, p.pass), nil
}

func (p *plainConversation) step([]byte) ([]byte, error) {
	return nil, errors.New("PLAIN: the server sent an unexpected challenge")
}

func (p *plainConversation) done() bool { return p.started }

// AppendPlainPayload appends the PLAIN initial response for user and
// password: an empty authorization identity, NUL, user, NUL, password.
func AppendPlainPayload(dst []byte, user, password string) []byte {
	dst = append(dst, 0)
	dst = append(dst, user...)
	dst = append(dst, 0)
	return append(dst, password...)
}
