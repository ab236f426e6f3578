package pool_test

import (
	"crypto/md5"
	"crypto/tls"
	"encoding/hex"
	"slices"
	"time"

	"github.com/xdg-go/scram"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/wire"
)

// dispatch answers one command; false ends the connection.
func (s *fakeServer) dispatch(r *responder, name string) bool {
	body := r.req.Body
	switch name {
	case "isMaster", "hello":
		return r.reply(s.helloReply(r.sc, body), 0)
	case "saslStart":
		return r.reply(s.saslStart(r.sc, body, false), 0)
	case "saslContinue":
		return r.reply(s.saslContinue(r.sc, body), 0)
	case "authenticate":
		return r.reply(s.authenticateX509(r.sc, body, false), 0)
	}
	if !r.sc.authed {
		return r.reply(fakeErrReply(13, "Unauthorized", "command "+name+" requires authentication"), 0)
	}
	return s.dispatchTest(r, name, body)
}

// dispatchTest answers the commands the tests use after the handshake.
func (s *fakeServer) dispatchTest(r *responder, name string, body bson.Raw) bool {
	switch name {
	case "ping":
		return r.reply(fakeDoc("ok", 1.0), 0)
	case "fail":
		return r.reply(fakeDoc("ok", 0.0, "errmsg", "boom", "code", 2, "codeName", "BadValue", "errorLabels", []string{"TransientTransactionError"}), 0)
	case "echo": // counts the documents of each sequence
		out := []any{"ok", 1.0}
		for seq := range r.req.Sequences() {
			out = append(out, seq.Identifier(), seq.Len())
		}
		return r.reply(fakeDoc(out...), 0)
	case "block": // answers after Release or ms milliseconds
		s.wait(time.Duration(fakeNum(body.Lookup("ms"))) * time.Millisecond)
		return r.reply(fakeDoc("ok", 1.0), 0)
	case "partial": // sends half the reply, the rest after Release
		b, ok := r.encode(fakeDoc("ok", 1.0, "pad", string(make([]byte, 200))), 0)
		if !ok {
			return false
		}
		if _, err := r.sc.nc.Write(b[:len(b)/2]); err != nil {
			return false
		}
		s.wait(10 * time.Second)
		_, err := r.sc.nc.Write(b[len(b)/2:])
		return err == nil
	case "stream": // n replies, all but the last with moreToCome
		n := int(fakeNum(body.Lookup("n")))
		for i := 1; i <= n; i++ {
			var flags wire.MsgFlags
			if i < n {
				flags = wire.MoreToCome
			}
			if !r.reply(fakeDoc("ok", 1.0, "i", i), flags) {
				return false
			}
		}
		return true
	case "checksum": // a reply with a CRC-32C, corrupted when asked
		b, err := wire.AppendMsg(nil, wire.NextRequestID(), r.req.Header.RequestID, 0, fakeDoc("ok", 1.0, "sum", true), true)
		if err != nil {
			return false
		}
		if body.Lookup("corrupt").Boolean() {
			b[len(b)-1] ^= 0xff
		}
		_, err = r.sc.nc.Write(b)
		return err == nil
	case "hangup":
		return false
	case "wrongResponseTo":
		b, _ := r.encode(fakeDoc("ok", 1.0), 0)
		patchResponseTo(b, r.req.Header.RequestID+1000)
		_, err := r.sc.nc.Write(b)
		return err == nil
	case "big":
		return r.reply(fakeDoc("ok", 1.0, "pad", string(make([]byte, fakeNum(body.Lookup("n"))))), 0)
	}
	return r.reply(fakeErrReply(59, "CommandNotFound", "no such command: '"+name+"'"), 0)
}

func (s *fakeServer) helloReply(sc *serverConn, cmd bson.Raw) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	b = fakeAppendPairs(b, "isWritablePrimary", true, "maxWireVersion", 25, "minWireVersion", 0, "connectionId", sc.id)
	if cmd.Lookup("helloOk").Boolean() {
		b = fakeAppendPairs(b, "helloOk", true)
	}
	if s.opts.maxMessage != 0 {
		b = fakeAppendPairs(b, "maxMessageSizeBytes", s.opts.maxMessage)
	}
	if common := s.commonCompressors(cmd); len(common) > 0 {
		b = fakeAppendPairs(b, "compression", common)
	}
	if user := cmd.Lookup("saslSupportedMechs").StringValue(); user != "" {
		if _, ok := s.opts.users[userOf(user)]; ok {
			b = fakeAppendPairs(b, "saslSupportedMechs", s.mechs())
		}
	}
	if spec := cmd.Lookup("speculativeAuthenticate").Document(); spec != nil && !s.opts.noSpeculative {
		if reply := s.speculative(sc, spec); reply != nil {
			b = fakeAppendPairs(b, "speculativeAuthenticate", reply)
		}
	}
	if cmd.Lookup("loadBalanced").Boolean() && s.opts.helloFields == nil {
		b = fakeAppendPairs(b, "serviceId", bson.ObjectID{0xab, 1})
	}
	if s.opts.helloFields != nil {
		b = s.opts.helloFields(b)
	}
	b = fakeAppendPairs(b, "ok", 1.0)
	return bson.AppendDocumentEnd(b, start)
}

