package mongotest_test

import (
	"io"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
)

// Behaviour checked against mongod 8.0 that the specification suites rely on.

func TestFailCommandOnUnimplementedCommand(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	runScript(t, c, []step{
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["authenticate"], "errorCode": 18}}`, want: `{"ok": 1}`},
		{cmd: `{"authenticate": 1, "mechanism": "MONGODB-X509"}`, want: `{"ok": 0, "code": 18, "errmsg": "Failing command via 'failCommand' failpoint"}`},
		{cmd: `{"authenticate": 1, "mechanism": "MONGODB-X509"}`, want: `{"ok": 0, "code": 59}`},
	})
	expect(t, c.cmd("admin", `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["createUser"], "closeConnection": true}}`), `{"ok": 1}`)
	c.send(mustMsg(t, withDB(ext(t, `{"createUser": "u", "pwd": "p", "roles": []}`), "test")))
	if _, err := c.readMsg(); err != io.EOF {
		t.Fatalf("closeConnection on createUser: read gave %v, want EOF", err)
	}
}

func TestFindReturnKeyShowRecordID(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "x": 11, "y": {"z": 1}}, {"_id": 2, "x": 22}]}`, want: `{"n": 2}`},
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {"x": 1}, "name": "x_1"}, {"key": {"y.z": 1}, "name": "yz"}]}`, want: `{"ok": 1}`},
		// The _id index serves the sort: its keys come back, nothing else.
		{cmd: `{"find": "c", "filter": {}, "sort": {"_id": 1}, "returnKey": true, "showRecordId": true}`,
			want: `{"cursor": {"firstBatch": [{"_id": 1, "x": {"$$exists": false}, "$recordId": {"$$exists": false}}, {"_id": 2}]}}`},
		{cmd: `{"find": "c", "filter": {"x": {"$gt": 20}}, "returnKey": true}`,
			want: `{"cursor": {"firstBatch": [{"x": 22, "_id": {"$$exists": false}}]}}`},
		{cmd: `{"find": "c", "hint": "yz", "returnKey": true}`,
			want: `{"cursor": {"firstBatch": [{"y.z": 1, "_id": {"$$exists": false}}, {"y.z": null}]}}`},
		// A collection scan has no index key: empty documents.
		{cmd: `{"find": "c", "filter": {"y": {"$exists": true}}, "returnKey": true}`,
			want: `{"cursor": {"firstBatch": [{"_id": {"$$exists": false}, "x": {"$$exists": false}}]}}`},
		{cmd: `{"find": "c", "filter": {"_id": 2}, "projection": {"x": 0}, "showRecordId": true}`,
			want: `{"cursor": {"firstBatch": [{"_id": 2, "x": {"$$exists": false}, "$recordId": {"$$type": "long"}}]}}`},
		{cmd: `{"find": "c", "returnKey": "yes"}`, want: `{"ok": 0, "code": 14}`},
	})
}

func TestClusterTimeGossip(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	clusterTime := func(reply bson.Raw) bson.Timestamp {
		t.Helper()
		expect(t, reply, `{"$clusterTime": {"clusterTime": {"$$type": "timestamp"}, "signature": {"hash": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "subType": "00"}}, "keyId": {"$$type": "long"}}}, "operationTime": {"$$type": "timestamp"}}`)
		ts, _ := reply.Lookup("$clusterTime", "clusterTime").TimestampOK()
		op, _ := reply.Lookup("operationTime").TimestampOK()
		if op != ts {
			t.Errorf("operationTime %v, clusterTime %v", op, ts)
		}
		return ts
	}
	t0 := clusterTime(c.cmd("admin", `{"ping": 1}`))
	if t1 := clusterTime(c.cmd("test", `{"find": "c"}`)); t1 != t0 {
		t.Errorf("a read moved the cluster time from %v to %v", t0, t1)
	}
	t2 := clusterTime(c.cmd("test", `{"insert": "c", "documents": [{}]}`))
	if !later(t2, t0) {
		t.Errorf("a write left the cluster time at %v (was %v)", t2, t0)
	}
	clusterTime(c.cmd("test", `{"noSuchCommand": 1}`)) // error replies carry it too
	clusterTime(c.cmd("admin", `{"hello": 1}`))
	// A client's later cluster time is accepted and adopted.
	future := bson.Timestamp{T: t2.T + 100, I: 7}
	body := withDB(ext(t, `{"ping": 1}`), "admin")
	body = appendClusterTime(body, future)
	if got := clusterTime(c.run(body, 0, nil)); got != future {
		t.Errorf("after gossiping %v the server is at %v", future, got)
	}

	standalone := dial(t, newServer(t, mongotest.WithStandalone()))
	expect(t, standalone.cmd("admin", `{"ping": 1}`), `{"$clusterTime": {"$$exists": false}, "operationTime": {"$$exists": false}}`)
}

func later(a, b bson.Timestamp) bool { return a.T > b.T || (a.T == b.T && a.I > b.I) }

// appendClusterTime adds a client's $clusterTime to a command.
func appendClusterTime(cmd bson.Raw, ts bson.Timestamp) bson.Raw {
	b := append([]byte(nil), cmd[:len(cmd)-1]...)
	b, ct := bson.AppendDocumentElementStart(b, "$clusterTime")
	b = bson.AppendTimestampElement(b, "clusterTime", ts.T, ts.I)
	b, sig := bson.AppendDocumentElementStart(b, "signature")
	b = bson.AppendBinaryElement(b, "hash", 0, make([]byte, 20))
	b = bson.AppendInt64Element(b, "keyId", 0)
	b = bson.AppendDocumentEnd(b, sig)
	b = bson.AppendDocumentEnd(b, ct)
	b = append(b, 0)
	b[0], b[1], b[2], b[3] = byte(len(b)), byte(len(b)>>8), byte(len(b)>>16), byte(len(b)>>24)
	return b
}

func TestOnPrimaryTransactionalWrite(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	const lsid = `"lsid": {"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAw==", "subType": "04"}}}`
	fam := func(txn string) string {
		return `{"findAndModify": "c", "query": {"_id": 1}, "update": {"$inc": {"x": 1}}, ` + lsid + `, "txnNumber": {"$numberLong": "` + txn + `"}}`
	}
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "x": 11}]}`, want: `{"n": 1}`},
		{db: "admin", cmd: `{"configureFailPoint": "onPrimaryTransactionalWrite", "mode": {"times": 2}, "data": {"closeConnection": false, "failBeforeCommitExceptionCode": 1}}`, want: `{"ok": 1}`},
		// Not a retryable write: the fail point does not apply.
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 1}, "u": {"$inc": {"x": 1}}}]}`, want: `{"n": 1, "nModified": 1}`},
		{cmd: fam("1"), want: `{"ok": 0, "code": 1, "errmsg": "Failing write for txnNumber 1 due to failpoint. The write must not be reflected.", "errorLabels": {"$$exists": false}}`},
		{cmd: fam("2"), want: `{"ok": 0, "code": 1}`},
		{cmd: `{"find": "c"}`, want: `{"cursor": {"firstBatch": [{"_id": 1, "x": 12}]}}`},
		{cmd: fam("3"), want: `{"ok": 1, "value": {"x": 12}}`},
		{db: "admin", cmd: `{"configureFailPoint": "onPrimaryTransactionalWrite", "mode": {"times": 1}, "data": {"closeConnection": false, "failBeforeCommitExceptionCode": 91}}`, want: `{"ok": 1}`},
		{cmd: `{"insert": "c", "documents": [{"_id": 2}], ` + lsid + `, "txnNumber": {"$numberLong": "4"}}`, want: `{"ok": 0, "code": 91, "errorLabels": ["RetryableWriteError"]}`},
		{cmd: `{"insert": "c", "documents": [{"_id": 2}], ` + lsid + `, "txnNumber": {"$numberLong": "4"}}`, want: `{"ok": 1, "n": 1}`},
	})
	// Without closeConnection: false the connection drops, before the write.
	for _, data := range []string{`{}`, `{"failBeforeCommitExceptionCode": 1}`, `{"closeConnection": true}`} {
		expect(t, c.cmd("admin", `{"configureFailPoint": "onPrimaryTransactionalWrite", "mode": {"times": 1}, "data": `+data+`}`), `{"ok": 1}`)
		c.send(mustMsg(t, withDB(ext(t, fam("9")), "test")))
		if _, err := c.readMsg(); err != io.EOF {
			t.Fatalf("data %s: read gave %v, want EOF", data, err)
		}
		c = dial(t, s)
	}
	expect(t, c.cmd("test", `{"find": "c", "filter": {"_id": 1}}`), `{"cursor": {"firstBatch": [{"x": 13}]}}`)
}

func TestMergeWhenMatchedFailIsDuplicateKey(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	runScript(t, c, []step{
		{cmd: `{"insert": "test", "documents": [{"_id": 1, "a": 5}, {"_id": 2, "a": 6}]}`, want: `{"n": 2}`},
		{cmd: `{"createIndexes": "test", "indexes": [{"key": {"a": 1}, "name": "a_1", "unique": true}]}`, want: `{"ok": 1}`},
		{db: "test", cmd: `{"aggregate": 1, "pipeline": [{"$documents": [{"_id": 2, "x": 1}]}, {"$merge": {"into": "test", "whenMatched": "fail"}}], "cursor": {}}`,
			want: `{"ok": 0, "code": 11000, "codeName": "DuplicateKey", "errmsg": "E11000 duplicate key error collection: test.test index: _id_ dup key: { _id: 2 }", "keyPattern": {"_id": 1}, "keyValue": {"_id": 2}}`},
		{db: "test", cmd: `{"aggregate": 1, "pipeline": [{"$documents": [{"a": 6}]}, {"$merge": {"into": "test", "on": "a", "whenMatched": "fail"}}], "cursor": {}}`,
			want: `{"ok": 0, "code": 11000, "keyPattern": {"a": 1}, "keyValue": {"a": 6}}`},
	})
}

func TestOutWithLinearizableReadConcern(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1}, {"_id": 2}]}`, want: `{"n": 2}`},
		{cmd: `{"aggregate": "c", "pipeline": [{"$match": {"_id": {"$gt": 1}}}, {"$out": "o"}], "cursor": {}, "readConcern": {"level": "linearizable"}}`,
			want: `{"ok": 0, "code": 72, "codeName": "InvalidOptions"}`},
		{cmd: `{"aggregate": "c", "pipeline": [{"$merge": {"into": "o"}}], "cursor": {}, "readConcern": {"level": "linearizable"}}`, want: `{"ok": 0, "code": 72}`},
		{cmd: `{"count": "o"}`, want: `{"n": 0}`},
		{cmd: `{"aggregate": "c", "pipeline": [{"$out": "o"}], "cursor": {}, "readConcern": {"level": "majority"}}`, want: `{"ok": 1}`},
		{cmd: `{"aggregate": "c", "pipeline": [{"$match": {}}], "cursor": {}, "readConcern": {"level": "linearizable"}}`, want: `{"ok": 1}`},
	})
}

