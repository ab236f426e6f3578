package mongotest

import (
	"time"

	"github.com/cwal-go/cwal/bson"
)

// cursorOpts shape the first batch of a cursor reply.
type cursorOpts struct {
	batchSize   int64 // documents in the first batch; <0: no count limit
	singleBatch bool  // close the cursor after the first batch
	tail        *cursor
}

// replyCursor writes a cursor reply for docs: the first batch, and a
// registered cursor for the rest (or for a tailable cursor, always).
func (r *request) replyCursor(bl *builder, ns string, docs []bson.Raw, o cursorOpts) {
	cur := o.tail
	if cur == nil {
		cur = &cursor{left: -1}
	}
	cur.ns, cur.docs = ns, docs
	cur.user = r.c.userName()
	cur.lsid = lsidKey(r)
	var batch []bson.Raw
	switch {
	case o.batchSize > 0:
		batch = cur.takeBatch(int(o.batchSize))
	case o.batchSize < 0: // no count limit, only the size limit
		batch = cur.takeBatch(0)
	}
	if batch == nil {
		batch = []bson.Raw{}
	}
	var id int64
	if !o.singleBatch && !cur.exhausted() {
		id = r.c.srv.cursors.add(cur)
	}
	appendCursor(bl, "firstBatch", batch, id, ns)
}

func (c *conn) userName() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.auth.db + "." + c.auth.user
}

// lsidKey is the canonical session id of a request, or "".
func lsidKey(r *request) string {
	if r.arg("lsid").Type == 0 {
		return ""
	}
	return sessionKey(r)
}

// cmdGetMore returns the next batch of a cursor.
func cmdGetMore(r *request, bl *builder) error {
	v := r.arg("getMore")
	id, ok := v.Int64OK()
	if !ok {
		return typeMismatch(r.name, "getMore", v, "long")
	}
	coll, ok := r.arg("collection").StringValueOK()
	if !ok {
		if r.arg("collection").Type == 0 {
			return errorf(codeMissingField, "BSON field 'getMore.collection' is missing but a required field")
		}
		return typeMismatch(r.name, "collection", r.arg("collection"), "string")
	}
	batchSize, err := int64Arg(r, "batchSize", 0)
	if err != nil {
		return err
	}
	if batchSize < 0 {
		return errorf(codeBadValue, "BatchSize value must be non-negative, but received: %d", batchSize)
	}
	cur, err := r.checkoutCursor(id, r.db+"."+coll)
	if err != nil {
		return err
	}
	defer cur.mu.Unlock()
	if err := r.failGetMore(id); err != nil {
		return err
	}
	if len(cur.docs) == 0 && cur.tailable {
		if err := cur.follow(r, awaitTime(r)); err != nil {
			r.c.srv.cursors.remove(id)
			return err
		}
	}
	batch := cur.takeBatch(int(batchSize))
	if batch == nil {
		batch = []bson.Raw{}
	}
	if cur.exhausted() {
		r.c.srv.cursors.remove(id)
		id = 0
	}
	appendCursor(bl, "nextBatch", batch, id, cur.ns)
	return nil
}

// awaitTime is how long an awaitData getMore waits: its maxTimeMS, else
// one second, as mongod.
func awaitTime(r *request) time.Duration {
	if ms, ok := r.arg("maxTimeMS").AsInt64OK(); ok && ms > 0 {
		return time.Duration(ms) * time.Millisecond
	}
	return time.Second
}

// checkoutCursor finds and locks a cursor for getMore, with mongod's
// errors for an unknown id, another namespace or another user.
func (r *request) checkoutCursor(id int64, ns string) (*cursor, error) {
	cur := r.c.srv.cursors.get(id)
	if cur == nil {
		return nil, errorf(codeCursorNotFound, "cursor id %d not found", id)
	}
	if cur.ns != ns {
		return nil, errorf(codeUnauthorized, "Requested getMore on namespace '%s', but cursor belongs to a different namespace %s", ns, cur.ns)
	}
	if cur.user != r.c.userName() {
		return nil, errorf(codeUnauthorized, "cursor id %d was not created by the authenticated user", id)
	}
	if !cur.mu.TryLock() {
		return nil, errorf(codeCursorInUse, "cursor id %d is already in use", id)
	}
	if r.c.srv.cursors.get(id) == nil { // killed while we waited
		cur.mu.Unlock()
		return nil, errorf(codeCursorNotFound, "cursor id %d not found", id)
	}
	return cur, nil
}

// codeCursorInUse is mongod's error for a getMore on a busy cursor.
const codeCursorInUse = 292

// failGetMore applies the failGetMoreAfterCursorCheckout fail point,
// which kills the cursor and fails the getMore.
func (r *request) failGetMore(id int64) error {
	data, ok := r.c.srv.fail.activate("failGetMoreAfterCursorCheckout", nil)
	if !ok {
		return nil
	}
	r.c.srv.cursors.remove(id)
	code := int64(codeQueryPlanKilled)
	if c, ok := data.Lookup("errorCode").AsInt64OK(); ok {
		code = c
	}
	return errorf(int32(code), "Failing getMore via 'failGetMoreAfterCursorCheckout' failpoint")
}

// cmdKillCursors kills cursors of one namespace.
func cmdKillCursors(r *request, bl *builder) error {
	coll, err := collName(r)
	if err != nil {
		return err
	}
	ns := r.db + "." + coll
	ids, ok := r.arg("cursors").ArrayOK()
	if !ok {
		return errorf(codeMissingField, "BSON field 'killCursors.cursors' is missing but a required field")
	}
	var killed, notFound []int64
	it := bson.Raw(ids).Iter()
	for it.Next() {
		id, ok := it.Value().Int64OK()
		if !ok {
			return typeMismatch(r.name, "cursors."+it.Key(), it.Value(), "long")
		}
		cur := r.c.srv.cursors.get(id)
		if cur != nil && cur.ns == ns && r.c.srv.cursors.remove(id) {
			killed = append(killed, id)
		} else {
			notFound = append(notFound, id)
		}
	}
	appendIDs(bl, "cursorsKilled", killed)
	appendIDs(bl, "cursorsNotFound", notFound)
	appendIDs(bl, "cursorsAlive", nil)
	appendIDs(bl, "cursorsUnknown", nil)
	return nil
}

func appendIDs(bl *builder, key string, ids []int64) {
	bl.startArray(key)
	for _, id := range ids {
		bl.int64("", id)
	}
	bl.end()
}
