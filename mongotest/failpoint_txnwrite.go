package mongotest

import (
	"fmt"

	"github.com/cwal-go/cwal/bson"
)

// failTransactionalWrite applies onPrimaryTransactionalWrite to a
// retryable write about to run. mongod checks it just before the write
// commits, so a write it stops is never applied. As on mongod,
// closeConnection defaults to true: the connection drops (and the client
// sees a network error) unless the data says closeConnection: false; then
// failBeforeCommitExceptionCode, if given, fails the command with that code.
func (c *conn) failTransactionalWrite(req *request) (reply bson.Raw, closeConn, hit bool) {
	data, ok := c.srv.fail.activate("onPrimaryTransactionalWrite", nil)
	if !ok {
		return nil, false, false
	}
	if cc := data.Lookup("closeConnection"); cc.Type == 0 || cc.Boolean() {
		return nil, true, true
	}
	code, ok := data.Lookup("failBeforeCommitExceptionCode").AsInt64OK()
	if !ok {
		return nil, false, false
	}
	txn, _ := req.arg("txnNumber").AsInt64OK()
	e := &cmdError{Code: int32(code), Msg: fmt.Sprintf("Failing write for txnNumber %d due to failpoint. The write must not be reflected.", txn)}
	addRetryableLabel(req, e)
	return errorBody(e), false, true
}

// storedReply is the copy of a retryable write's reply that a retry gets.
// mongod remembers the write's result, not the write concern outcome: a
// writeConcernError that failCommand added (and its labels) is left out,
// so that the retry succeeds.
func storedReply(reply bson.Raw, fp *fpHit) bson.Raw {
	if fp == nil || fp.wce == nil {
		return append(bson.Raw(nil), reply...)
	}
	bl := newBuilder(nil)
	it := reply.Iter()
	for it.Next() {
		if k := it.Key(); k != "writeConcernError" && k != "errorLabels" {
			bl.value(k, it.Value())
		}
	}
	return bl.finish()
}

// replayedReply is the reply to a retry answered from the stored result.
// failCommand's writeConcernError still applies, as on mongod, where the
// retry waits for write concern again and the fail point fails that wait.
func replayedReply(req *request, stored bson.Raw, fp *fpHit) bson.Raw {
	if fp == nil || fp.wce == nil || stored.Lookup("ok").Double() != 1 {
		return stored
	}
	bl := newBuilder(nil)
	it := stored.Iter()
	for it.Next() {
		if k := it.Key(); k != "ok" && k != "writeConcernError" && k != "errorLabels" {
			bl.value(k, it.Value())
		}
	}
	bl.doc("writeConcernError", fp.wce)
	if labels := wceLabels(req, fp.wce); len(labels) > 0 {
		bl.strs("errorLabels", labels)
	}
	bl.double("ok", 1)
	return bl.finish()
}