func TestUpdatePipelineUnknownStageFailsCommand(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "x": 1}]}`, want: `{"n": 1}`},
		{cmd: `{"update": "c", "updates": [{"q": {"x": 1}, "u": {"$set": {"y": 1}}}, {"q": {"x": 1}, "u": [{"$invalidOperator": true}]}]}`,
			want: `{"ok": 0, "code": 40324, "errmsg": "Unrecognized pipeline stage name: '$invalidOperator'"}`},
		{cmd: `{"find": "c"}`, want: `{"cursor": {"firstBatch": [{"_id": 1, "y": {"$$exists": false}}]}}`},
		// A real stage an update may not use stays a write error.
		{cmd: `{"update": "c", "updates": [{"q": {"x": 1}, "u": [{"$match": {}}]}]}`,
			want: `{"ok": 1, "n": 0, "writeErrors": [{"index": 0, "code": 72}]}`},
	})
}

func TestClusteredCollection(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	runScript(t, c, []step{
		{cmd: `{"create": "cl", "clusteredIndex": {"key": {"_id": 1}, "unique": true, "name": "test index"}}`, want: `{"ok": 1}`},
		{cmd: `{"create": "cl", "clusteredIndex": {"key": {"_id": 1}, "unique": true, "name": "test index"}}`, want: `{"ok": 1}`},
		{cmd: `{"listCollections": 1, "filter": {"name": "cl"}}`,
			want: `{"cursor": {"firstBatch": [{"name": "cl", "options": {"clusteredIndex": {"v": 2, "key": {"_id": 1}, "name": "test index", "unique": true}}, "idIndex": {"$$exists": false}}]}}`},
		{cmd: `{"listIndexes": "cl"}`,
			want: `{"cursor": {"firstBatch": [{"v": 2, "key": {"_id": 1}, "name": "test index", "unique": true, "clustered": true}]}}`},
		{cmd: `{"insert": "cl", "documents": [{"_id": 1}, {"_id": 1}]}`, want: `{"n": 1, "writeErrors": [{"index": 1, "code": 11000}]}`},
		{cmd: `{"dropIndexes": "cl", "index": "test index"}`, want: `{"ok": 0, "code": 72}`},
		{cmd: `{"dropIndexes": "cl", "index": "*"}`, want: `{"ok": 1}`},
		{cmd: `{"listIndexes": "cl"}`, want: `{"cursor": {"firstBatch": [{"name": "test index"}]}}`},
		{cmd: `{"create": "cl2", "clusteredIndex": {"key": {"_id": 1}, "unique": true}}`, want: `{"ok": 1}`},
		{cmd: `{"listIndexes": "cl2"}`, want: `{"cursor": {"firstBatch": [{"name": "_id_", "clustered": true}]}}`},
		{cmd: `{"create": "bad", "clusteredIndex": {"key": {"a": 1}, "unique": true}}`, want: `{"ok": 0, "code": 72}`},
		{cmd: `{"create": "bad", "clusteredIndex": {"key": {"_id": 1}}}`, want: `{"ok": 0, "code": 72}`},
	})
}

func TestRetryAfterWriteConcernErrorGetsResultOnly(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	const ins = `{"insert": "c", "documents": [{"_id": 1}], "lsid": {"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAABA==", "subType": "04"}}}, "txnNumber": {"$numberLong": "1"}}`
	runScript(t, c, []step{
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"], "errorLabels": ["RetryableWriteError"], "writeConcernError": {"code": 91}}}`, want: `{"ok": 1}`},
		{cmd: ins, want: `{"ok": 1, "n": 1, "writeConcernError": {"code": 91}, "errorLabels": ["RetryableWriteError"]}`},
		{cmd: ins, want: `{"ok": 1, "n": 1, "writeConcernError": {"$$exists": false}, "errorLabels": {"$$exists": false}}`},
		{cmd: `{"count": "c"}`, want: `{"n": 1}`},
		// A retry that meets the fail point again gets its error too.
		{db: "admin", cmd: `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"], "writeConcernError": {"code": 91}}}`, want: `{"ok": 1}`},
		{cmd: ins, want: `{"ok": 1, "n": 1, "writeConcernError": {"code": 91}, "errorLabels": ["RetryableWriteError"]}`},
		{cmd: `{"count": "c"}`, want: `{"n": 1}`},
	})
}

