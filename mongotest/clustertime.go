package mongotest

import (
	"sync"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// clusterClock is the replica set's logical clock: the cluster time every
// reply of a member carries, which each write advances. Without keys to
// sign with, mongod signs with a zero hash and keyId 0, as here.
type clusterClock struct {
	mu   sync.Mutex
	t, i uint32 // the last Timestamp handed out
}

func newClusterClock() *clusterClock {
	return &clusterClock{t: uint32(time.Now().Unix()), i: 1}
}

// now returns the current cluster time.
func (k *clusterClock) now() bson.Timestamp {
	k.mu.Lock()
	defer k.mu.Unlock()
	return bson.Timestamp{T: k.t, I: k.i}
}

// tick advances the clock for a write and returns the write's time.
func (k *clusterClock) tick() bson.Timestamp {
	k.mu.Lock()
	defer k.mu.Unlock()
	if s := uint32(time.Now().Unix()); s > k.t {
		k.t, k.i = s, 1
	} else {
		k.i++
	}
	return bson.Timestamp{T: k.t, I: k.i}
}

// observe moves the clock up to a cluster time a client gossiped, as a
// mongod without authentication keys accepts it.
func (k *clusterClock) observe(ts bson.Timestamp) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if ts.T > k.t || (ts.T == k.t && ts.I > k.i) {
		k.t, k.i = ts.T, ts.I
	}
}

// catalogWrites are the commands that write to the oplog besides those
// marked write (which also de-duplicate retries).
var catalogWrites = map[string]bool{
	"create": true, "drop": true, "dropDatabase": true, "createIndexes": true, "dropIndexes": true,
	"deleteIndexes": true, "renameCollection": true, "collMod": true,
}

// clockBefore runs the clock for a request about to execute: it takes in
// the client's $clusterTime and advances for a write.
func (c *conn) clockBefore(req *request, cmd *command) {
	if c.srv.member.rs == nil {
		return
	}
	if ct, ok := req.arg("$clusterTime").DocumentOK(); ok {
		if ts, ok := ct.Lookup("clusterTime").TimestampOK(); ok {
			c.srv.clock.observe(ts)
		}
	}
	if cmd != nil && (cmd.write || catalogWrites[req.name]) {
		c.srv.clock.tick()
	}
}

// zeroHash is the signature hash of an unsigned cluster time.
var zeroHash [20]byte

// withClusterTime appends $clusterTime and operationTime to a reply, as a
// replica-set member does on every reply, ok or not. The body is extended
// in place only when the request owns it (execute's buffer); a shared one
// (a stored retry reply) is copied.
func (c *conn) withClusterTime(req *request, body bson.Raw) bson.Raw {
	if c.srv.member.rs == nil || len(body) < 5 {
		return body
	}
	ts := c.srv.clock.now()
	var b []byte
	if req != nil && req.recyclable {
		b = body[:len(body)-1]
	} else {
		b = make([]byte, len(body)-1, len(body)+96)
		copy(b, body)
	}
	b, ct := bson.AppendDocumentElementStart(b, "$clusterTime")
	b = bson.AppendTimestampElement(b, "clusterTime", ts.T, ts.I)
	b, sig := bson.AppendDocumentElementStart(b, "signature")
	b = bson.AppendBinaryElement(b, "hash", 0, zeroHash[:])
	b = bson.AppendInt64Element(b, "keyId", 0)
	b = bson.AppendDocumentEnd(b, sig)
	b = bson.AppendDocumentEnd(b, ct)
	b = bson.AppendTimestampElement(b, "operationTime", ts.T, ts.I)
	return setDocLen(append(b, 0))
}

// snapshotCommands are the commands that take readConcern level snapshot
// outside a transaction (MongoDB 5.0 snapshot reads).
var snapshotCommands = map[string]bool{"find": true, "aggregate": true, "distinct": true}

// checkSnapshotReadConcern refuses readConcern level snapshot on the
// commands mongod refuses it on outside a transaction: writes, listings
// and everything but find, aggregate and distinct.
func checkSnapshotReadConcern(req *request) *cmdError {
	if snapshotCommands[req.name] || req.arg("autocommit").Type != 0 {
		return nil
	}
	rc, ok := req.arg("readConcern").DocumentOK()
	if !ok {
		return nil
	}
	if level, _ := rc.Lookup("level").StringValueOK(); level == "snapshot" {
		return errorf(codeInvalidOptions, "Command %s does not support { readConcern: { level: \"snapshot\" } }", req.name)
	}
	return nil
}
