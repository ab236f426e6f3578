package mongotest

import (
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/xdg-go/scram"
)

// authState is a connection's handshake and authentication progress.
type authState struct {
	handshakeDone bool
	user, db      string // authenticated user, "" before
	convs         map[int32]*saslConv
	nextConv      int32
}

// saslConv is one SCRAM conversation in progress.
type saslConv struct {
	db       string
	conv     *scram.ServerConversation
	skipLast bool // options.skipEmptyExchange
	proved   bool // the client's proof was valid
}

func (c *conn) authenticated() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.auth.user != ""
}

// startSASL begins a conversation and returns its id and first reply.
func (c *conn) startSASL(db string, cmd bson.Raw) (int32, []byte, error) {
	mech := cmd.Lookup("mechanism").StringValue()
	var hash scram.HashGeneratorFcn
	switch mech {
	case mechSHA1:
		hash = scram.SHA1
	case mechSHA256:
		hash = scram.SHA256
	default:
		return 0, nil, errorf(codeMechUnav, "Received authentication for mechanism %s which is not enabled", mech)
	}
	users := c.srv.users
	srv, err := hash.NewServer(func(name string) (scram.StoredCredentials, error) {
		usr := users.lookup(db, name)
		if usr == nil {
			return scram.StoredCredentials{}, errors.New("unknown user")
		}
		cred, ok := usr.creds[mech]
		if !ok {
			return scram.StoredCredentials{}, errors.New("mechanism not enabled for user")
		}
		return cred, nil
	})
	if err != nil {
		return 0, nil, errorf(codeInternalError, "%v", err)
	}
	conv := &saslConv{db: db, conv: srv.NewConversation(),
		skipLast: cmd.Lookup("options", "skipEmptyExchange").Boolean()}
	out, err := conv.conv.Step(string(saslPayload(cmd)))
	if err != nil {
		return 0, nil, errorf(codeAuthenticationFailed, authFailedMsg)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.auth.convs == nil {
		c.auth.convs = make(map[int32]*saslConv)
	}
	c.auth.nextConv++
	id := c.auth.nextConv
	c.auth.convs[id] = conv
	return id, []byte(out), nil
}

// saslPayload reads payload as drivers send it (binary) or as a string.
func saslPayload(cmd bson.Raw) []byte {
	v := cmd.Lookup("payload")
	if b, ok := v.BinaryOK(); ok {
		return b.Data
	}
	s, _ := v.StringValueOK()
	return []byte(s)
}

// continueSASL advances a conversation; done reports the end of it.
func (c *conn) continueSASL(id int32, payload []byte) (out []byte, done bool, err error) {
	c.mu.Lock()
	conv := c.auth.convs[id]
	c.mu.Unlock()
	if conv == nil {
		return nil, false, errorf(codeProtocolError, "No SASL session state found")
	}
	if !conv.proved {
		resp, err := conv.conv.Step(string(payload))
		if err != nil || !conv.conv.Valid() {
			c.endSASL(id)
			return nil, false, errorf(codeAuthenticationFailed, authFailedMsg)
		}
		conv.proved = true
		if !conv.skipLast {
			return []byte(resp), false, nil
		}
		out = []byte(resp)
	}
	c.mu.Lock()
	c.auth.user, c.auth.db = conv.conv.Username(), conv.db
	delete(c.auth.convs, id)
	c.mu.Unlock()
	return out, true, nil
}

func (c *conn) endSASL(id int32) {
	c.mu.Lock()
	delete(c.auth.convs, id)
	c.mu.Unlock()
}

// codeProtocolError is mongod's code for a SASL step out of place.
const codeProtocolError = 17

func cmdSaslStart(r *request, bl *builder) error {
	id, out, err := r.c.startSASL(r.db, r.body)
	if err != nil {
		return err
	}
	bl.int32("conversationId", id).bool("done", false).binary("payload", 0, out)
	return nil
}

func cmdSaslContinue(r *request, bl *builder) error {
	id, ok := r.arg("conversationId").AsInt64OK()
	if !ok {
		return errorf(codeBadValue, "Missing or invalid conversationId")
	}
	out, done, err := r.c.continueSASL(int32(id), saslPayload(r.body))
	if err != nil {
		return err
	}
	bl.int32("conversationId", int32(id)).bool("done", done).binary("payload", 0, out)
	return nil
}

// speculativeAuth runs the saslStart embedded in a hello and returns the
// reply to embed, or nil when it fails (mongod then leaves the field out
// and the client authenticates normally).
func (c *conn) speculativeAuth(spec bson.Raw) bson.Raw {
	if spec.Lookup("saslStart").Type == 0 {
		return nil
	}
	db := spec.Lookup("db").StringValue()
	id, out, err := c.startSASL(db, spec)
	if err != nil {
		return nil
	}
	return rawDoc(func(bl *builder) {
		bl.int32("conversationId", id).bool("done", false).binary("payload", 0, out)
	})
}

func cmdLogout(r *request, bl *builder) error {
	r.c.mu.Lock()
	r.c.auth.user, r.c.auth.db = "", ""
	r.c.mu.Unlock()
	return nil
}

func cmdConnectionStatus(r *request, bl *builder) error {
	r.c.mu.Lock()
	u, db := r.c.auth.user, r.c.auth.db
	r.c.mu.Unlock()
	bl.startDoc("authInfo").startArray("authenticatedUsers")
	if u != "" {
		bl.startDoc("").str("user", u).str("db", db).end()
	}
	bl.end().startArray("authenticatedUserRoles")
	if u != "" {
		bl.startDoc("").str("role", "root").str("db", "admin").end()
	}
	bl.end().end()
	return nil
}
