package auth

import (
	"context"

	"github.com/cwal-go/cwal/bson"
)

// appendX509 appends the MONGODB-X509 authenticate command. The user is
// sent only when the credential names one; otherwise the server takes the
// certificate's subject. With speculative set it adds db: "$external" for
// the speculativeAuthenticate form.
func appendX509(dst []byte, user string, speculative bool) []byte {
	b, start := bson.AppendDocumentStart(dst)
	b = bson.AppendInt32Element(b, "authenticate", 1)
	b = bson.AppendStringElement(b, "mechanism", X509)
	if user != "" {
		b = bson.AppendStringElement(b, "user", user)
	}
	if speculative {
		b = bson.AppendStringElement(b, "db", "$external")
	}
	return bson.AppendDocumentEnd(b, start)
}

// runX509 authenticates with the certificate presented in the TLS
// handshake. Success is the command's ok: 1, which Conn checks.
func runX509(ctx context.Context, conn Conn, user string) error {
	_, err := conn.RunCommand(ctx, "$external", appendX509(nil, user, false))
	return err
}
