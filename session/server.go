package session

import (
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// ServerSession is one server session: its lsid ({id: <UUID v4>}, made
// locally), its transaction number, when it was last used and whether a
// network error made it dirty. It implements operation.Session, as an
// implicit session. It belongs to one operation or one Client at a time;
// the Pool does the handing over.
type ServerSession struct {
	lsid    bson.Raw
	txn     int64
	lastUse time.Time
	dirty   bool
}

// newServerSession makes a session with a fresh random id, last used now.
func newServerSession(now time.Time) *ServerSession {
	id := bson.NewUUID()
	b, start := bson.AppendDocumentStart(make([]byte, 0, 32))
	b = bson.AppendBinaryElement(b, "id", id.Subtype, id.Data)
	return &ServerSession{lsid: bson.AppendDocumentEnd(b, start), lastUse: now}
}

// LSID returns the session id document; it never changes.
func (s *ServerSession) LSID() bson.Raw { return s.lsid }

// NextTxnNumber advances and returns the transaction number.
func (s *ServerSession) NextTxnNumber() int64 {
	s.txn++
	return s.txn
}

// TxnNumber returns the last transaction number handed out, 0 for none.
func (s *ServerSession) TxnNumber() int64 { return s.txn }

// Observe marks the session dirty after a network error: the server may
// not have seen its last use, so the pool must not hand it out again.
// The session stays usable by its current owner (a retry, a later batch).
func (s *ServerSession) Observe(_ bson.Raw, err error) {
	if err != nil && operation.IsNetworkError(err) {
		s.dirty = true
	}
}

// Dirty reports whether a network error met the session.
func (s *ServerSession) Dirty() bool { return s.dirty }

// MarkDirty marks the session dirty, as a network error does.
func (s *ServerSession) MarkDirty() { s.dirty = true }

var _ operation.Session = (*ServerSession)(nil)
