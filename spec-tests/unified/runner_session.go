package unified

import (
	"context"
	"errors"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// sessionEntity is a session entity: an explicit session of cwal's
// client. It implements SessionIDer for $$sessionLsid.
type sessionEntity struct {
	s *client.Session
}

// SessionID returns the session's lsid.
func (e *sessionEntity) SessionID() bson.Raw { return e.s.ID() }

// addSession starts the session a session entity describes on its client.
func addSession(ents *EntityMap, id string, d *SessionEntity) error {
	ce, err := Lookup[*clientEntity](ents, d.Client, KindClient)
	if err != nil {
		return err
	}
	opts, err := sessionOptionsOf(ents, d.SessionOptions)
	if err != nil {
		return err
	}
	s, err := ce.c.StartSession(opts)
	if err != nil {
		return err
	}
	return ents.Add(id, KindSession, &sessionEntity{s: s})
}

// sessionOptionsOf translates sessionOptions. snapshotTime names a BSON
// entity holding the timestamp (sessions tests README).
func sessionOptionsOf(ents *EntityMap, raw bson.Raw) (client.SessionOptions, error) {
	var o client.SessionOptions
	if len(raw) == 0 {
		return o, nil
	}
	it := raw.Iter()
	for it.Next() {
		v := it.Value()
		switch it.Key() {
		case "causalConsistency":
			o.CausalConsistency = client.Some(v.Boolean())
		case "snapshot":
			o.Snapshot = v.Boolean()
		case "snapshotTime":
			ts, err := ents.BSON(v.StringValue())
			if err != nil {
				return o, fmt.Errorf("sessionOptions.snapshotTime: %w", err)
			}
			o.SnapshotTime = ts.Timestamp()
		case "defaultTransactionOptions":
			// Only transaction tests set it, and those are skipped until
			// transactions exist.
		default:
			return o, fmt.Errorf("sessionOptions.%s: not supported", it.Key())
		}
	}
	return o, it.Err()
}

// withSessionArg reads the session argument of an entity operation and
// returns ctx carrying that session, which is how cwal's client takes an
// explicit session.
func withSessionArg(ctx context.Context, ents *EntityMap, a *args) (context.Context, error) {
	name := a.str("session")
	if name == "" {
		return ctx, nil
	}
	se, err := Lookup[*sessionEntity](ents, name, KindSession)
	if err != nil {
		return ctx, fmt.Errorf("session: %w", err)
	}
	return client.NewSessionContext(ctx, se.s), nil
}

// registerSessionOps adds the operations on session entities and the
// session assertions of the test runner.
func registerSessionOps(t OpTable) {
	t.Register(KindSession, "endSession", sessionOp(func(s *client.Session, ctx context.Context) (Result, error) {
		s.EndSession(ctx)
		return Result{}, nil
	}))
	t.Register(KindSession, "getSnapshotTime", sessionOp(func(s *client.Session, _ context.Context) (Result, error) {
		ts, ok := s.SnapshotTime()
		if !ok {
			return Result{}, errors.New("the session has no snapshot time")
		}
		v := bson.AppendTimestampElement(nil, "", ts.T, ts.I)
		return Result{Value: bson.RawValue{Type: bson.TypeTimestamp, Value: v[len(v)-8:]}}, nil
	}))
	t.Register(KindTestRunner, "assertSessionDirty", opAssertDirty(true))
	t.Register(KindTestRunner, "assertSessionNotDirty", opAssertDirty(false))
	t.Register(KindTestRunner, "assertSessionUnpinned", opSessionPin(false))
	t.Register(KindTestRunner, "assertSessionPinned", opSessionPin(true))
	// The causal consistency suite drops a database through its client.
	t.Register(KindClient, "dropDatabase", clientOp(func(c *clientEntity, a *args) runFunc {
		a.require("database")
		db := c.c.Database(a.str("database"))
		return func(ctx context.Context) (Result, error) { return Result{}, db.Drop(ctx) }
	}))
}

// sessionOp runs f on a session entity; session operations take no
// arguments.
func sessionOp(f func(s *client.Session, ctx context.Context) (Result, error)) OpFunc {
	return func(ctx context.Context, ents *EntityMap, object string, raw bson.Raw) (Result, error) {
		se, err := Lookup[*sessionEntity](ents, object, KindSession)
		if err != nil {
			return Result{}, err
		}
		if err := CheckArguments(raw, nil, nil); err != nil {
			return Result{}, &ArgumentError{Err: err}
		}
		return f(se.s, ctx)
	}
}

// argSession returns the session entity named by the session argument of
// a testRunner operation.
func argSession(ents *EntityMap, raw bson.Raw) (*client.Session, error) {
	if err := CheckArguments(raw, []string{"session"}, nil); err != nil {
		return nil, err
	}
	se, err := Lookup[*sessionEntity](ents, raw.Lookup("session").StringValue(), KindSession)
	if err != nil {
		return nil, err
	}
	return se.s, nil
}

func opAssertDirty(dirty bool) OpFunc {
	return func(_ context.Context, ents *EntityMap, _ string, raw bson.Raw) (Result, error) {
		s, err := argSession(ents, raw)
		if err != nil {
			return Result{}, err
		}
		if s.Dirty() != dirty {
			return Result{}, fmt.Errorf("session dirty is %v, want %v", s.Dirty(), dirty)
		}
		return Result{}, nil
	}
}

// opSessionPin: cwal pins no session to a mongos yet, so every session
// is unpinned.
func opSessionPin(pinned bool) OpFunc {
	return func(_ context.Context, ents *EntityMap, _ string, raw bson.Raw) (Result, error) {
		if _, err := argSession(ents, raw); err != nil {
			return Result{}, err
		}
		if pinned {
			return Result{}, errors.New("session is not pinned: cwal does not pin sessions to a mongos")
		}
		return Result{}, nil
	}
}

// endSessionEntities ends the test's sessions before its clients
// disconnect, so that their server sessions are in the endSessions.
func endSessionEntities(ctx context.Context, ents *EntityMap) {
	for _, name := range ents.ByKind(KindSession) {
		if se, err := Lookup[*sessionEntity](ents, name, KindSession); err == nil {
			se.s.EndSession(ctx)
		}
	}
}

// transactionOps are the session operations of the transactions
// specifications, which cwal's client does not have yet.
var transactionOps = map[string]bool{
	"startTransaction": true, "commitTransaction": true, "abortTransaction": true, "withTransaction": true,
}

// transactionOp returns the first transaction operation a test runs, ""
// for none.
func transactionOp(t *Test) string {
	for _, op := range t.Operations {
		if transactionOps[op.Name] {
			return op.Name
		}
	}
	return ""
}