func TestCollStatsStorageStats(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	runScript(t, c, []step{
		{cmd: `{"create": "capped", "capped": true, "size": 4096, "max": 10}`, want: `{"ok": 1}`},
		{cmd: `{"insert": "capped", "documents": [{"_id": 1, "x": 11}]}`, want: `{"n": 1}`},
		{cmd: `{"aggregate": "capped", "pipeline": [{"$collStats": {"storageStats": {}}}, {"$project": {"capped": "$storageStats.capped", "maxSize": "$storageStats.maxSize", "max": "$storageStats.max", "count": "$storageStats.count", "n": "$storageStats.nindexes"}}], "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"capped": true, "maxSize": 4096, "max": 10, "count": 1, "n": 1}]}}`},
		{cmd: `{"aggregate": "capped", "pipeline": [{"$collStats": {"storageStats": {"scale": 1024}}}], "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"storageStats": {"maxSize": 4, "scaleFactor": 1024, "indexSizes": {"_id_": 0}}}]}}`},
		{cmd: `{"insert": "plain", "documents": [{}]}`, want: `{"n": 1}`},
		{cmd: `{"aggregate": "plain", "pipeline": [{"$collStats": {"storageStats": {}}}], "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"storageStats": {"capped": false, "maxSize": {"$$exists": false}}}]}}`},
	})
}