// commonCompressors intersects the offer with ours, in the client's order.
func (s *fakeServer) commonCompressors(cmd bson.Raw) []string {
	var out []string
	vals, _ := cmd.Lookup("compression").Array().Values()
	for _, v := range vals {
		if n := v.StringValue(); slices.Contains(s.opts.compressors, n) {
			out = append(out, n)
		}
	}
	return out
}

func (s *fakeServer) mechs() []string {
	if s.opts.mechs != nil {
		return s.opts.mechs
	}
	return []string{"SCRAM-SHA-1", "SCRAM-SHA-256"}
}

func userOf(dbUser string) string {
	for i := 0; i < len(dbUser); i++ {
		if dbUser[i] == '.' {
			return dbUser[i+1:]
		}
	}
	return dbUser
}

// speculative answers a hello's speculativeAuthenticate: the first SCRAM
// step or X509, without the ok field. nil means no speculative reply.
func (s *fakeServer) speculative(sc *serverConn, spec bson.Raw) bson.Raw {
	var reply bson.Raw
	if !spec.Lookup("saslStart").IsZero() {
		reply = s.saslStart(sc, spec, true)
	} else {
		reply = s.authenticateX509(sc, spec, true)
	}
	if reply.Lookup("ok").IsZero() {
		return reply
	}
	return nil // failed attempts are dropped silently, as mongod does
}

// saslState is one server-side SCRAM conversation.
type saslState struct {
	conv      *scram.ServerConversation
	skipEmpty bool
	finalSent bool
}

func (s *fakeServer) saslStart(sc *serverConn, cmd bson.Raw, speculative bool) bson.Raw {
	mech := cmd.Lookup("mechanism").StringValue()
	if !slices.Contains(s.mechs(), mech) {
		return fakeErrReply(334, "MechanismUnavailable", "mechanism "+mech+" is not supported")
	}
	hash := scram.SHA256
	if mech == "SCRAM-SHA-1" {
		hash = scram.SHA1
	}
	srv, _ := hash.NewServer(s.lookup(mech))
	st := &saslState{conv: srv.NewConversation(), skipEmpty: cmd.Lookup("options", "skipEmptyExchange").Boolean()}
	out, err := st.conv.Step(string(cmd.Lookup("payload").Binary().Data))
	if err != nil {
		return fakeErrReply(18, "AuthenticationFailed", "Authentication failed.")
	}
	sc.nextConv++
	sc.sasl[sc.nextConv] = st
	return fakeSASLReply(sc.nextConv, false, []byte(out), speculative)
}

func (s *fakeServer) saslContinue(sc *serverConn, cmd bson.Raw) bson.Raw {
	id := cmd.Lookup("conversationId").Int32()
	st := sc.sasl[id]
	if st == nil {
		return fakeErrReply(17, "ProtocolError", "no such conversation")
	}
	payload := cmd.Lookup("payload").Binary().Data
	if st.finalSent {
		delete(sc.sasl, id)
		return fakeSASLReply(id, true, nil, false)
	}
	out, err := st.conv.Step(string(payload))
	if err != nil || !st.conv.Valid() {
		return fakeErrReply(18, "AuthenticationFailed", "Authentication failed.")
	}
	st.finalSent = true
	sc.authed = true
	return fakeSASLReply(id, st.skipEmpty, []byte(out), false)
}

func fakeSASLReply(id int32, done bool, payload []byte, speculative bool) bson.Raw {
	kv := []any{"conversationId", id, "done", done, "payload", payload}
	if !speculative {
		kv = append(kv, "ok", 1.0)
	}
	return fakeDoc(kv...)
}

// lookup derives stored credentials the way the server stores them: the
// MongoDB password digest for SHA-1, the SASLprepped password for SHA-256.
func (s *fakeServer) lookup(mech string) scram.CredentialLookup {
	return func(user string) (scram.StoredCredentials, error) {
		pw, ok := s.opts.users[user]
		if !ok {
			return scram.StoredCredentials{}, errFake
		}
		hash, key := scram.SHA256, pw
		if mech == "SCRAM-SHA-1" {
			sum := md5.Sum([]byte(user + ":mongo:" + pw))
			hash, key = scram.SHA1, hex.EncodeToString(sum[:])
		}
		c, err := hash.NewClient(user, key, "")
		if err != nil {
			return scram.StoredCredentials{}, err
		}
		return c.GetStoredCredentials(scram.KeyFactors{Salt: "salt:" + user, Iters: 4096}), nil
	}
}

// authenticateX509 accepts the TLS client certificate's subject as the
// user.
func (s *fakeServer) authenticateX509(sc *serverConn, cmd bson.Raw, speculative bool) bson.Raw {
	tc, ok := sc.nc.(*tls.Conn)
	if !s.opts.x509 || !ok || len(tc.ConnectionState().PeerCertificates) == 0 {
		return fakeErrReply(18, "AuthenticationFailed", "no client certificate")
	}
	subject := tc.ConnectionState().PeerCertificates[0].Subject.String()
	if u := cmd.Lookup("user").StringValue(); u != "" && u != subject {
		return fakeErrReply(18, "AuthenticationFailed", "user does not match the certificate")
	}
	sc.authed = true
	kv := []any{"dbname", "$external", "user", subject}
	if !speculative {
		kv = append(kv, "ok", 1.0)
	}
	return fakeDoc(kv...)
}

func fakeNum(v bson.RawValue) int64 {
	n, _ := v.AsInt64OK()
	return n
}
