package description

import (
	"bytes"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// NewServer returns the description of the server at addr made from its
// hello or legacy hello reply, following "Parsing a hello or legacy hello
// response" of the SDAM specification: host names are lower-cased,
// isWritablePrimary is preferred to the legacy ismaster, a missing or null
// field is absent, size limits default to the Default* constants.
//
// It never fails: a reply that is not ok: 1, is malformed, or has a field of
// the wrong type gives a Server of type Unknown whose Error (a *HelloError)
// says why. The reply is copied; the result does not refer to hello.
// LastUpdateTime is set to now; RTT is left to the caller.
func NewServer(addr string, hello bson.Raw) Server {
	s := Server{Addr: NormalizeAddr(addr), LastUpdateTime: time.Now()}
	reply := bson.Raw(bytes.Clone(hello))
	var f helloFlags
	if err := parseHello(reply, &s, &f); err != nil {
		return unknownFromReply(s, reply, err)
	}
	if err := f.okError(); err != nil {
		return unknownFromReply(s, reply, err)
	}
	s.Type = f.serverType(s.SetName)
	s.Reply = reply
	if s.MaxBSONObjectSize == 0 {
		s.MaxBSONObjectSize = DefaultMaxBSONObjectSize
	}
	if s.MaxMessageSizeBytes == 0 {
		s.MaxMessageSizeBytes = DefaultMaxMessageSizeBytes
	}
	if s.MaxWriteBatchSize == 0 {
		s.MaxWriteBatchSize = DefaultMaxWriteBatchSize
	}
	return s
}

// unknownFromReply keeps only what is meaningful for a failed check.
func unknownFromReply(s Server, reply bson.Raw, err error) Server {
	return Server{Addr: s.Addr, Error: err, LastUpdateTime: s.LastUpdateTime, Reply: reply}
}

// helloFlags collects the reply fields that decide the type and outcome
// but are not kept in the description.
type helloFlags struct {
	okSeen, ok                bool
	writablePrimarySeen       bool
	writablePrimary, isMaster bool
	secondary, arbiterOnly    bool
	hidden, isReplicaSet      bool
	isDBGrid                  bool
	errmsg, codeName          string
	code                      int32
}

// okError reports a reply without ok: 1 as a *HelloError.
func (f *helloFlags) okError() error {
	if f.ok {
		return nil
	}
	if !f.okSeen {
		return fieldErr("ok", "missing")
	}
	msg := f.errmsg
	if msg == "" {
		msg = "ok is not 1"
	}
	return &HelloError{Problem: msg, Code: f.code, CodeName: f.codeName}
}

// serverType applies the SDAM type table. isWritablePrimary wins over the
// legacy ismaster when both are present.
func (f *helloFlags) serverType(setName string) ServerType {
	primary := f.isMaster
	if f.writablePrimarySeen {
		primary = f.writablePrimary
	}
	switch {
	case f.isReplicaSet:
		return RSGhost
	case f.isDBGrid:
		return Mongos
	case setName == "":
		return Standalone
	case primary:
		return RSPrimary
	case f.hidden:
		return RSOther
	case f.secondary:
		return RSSecondary
	case f.arbiterOnly:
		return RSArbiter
	}
	return RSOther
}

// parseHello walks the reply once and dispatches each field.
func parseHello(reply bson.Raw, s *Server, f *helloFlags) error {
	if len(reply) == 0 {
		return &HelloError{Problem: "empty reply"}
	}
	it := reply.Iter()
	for it.Next() {
		v := it.Value()
		if v.Type == bson.TypeNull || v.Type == bson.TypeUndefined {
			continue // null means absent for every field we read
		}
		key := it.KeyBytes()
		handled, err := parseFlag(key, v, f)
		if !handled && err == nil {
			err = parseField(key, v, s)
		}
		if err != nil {
			return err
		}
	}
	if err := it.Err(); err != nil {
		return &HelloError{Problem: "malformed reply: " + err.Error()}
	}
	return nil
}
