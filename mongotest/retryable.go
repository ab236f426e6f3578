package mongotest

import (
	"sync"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// retryableCodes are the error codes mongod labels RetryableWriteError
// when a retryable write fails with them.
var retryableCodes = map[int32]bool{
	6: true, 7: true, 89: true, 91: true, 189: true, 262: true, 9001: true, 10107: true,
	11600: true, 11602: true, 13435: true, 13436: true,
}

// retryableWriteCommands may be retried with the same txnNumber.
var retryableWriteCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
	"bulkWrite": true, "commitTransaction": true, "abortTransaction": true,
}

// isRetryableWrite reports whether req is a retryable write: a write
// command with lsid and txnNumber outside a transaction.
func isRetryableWrite(req *request) bool {
	return retryableWriteCommands[req.name] && req.arg("txnNumber").Type != 0 &&
		req.arg("lsid").Type != 0 && req.arg("autocommit").Type == 0
}

// addRetryableLabel attaches RetryableWriteError as mongod does for a
// retryable write that failed with a retryable code.
func addRetryableLabel(req *request, e *cmdError) {
	if e.Labels == nil && retryableCodes[e.Code] && isRetryableWrite(req) {
		e.Labels = []string{"RetryableWriteError"}
	}
}

// wceLabels are the top-level labels of a reply with a write concern error.
func wceLabels(req *request, wce bson.Raw) []string {
	code, _ := wce.Lookup("code").AsInt64OK()
	if retryableCodes[int32(code)] && isRetryableWrite(req) {
		return []string{"RetryableWriteError"}
	}
	return nil
}

// writeConcernProblem returns the writeConcernError a write reports when
// its write concern cannot be satisfied by this deployment.
func writeConcernProblem(req *request, cmd *command) bson.Raw {
	if !cmd.write {
		return nil
	}
	wc, ok := req.arg("writeConcern").DocumentOK()
	if !ok {
		return nil
	}
	w := wc.Lookup("w")
	if s, ok := w.StringValueOK(); ok && s != "majority" {
		return wceDoc(codeUnknownReplWriteConcern, "No write concern mode named '"+s+"' found in replica set configuration")
	}
	if n, ok := w.AsInt64OK(); ok && n > 1 {
		return wceDoc(codeUnsatisfiableWriteConcern, "Not enough data-bearing nodes")
	}
	return nil
}

func wceDoc(code int32, msg string) bson.Raw {
	return rawDoc(func(bl *builder) {
		bl.int32("code", code).str("codeName", codeName(code)).str("errmsg", msg)
	})
}

// txnTable remembers, per logical session, the last retryable write's
// txnNumber and reply, so that a retry of a write that succeeded is
// answered from memory instead of being applied twice. This is the
// minimal de-duplication the sessions work will grow into full
// statement-level retry semantics.
type txnTable struct {
	mu       sync.Mutex
	sessions map[string]*txnSession
}

type txnSession struct {
	mu    sync.Mutex // held while a write of the session runs
	txn   int64
	reply bson.Raw
}

func newTxnTable() *txnTable { return &txnTable{sessions: make(map[string]*txnSession)} }

// sessionKey is the canonical form of a request's lsid.
func sessionKey(req *request) string {
	return string(appendKeyOf(req.arg("lsid").Document().Lookup("id")))
}

// checkout locks the request's session for a retryable write and returns
// it, or nil when the request is not a retryable write.
func (t *txnTable) checkout(req *request) *txnSession {
	if !isRetryableWrite(req) {
		return nil
	}
	key := sessionKey(req)
	t.mu.Lock()
	s := t.sessions[key]
	if s == nil {
		s = &txnSession{txn: -1}
		t.sessions[key] = s
	}
	t.mu.Unlock()
	s.mu.Lock()
	return s
}

// replay returns the stored reply for a retry, or an error reply for a
// txnNumber older than the session's last.
func (s *txnSession) replay(req *request) (bson.Raw, bool) {
	n, _ := req.arg("txnNumber").AsInt64OK()
	switch {
	case n == s.txn && s.reply != nil:
		return s.reply, true
	case n < s.txn:
		return errorBody(errorf(codeTransactionTooOld,
			"Retryable write with txnNumber %d is prohibited on session because a newer retryable write with txnNumber %d has already started on this session.", n, s.txn)), true
	}
	return nil, false
}

// store records a successful write's reply.
func (s *txnSession) store(req *request, reply bson.Raw) {
	n, _ := req.arg("txnNumber").AsInt64OK()
	s.txn, s.reply = n, reply
}

func appendKeyOf(v bson.RawValue) []byte { return store.AppendKey(nil, v) }

// forget drops the state of ended sessions.
func (t *txnTable) forget(key string) {
	t.mu.Lock()
	delete(t.sessions, key)
	t.mu.Unlock()
}
