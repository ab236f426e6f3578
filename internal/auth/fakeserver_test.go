package auth_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/xdg-go/scram"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/auth"
)

// fakeServer plays the server side of SASL with xdg-go/scram's server, for
// users stored with SCRAM-SHA-1 (MongoDB digest) and SCRAM-SHA-256 keys. It
// implements auth.Conn.
type fakeServer struct {
	users     map[string]string // user -> password
	iters     int
	skipEmpty bool // honor options.skipEmptyExchange
	convs     map[int32]*serverConv
	nextID    int32
	commands  []string // names of the commands received, in order
	dbs       []string
	plainOK   string // the PLAIN payload accepted
	runs      atomic.Int32
}

type serverConv struct {
	conv      *scram.ServerConversation
	skipEmpty bool
	finalSent bool
}

func newFakeServer() *fakeServer {
	return &fakeServer{users: map[string]string{}, iters: 4096, skipEmpty: true, convs: map[int32]*serverConv{}}
}

var errAuthFailed = errors.New("Authentication failed. (AuthenticationFailed code 18)")

// lookup returns stored credentials derived as a real server stores them.
func (s *fakeServer) lookup(mech string) scram.CredentialLookup {
	return func(user string) (scram.StoredCredentials, error) {
		pw, ok := s.users[user]
		if !ok {
			return scram.StoredCredentials{}, errors.New("no such user")
		}
		hash, key := scram.SHA256, pw
		if mech == auth.SCRAMSHA1 {
			hash, key = scram.SHA1, mongoDigest(user, pw)
		}
		c, err := hash.NewClientUnprepped(user, key, "")
		if err != nil {
			return scram.StoredCredentials{}, err
		}
		return c.GetStoredCredentials(scram.KeyFactors{Salt: "salt-" + user, Iters: s.iters}), nil
	}
}

func (s *fakeServer) RunCommand(ctx context.Context, db string, cmd bson.Raw) (bson.Raw, error) {
	s.runs.Add(1)
	it := cmd.Iter()
	if !it.Next() {
		return nil, errors.New("empty command")
	}
	name := it.Key()
	s.commands = append(s.commands, name)
	s.dbs = append(s.dbs, db)
	switch name {
	case "saslStart":
		return s.saslStart(cmd, false)
	case "saslContinue":
		return s.saslContinue(cmd)
	case "authenticate":
		return bsonDoc("dbname", "$external", "user", "CN=client"), nil
	}
	return nil, fmt.Errorf("no such command: %q", name)
}

// saslStart answers a saslStart, or the speculativeAuthenticate document
// of a hello when speculative (no ok field then).
func (s *fakeServer) saslStart(cmd bson.Raw, speculative bool) (bson.Raw, error) {
	mech := cmd.Lookup("mechanism").StringValue()
	payload := cmd.Lookup("payload").Binary().Data
	if mech == auth.PLAIN {
		if string(payload) != s.plainOK {
			return nil, errAuthFailed
		}
		return saslReply(1, true, nil, speculative), nil
	}
	hash := scram.SHA256
	if mech == auth.SCRAMSHA1 {
		hash = scram.SHA1
	}
	srv, _ := hash.NewServer(s.lookup(mech))
	sc := &serverConv{conv: srv.NewConversation(), skipEmpty: s.skipEmpty && cmd.Lookup("options", "skipEmptyExchange").Boolean()}
	out, err := sc.conv.Step(string(payload))
	if err != nil {
		return nil, errAuthFailed
	}
	s.nextID++
	s.convs[s.nextID] = sc
	return saslReply(s.nextID, false, []byte(out), speculative), nil
}

func (s *fakeServer) saslContinue(cmd bson.Raw) (bson.Raw, error) {
	id := cmd.Lookup("conversationId").Int32()
	sc := s.convs[id]
	if sc == nil {
		return nil, errors.New("no such conversation")
	}
	payload := cmd.Lookup("payload").Binary().Data
	if sc.finalSent {
		if len(payload) != 0 {
			return nil, errors.New("expected an empty payload")
		}
		return saslReply(id, true, nil, false), nil
	}
	out, err := sc.conv.Step(string(payload))
	if err != nil || !sc.conv.Valid() {
		return nil, errAuthFailed
	}
	sc.finalSent = true
	return saslReply(id, sc.skipEmpty, []byte(out), false), nil
}

func saslReply(id int32, done bool, payload []byte, speculative bool) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendInt32Element(b, "conversationId", id)
	b = bson.AppendBooleanElement(b, "done", done)
	b = bson.AppendBinaryElement(b, "payload", 0, payload)
	if !speculative {
		b = bson.AppendDoubleElement(b, "ok", 1)
	}
	return bson.AppendDocumentEnd(b, start)
}

// bsonDoc builds a document of string pairs plus ok: 1.
func bsonDoc(kv ...string) bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	for i := 0; i+1 < len(kv); i += 2 {
		b = bson.AppendStringElement(b, kv[i], kv[i+1])
	}
	b = bson.AppendDoubleElement(b, "ok", 1)
	return bson.AppendDocumentEnd(b, start)
}
