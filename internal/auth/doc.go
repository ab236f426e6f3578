// Package auth authenticates connections: SCRAM-SHA-256, SCRAM-SHA-1,
// PLAIN and MONGODB-X509, with mechanism negotiation and speculative
// authentication as the Authentication and MongoDB Handshake
// specifications describe.
//
// An Authenticator holds one credential and the SCRAM keys derived from it,
// so that opening another connection does not repeat the deliberately slow
// key derivation; it is safe for concurrent use and meant to be shared by
// every connection of a client. Each connection runs its own Conversation:
//
//	conv := a.NewConversation()
//	hello, err = conv.AppendHello(hello) // saslSupportedMechs, speculativeAuthenticate
//	... send hello, read the reply ...
//	err = conv.Finish(ctx, conn, reply.SASLSupportedMechs, reply.SpeculativeAuthenticate)
//
// The package does not import the connection layer: it talks through the
// one-method Conn interface. Passwords never appear in errors or in the
// String form of a Credential.
package auth
