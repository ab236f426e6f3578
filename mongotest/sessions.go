package mongotest

import (
	"crypto/sha256"
	"sync"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// sessionRegistry records the logical sessions commands have used, for
// $listLocalSessions and the session commands. Full session semantics
// (transactions, expiry) belong to the sessions work.
type sessionRegistry struct {
	mu   sync.Mutex
	byID map[string]*sessionInfo
}

type sessionInfo struct {
	id      bson.RawValue // lsid.id, a UUID
	user    string
	lastUse time.Time
}

func newSessionRegistry() *sessionRegistry {
	return &sessionRegistry{byID: make(map[string]*sessionInfo)}
}

// touch records a use of the request's session.
func (sr *sessionRegistry) touch(r *request) {
	lsid, ok := r.arg("lsid").DocumentOK()
	if !ok {
		return
	}
	id := lsid.Lookup("id")
	var kb [48]byte // a UUID's key fits, and the lookup does not copy it
	key := store.AppendKey(kb[:0], id)
	sr.mu.Lock()
	defer sr.mu.Unlock()
	si := sr.byID[string(key)]
	if si == nil {
		si = &sessionInfo{id: bson.RawValue{Type: id.Type, Value: append([]byte(nil), id.Value...)}, user: r.c.userName()}
		sr.byID[string(key)] = si
	}
	si.lastUse = time.Now()
}

func (sr *sessionRegistry) remove(key string) {
	sr.mu.Lock()
	delete(sr.byID, key)
	sr.mu.Unlock()
}

func (sr *sessionRegistry) keys() []string {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	out := make([]string, 0, len(sr.byID))
	for k := range sr.byID {
		out = append(out, k)
	}
	return out
}

// list returns the $listLocalSessions documents.
func (sr *sessionRegistry) list() []bson.Raw {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	out := make([]bson.Raw, 0, len(sr.byID))
	for _, si := range sr.byID {
		uid := sha256.Sum256([]byte(si.user))
		out = append(out, rawDoc(func(bl *builder) {
			bl.startDoc("_id").value("id", si.id).binary("uid", 0, uid[:]).end()
			bl.dateTime("lastUse", si.lastUse.UnixMilli())
		}))
	}
	return out
}

// lsidDocKey is the canonical key of an lsid document.
func lsidDocKey(lsid bson.Raw) string {
	return string(appendKeyOf(lsid.Lookup("id")))
}

// endSessionsArg reads the array of lsids endSessions and killSessions take.
func endSessionsArg(r *request) ([]string, error) {
	arr, ok := r.arg(r.name).ArrayOK()
	if !ok {
		return nil, typeMismatch(r.name, r.name, r.arg(r.name), "array")
	}
	var keys []string
	it := bson.Raw(arr).Iter()
	for it.Next() {
		d, ok := it.Value().DocumentOK()
		if !ok {
			return nil, typeMismatch(r.name, r.name+"."+it.Key(), it.Value(), "object")
		}
		keys = append(keys, lsidDocKey(d))
	}
	return keys, nil
}

func (s *Server) endSession(key string, killCursors bool) {
	s.sessions.remove(key)
	s.txns.forget(key)
	if killCursors {
		s.cursors.removeSession(key)
	}
}

func cmdEndSessions(r *request, bl *builder) error {
	keys, err := endSessionsArg(r)
	if err != nil {
		return err
	}
	for _, k := range keys {
		r.c.srv.endSession(k, false)
	}
	return nil
}

func cmdKillSessions(r *request, bl *builder) error {
	keys, err := endSessionsArg(r)
	if err != nil {
		return err
	}
	for _, k := range keys {
		r.c.srv.endSession(k, true)
	}
	return nil
}

// cmdKillAllSessions ends every session (the user patterns are ignored:
// all users are root here).
func cmdKillAllSessions(r *request, bl *builder) error {
	for _, k := range r.c.srv.sessions.keys() {
		r.c.srv.endSession(k, true)
	}
	return nil
}

func cmdRefreshSessions(r *request, bl *builder) error { return nil }

func cmdStartSession(r *request, bl *builder) error {
	u := bson.NewUUID()
	bl.startDoc("id").binary("id", u.Subtype, u.Data).end().int32("timeoutMinutes", sessionTimeoutMins)
	return nil
}
