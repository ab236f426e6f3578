package auth

import (
	"context"
	"fmt"

	"github.com/cwal-go/cwal/bson"
)

// saslClient is the client side of one SASL conversation.
type saslClient interface {
	mechanism() string
	// skipEmptyExchange reports whether saslStart should carry
	// options.skipEmptyExchange (SCRAM), which saves the final empty round
	// trip on servers 4.4 and later.
	skipEmptyExchange() bool
	start() ([]byte, error)
	step(challenge []byte) ([]byte, error)
	// done reports that the client has nothing more to send and, where the
	// mechanism allows, has verified the server.
	done() bool
}

// maxSASLSteps bounds a conversation: SCRAM needs at most three replies.
const maxSASLSteps = 10

// appendSASLStart appends a saslStart command; with speculativeDB set it
// appends the speculativeAuthenticate form, which names the database in a
// "db" field because it travels inside the hello sent to admin.
func appendSASLStart(dst []byte, c saslClient, payload []byte, speculativeDB string) []byte {
	b, start := bson.AppendDocumentStart(dst)
	b = bson.AppendInt32Element(b, "saslStart", 1)
	b = bson.AppendStringElement(b, "mechanism", c.mechanism())
	b = bson.AppendBinaryElement(b, "payload", 0, payload)
	if c.skipEmptyExchange() {
		var opts int
		b, opts = bson.AppendDocumentElementStart(b, "options")
		b = bson.AppendBooleanElement(b, "skipEmptyExchange", true)
		b = bson.AppendDocumentEnd(b, opts)
	}
	if speculativeDB != "" {
		b = bson.AppendStringElement(b, "db", speculativeDB)
	}
	return bson.AppendDocumentEnd(b, start)
}

func appendSASLContinue(dst []byte, conversationID bson.RawValue, payload []byte) []byte {
	b, start := bson.AppendDocumentStart(dst)
	b = bson.AppendInt32Element(b, "saslContinue", 1)
	b = bson.AppendValueElement(b, "conversationId", conversationID)
	b = bson.AppendBinaryElement(b, "payload", 0, payload)
	return bson.AppendDocumentEnd(b, start)
}

// saslReply is the part of a saslStart or saslContinue reply the loop uses.
// Its fields are views into the reply.
type saslReply struct {
	conversationID bson.RawValue
	done           bool
	payload        []byte
}

func parseSASLReply(reply bson.Raw) (saslReply, error) {
	// No ok check: Conn reports ok: 0 as an error, and the speculative
	// reply inside a hello has no ok field.
	var r saslReply
	r.conversationID = reply.Lookup("conversationId")
	if _, ok := r.conversationID.AsInt64OK(); !ok {
		return r, fmt.Errorf("%w: conversationId is %v", ErrBadServerReply, r.conversationID.Type)
	}
	var ok bool
	if r.done, ok = reply.Lookup("done").BooleanOK(); !ok {
		return r, fmt.Errorf("%w: done is missing or not a boolean", ErrBadServerReply)
	}
	p := reply.Lookup("payload")
	switch p.Type {
	case bson.TypeBinary:
		r.payload = p.Binary().Data
	case bson.TypeString: // servers answer in the form they were asked in; tolerate it
		r.payload, _ = p.StringBytes()
	default:
		return r, fmt.Errorf("%w: payload is %v", ErrBadServerReply, p.Type)
	}
	return r, nil
}

// runSASL drives a conversation on conn against db. first is the reply to
// a saslStart already sent (speculatively, in the hello), or nil to send
// saslStart now.
func runSASL(ctx context.Context, conn Conn, db string, c saslClient, first bson.Raw) error {
	reply := first
	if reply == nil {
		payload, err := c.start()
		if err != nil {
			return err
		}
		if reply, err = conn.RunCommand(ctx, db, appendSASLStart(nil, c, payload, "")); err != nil {
			return err
		}
	}
	var buf []byte
	for range maxSASLSteps {
		r, err := parseSASLReply(reply)
		if err != nil {
			return err
		}
		var out []byte
		if !c.done() {
			if out, err = c.step(r.payload); err != nil {
				return err
			}
		}
		if r.done {
			if !c.done() {
				return ErrConversationIncomplete
			}
			return nil
		}
		// A server without skipEmptyExchange wants one more, empty, message
		// after the client has verified it.
		buf = appendSASLContinue(buf[:0], r.conversationID, out)
		if reply, err = conn.RunCommand(ctx, db, buf); err != nil {
			return err
		}
	}
	return ErrConversationIncomplete
}
