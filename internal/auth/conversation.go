package auth

import (
	"context"
	"errors"

	"github.com/cwal-go/cwal/bson"
)

// Conversation authenticates one connection: it adds the authentication
// fields to the connection's hello and finishes the exchange after the
// hello reply. Not safe for concurrent use; use one per connection.
type Conversation struct {
	a *Authenticator
	// spec is the SASL conversation started speculatively in the hello,
	// nil when none was (PLAIN, or a preparation failure left for Finish to
	// report); specMech names its mechanism, also for X509.
	spec     saslClient
	specMech string
}

// NewConversation starts the authentication of one connection.
func (a *Authenticator) NewConversation() *Conversation {
	return &Conversation{a: a}
}

// AppendHello appends to the open hello document dst the elements the
// handshake needs: saslSupportedMechs "<source>.<user>" when the mechanism
// is to be negotiated, and speculativeAuthenticate with the first message
// of the mechanism (SCRAM-SHA-256 when negotiating, MONGODB-X509; none for
// PLAIN). Call it at most once. A failure to prepare the speculative
// message (such as a password SASLprep rejects) is not returned here:
// Finish reports it with the conversation's mechanism.
func (c *Conversation) AppendHello(dst []byte) []byte {
	cred := &c.a.cred
	if cred.Mechanism == "" {
		dst = bson.AppendStringElement(dst, "saslSupportedMechs", cred.source()+"."+cred.Username)
	}
	mech := c.a.speculativeMechanism()
	switch mech {
	case "":
		return dst
	case X509:
		c.specMech = mech
		return bson.AppendDocumentElement(dst, "speculativeAuthenticate", appendX509(nil, cred.Username, true))
	}
	conv, err := c.a.newSCRAM(mech)
	if err != nil {
		return dst
	}
	payload, err := conv.start()
	if err != nil {
		return dst
	}
	c.spec, c.specMech = conv, mech
	return bson.AppendDocumentElement(dst, "speculativeAuthenticate", appendSASLStart(nil, conv, payload, cred.source()))
}

// Finish completes authentication on conn, whose hello reply carried
// saslSupportedMechs and speculativeAuthenticate (nil when absent). With a
// speculative reply it continues that conversation; otherwise it runs the
// configured or negotiated mechanism from the start. Errors are an *Error
// naming the mechanism and wrapping the cause.
func (c *Conversation) Finish(ctx context.Context, conn Conn, saslSupportedMechs []string, speculative bson.Raw) error {
	if speculative != nil && c.specMech != "" {
		return wrap(c.specMech, c.resume(ctx, conn, speculative))
	}
	mech := c.a.mechanismFor(saslSupportedMechs)
	return wrap(mech, c.run(ctx, conn, mech))
}

// resume continues the speculative conversation from the hello's reply.
func (c *Conversation) resume(ctx context.Context, conn Conn, reply bson.Raw) error {
	if c.specMech == X509 {
		// The reply to a speculative authenticate is the authenticate reply
		// minus ok: its presence means the server accepted the certificate.
		return nil
	}
	if c.spec == nil {
		return errors.New("speculative reply without a speculative conversation")
	}
	return runSASL(ctx, conn, c.a.cred.source(), c.spec, reply)
}

// run performs a whole conversation with mech.
func (c *Conversation) run(ctx context.Context, conn Conn, mech string) error {
	cred := &c.a.cred
	switch mech {
	case X509:
		return runX509(ctx, conn, cred.Username)
	case PLAIN:
		return runSASL(ctx, conn, cred.source(), &plainConversation{user: cred.Username, pass: cred.Password}, nil)
	case SCRAMSHA1, SCRAMSHA256:
		conv, err := c.a.newSCRAM(mech)
		if err != nil {
			return err
		}
		return runSASL(ctx, conn, cred.source(), conv, nil)
	}
	return ErrUnsupportedMechanism
}