func TestSearchIndexCommandsNeedAtlas(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	const notEnabled = `{"ok": 0, "code": 31082, "codeName": "SearchNotEnabled"}`
	for _, cmd := range []string{
		`{"createSearchIndexes": "c", "indexes": [{"definition": {"mappings": {"dynamic": true}}, "name": "i"}]}`,
		`{"updateSearchIndex": "c", "name": "i", "definition": {}}`,
		`{"dropSearchIndex": "c", "name": "i"}`,
		`{"aggregate": "c", "pipeline": [{"$listSearchIndexes": {}}], "cursor": {}}`,
	} {
		reply := c.cmd("test", cmd)
		expect(t, reply, notEnabled)
		if msg := reply.Lookup("errmsg").StringValue(); !strings.Contains(msg, "Atlas") {
			t.Errorf("%s: errmsg %q does not mention Atlas", cmd, msg)
		}
	}
}

func TestCollModIndex(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "x": 1}, {"_id": 2, "x": 1}, {"_id": 3, "x": 2}]}`, want: `{"n": 3}`},
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {"x": 1}, "name": "x_1"}]}`, want: `{"ok": 1}`},
		{cmd: `{"collMod": "c", "index": {"keyPattern": {"x": 1}, "unique": true}}`, want: `{"ok": 0, "code": 72}`},
		{cmd: `{"collMod": "c", "index": {"keyPattern": {"x": 1}, "prepareUnique": true}}`, want: `{"ok": 1, "prepareUnique_old": false, "prepareUnique_new": true}`},
		// Old duplicates stay; new ones are refused, by insert and update.
		{cmd: `{"insert": "c", "documents": [{"_id": 4, "x": 2}]}`, want: `{"n": 0, "writeErrors": [{"index": 0, "code": 11000}]}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 3}, "u": {"$set": {"x": 1}}}]}`, want: `{"writeErrors": [{"index": 0, "code": 11000}]}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 3}, "u": {"$set": {"y": 1}}}]}`, want: `{"nModified": 1, "writeErrors": {"$$exists": false}}`},
		{cmd: `{"collMod": "c", "index": {"name": "x_1", "unique": true}}`,
			want: `{"ok": 0, "code": 359, "codeName": "CannotConvertIndexToUnique", "violations": [{"ids": [1, 2]}]}`},
		{cmd: `{"delete": "c", "deletes": [{"q": {"_id": 2}, "limit": 1}]}`, want: `{"n": 1}`},
		{cmd: `{"collMod": "c", "index": {"name": "x_1", "unique": true}}`, want: `{"ok": 1, "unique_new": true}`},
		{cmd: `{"listIndexes": "c"}`, want: `{"cursor": {"firstBatch": [{"name": "_id_"}, {"name": "x_1", "unique": true, "prepareUnique": true}]}}`},
		{cmd: `{"collMod": "c", "index": {"name": "x_1", "hidden": true}}`, want: `{"ok": 1, "hidden_old": false, "hidden_new": true}`},
		{cmd: `{"listIndexes": "c"}`, want: `{"cursor": {"firstBatch": [{"name": "_id_"}, {"name": "x_1", "hidden": true}]}}`},
		{cmd: `{"collMod": "c", "index": {"name": "_id_", "hidden": true}}`, want: `{"ok": 0, "code": 2}`},
		{cmd: `{"collMod": "c", "index": {"name": "nope", "hidden": true}}`, want: `{"ok": 0, "code": 27}`},
	})
}

// The _id point lookup must find exactly what a collection scan finds.
func TestFindByIDMatchesScan(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "k": "int"}, {"_id": "a", "k": "str"}, {"_id": {"$oid": "000000000000000000000001"}, "k": "oid"}, {"_id": 2.5, "k": "dbl"}]}`, want: `{"n": 4}`},
		{cmd: `{"find": "c", "filter": {"_id": 1.0}}`, want: `{"cursor": {"firstBatch": [{"k": "int"}]}}`},
		{cmd: `{"find": "c", "filter": {"_id": {"$numberLong": "1"}}}`, want: `{"cursor": {"firstBatch": [{"k": "int"}]}}`},
		{cmd: `{"find": "c", "filter": {"_id": {"$numberDecimal": "1.00"}}}`, want: `{"cursor": {"firstBatch": [{"k": "int"}]}}`},
		{cmd: `{"find": "c", "filter": {"_id": 2.5}}`, want: `{"cursor": {"firstBatch": [{"k": "dbl"}]}}`},
		{cmd: `{"find": "c", "filter": {"_id": "A"}}`, want: `{"cursor": {"firstBatch": []}}`},
		{cmd: `{"find": "c", "filter": {"_id": "A"}, "collation": {"locale": "en", "strength": 2}}`, want: `{"cursor": {"firstBatch": [{"k": "str"}]}}`},
		{cmd: `{"find": "c", "filter": {"_id": {"$oid": "000000000000000000000001"}}, "projection": {"_id": 0}}`, want: `{"cursor": {"firstBatch": [{"k": "oid", "_id": {"$$exists": false}}]}}`},
		{cmd: `{"find": "c", "filter": {"_id": 3}}`, want: `{"cursor": {"firstBatch": [], "id": 0}}`},
		{cmd: `{"delete": "c", "deletes": [{"q": {"_id": 1}, "limit": 0}]}`, want: `{"n": 1}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": "a"}, "u": {"$set": {"u": 1}}}]}`, want: `{"n": 1, "nModified": 1}`},
		{cmd: `{"count": "c", "query": {"_id": 1}}`, want: `{"n": 0}`},
		{cmd: `{"find": "c", "filter": {}, "skip": 1, "limit": 2, "sort": {"$natural": -1}}`, want: `{"cursor": {"firstBatch": [{"k": "oid"}, {"k": "str"}]}}`},
	})
}

func TestSnapshotReadConcernRefusedOutsideReads(t *testing.T) {
	s := newServer(t)
	c := dial(t, s)
	const snap = `"readConcern": {"level": "snapshot"}`
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1}], ` + snap + `}`, want: `{"ok": 0, "code": 72, "codeName": "InvalidOptions"}`},
		{cmd: `{"count": "c"}`, want: `{"n": 0}`},
		{cmd: `{"listCollections": 1, ` + snap + `}`, want: `{"ok": 0, "code": 72}`},
		{cmd: `{"findAndModify": "c", "query": {}, "remove": true, ` + snap + `}`, want: `{"ok": 0, "code": 72}`},
		{cmd: `{"find": "c", ` + snap + `}`, want: `{"ok": 1}`},
		{cmd: `{"aggregate": "c", "pipeline": [], "cursor": {}, ` + snap + `}`, want: `{"ok": 1}`},
		{cmd: `{"distinct": "c", "key": "x", ` + snap + `}`, want: `{"ok": 1}`},
	})
}
