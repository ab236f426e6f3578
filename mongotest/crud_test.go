package mongotest_test

import (
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// Expectations follow the reply shapes in the MongoDB manual's pages for
// each command (insert, update, delete, find, findAndModify, count,
// distinct) and mongod 8.0's error codes.

func TestInsert(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "a": 1}, {"_id": 2}]}`, want: `{"n": 2, "ok": 1.0, "writeErrors": {"$$exists": false}}`},
		{cmd: `{"insert": "c", "documents": [{"_id": 3}, {"_id": 1}, {"_id": 4}]}`, want: `{"n": 1, "ok": 1,
			"writeErrors": [{"index": 1, "code": 11000, "errmsg": "E11000 duplicate key error collection: test.c index: _id_ dup key: { _id: 1 }",
			"keyPattern": {"_id": 1}, "keyValue": {"_id": 1}}]}`},
		{cmd: `{"insert": "c", "ordered": false, "documents": [{"_id": 1}, {"_id": 5}, {"_id": 2}, {"_id": 6}]}`,
			want: `{"n": 2, "writeErrors": [{"index": 0, "code": 11000}, {"index": 2, "code": 11000}]}`},
		// _id is generated and moved first; dotted and $-prefixed names are stored as-is.
		{cmd: `{"insert": "d", "documents": [{"x": 1}, {"y": 1, "_id": "s"}, {"a.b": 1, "$c": 2}]}`, want: `{"n": 3}`},
		{cmd: `{"find": "d", "filter": {}}`, want: `{"cursor": {"firstBatch": [
			{"_id": {"$$type": "objectId"}, "x": 1}, {"_id": "s", "y": 1}, {"_id": {"$$type": "objectId"}, "a.b": 1, "$c": 2}], "id": 0, "ns": "test.d"}}`},
		{cmd: `{"insert": "d", "documents": [{"_id": [1]}]}`, want: `{"n": 0, "writeErrors": [{"index": 0, "code": 53}]}`},
		{cmd: `{"insert": "d", "documents": []}`, want: `{"ok": 0, "code": 16, "codeName": "InvalidLength"}`},
		{cmd: `{"insert": "d"}`, want: `{"ok": 0, "code": 40414}`},
		{cmd: `{"insert": "d", "documents": [{}], "bogus": 1}`, want: `{"ok": 0, "code": 40415, "errmsg": "BSON field 'insert.bogus' is an unknown field."}`},
		{cmd: `{"insert": "", "documents": [{}]}`, want: `{"ok": 0, "code": 73, "codeName": "InvalidNamespace"}`},
		{cmd: `{"insert": "d", "documents": [{}], "lsid": {"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAA==", "subType": "04"}}},
			"txnNumber": {"$numberLong": "1"}, "$clusterTime": {"clusterTime": {"$timestamp": {"t": 1, "i": 1}}}, "readConcern": {}, "writeConcern": {"w": 1}, "apiVersion": "1"}`,
			want: `{"n": 1, "ok": 1}`},
	})
}

func TestInsertDocumentSequence(t *testing.T) {
	c := dial(t, newServer(t))
	body := withDB(ext(t, `{"insert": "seq"}`), "test")
	r := c.run(body, 0, map[string][]bson.Raw{"documents": {ext(t, `{"_id": 1}`), ext(t, `{"_id": 2}`)}})
	expect(t, r, `{"n": 2, "ok": 1}`)
	body = withDB(ext(t, `{"insert": "seq", "documents": [{"_id": 3}]}`), "test")
	r = c.run(body, 0, map[string][]bson.Raw{"documents": {ext(t, `{"_id": 4}`)}})
	expect(t, r, `{"ok": 0, "code": 2}`)
	expect(t, c.cmd("test", `{"count": "seq"}`), `{"n": 2}`)
}

func TestUpdate(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "a": 1, "arr": [{"x": 1}, {"x": 5}]}, {"_id": 2, "a": 2}]}`, want: `{"n": 2}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 1}, "u": {"$inc": {"a": 1}}}]}`, want: `{"n": 1, "nModified": 1, "upserted": {"$$exists": false}, "ok": 1}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 1}, "u": {"$set": {"a": 2}}}]}`, want: `{"n": 1, "nModified": 0}`},
		{cmd: `{"update": "c", "updates": [{"q": {}, "u": {"$set": {"b": 1}}, "multi": true}]}`, want: `{"n": 2, "nModified": 2}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 9}, "u": {"$set": {"z": 1}}, "upsert": true}, {"q": {"_id": 10}, "u": {"y": 1}, "upsert": true}]}`,
			want: `{"n": 2, "nModified": 0, "upserted": [{"index": 0, "_id": 9}, {"index": 1, "_id": 10}]}`},
		{cmd: `{"find": "c", "filter": {"_id": {"$gte": 9}}}`, want: `{"cursor": {"firstBatch": [{"_id": 9, "z": 1}, {"_id": 10, "y": 1}]}}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 1}, "u": {"$set": {"arr.$[e].x": 0}}, "arrayFilters": [{"e.x": {"$gt": 2}}]}]}`, want: `{"n": 1, "nModified": 1}`},
		{cmd: `{"update": "c", "updates": [{"q": {"arr.x": 1}, "u": {"$set": {"arr.$.x": 7}}}]}`, want: `{"n": 1, "nModified": 1}`},
		{cmd: `{"find": "c", "filter": {"_id": 1}, "projection": {"arr": 1, "_id": 0}}`, want: `{"cursor": {"firstBatch": [{"arr": [{"x": 7}, {"x": 0}]}]}}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 2}, "u": [{"$set": {"c": {"$add": ["$a", 1]}}}]}]}`, want: `{"n": 1, "nModified": 1}`},
		{cmd: `{"find": "c", "filter": {"_id": 2}}`, want: `{"cursor": {"firstBatch": [{"_id": 2, "a": 2, "b": 1, "c": 3}]}}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 2}, "u": {"$set": {"_id": 3}}}]}`,
			want: `{"n": 0, "nModified": 0, "writeErrors": [{"index": 0, "code": 66, "codeName": "ImmutableField"}]}`},
		{cmd: `{"update": "c", "updates": [{"q": {}, "u": {"x": 1}, "multi": true}]}`, want: `{"n": 0, "writeErrors": [{"index": 0, "code": 9}]}`},
		{cmd: `{"update": "c", "updates": [{"q": {}, "u": {"$bogus": {"x": 1}}}]}`, want: `{"writeErrors": [{"index": 0, "code": 9}]}`},
		{cmd: `{"update": "c", "updates": [{"q": {}, "u": {"$set": {"x": 1}}, "bogus": 1}]}`, want: `{"writeErrors": [{"index": 0, "code": 40415}]}`},
		{cmd: `{"update": "c", "updates": [{"q": {}, "u": {"$set": {"x": 1}}, "hint": "nope"}]}`, want: `{"writeErrors": [{"index": 0, "code": 2}]}`},
		{cmd: `{"update": "none", "updates": [{"q": {}, "u": {"$set": {"x": 1}}}]}`, want: `{"n": 0, "nModified": 0, "ok": 1}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 1}, "u": {"$set": {"s": 1}}, "sort": {"_id": -1}}]}`, want: `{"n": 1}`},
	})
}

func TestDelete(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "a": 1}, {"_id": 2, "a": 1}, {"_id": 3, "a": 2}]}`, want: `{"n": 3}`},
		{cmd: `{"delete": "c", "deletes": [{"q": {"a": 1}, "limit": 1}]}`, want: `{"n": 1, "ok": 1}`},
		{cmd: `{"find": "c"}`, want: `{"cursor": {"firstBatch": [{"_id": 2}, {"_id": 3}]}}`},
		{cmd: `{"delete": "c", "deletes": [{"q": {}, "limit": 0}]}`, want: `{"n": 2}`},
		{cmd: `{"delete": "c", "deletes": [{"q": {}, "limit": 2}]}`, want: `{"n": 0, "writeErrors": [{"index": 0, "code": 9}]}`},
		{cmd: `{"delete": "c", "deletes": [{"q": {"$where": "1"}, "limit": 0}]}`, want: `{"writeErrors": [{"index": 0}]}`},
		{cmd: `{"delete": "missing", "deletes": [{"q": {}, "limit": 0}]}`, want: `{"n": 0, "ok": 1}`},
	})
}

func TestFind(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "s": "b", "n": 3}, {"_id": 2, "s": "A", "n": 1}, {"_id": 3, "s": "a", "n": 2}]}`, want: `{"n": 3}`},
		{cmd: `{"find": "c", "filter": {"n": {"$gte": 2}}, "sort": {"n": 1}, "projection": {"s": 0}}`,
			want: `{"cursor": {"firstBatch": [{"_id": 3, "n": 2, "s": {"$$exists": false}}, {"_id": 1, "n": 3}], "id": 0, "ns": "test.c"}, "ok": 1}`},
		{cmd: `{"find": "c", "sort": {"_id": -1}, "skip": 1, "limit": 1}`, want: `{"cursor": {"firstBatch": [{"_id": 2}], "id": 0}}`},
		{cmd: `{"find": "c", "sort": {"$natural": -1}, "limit": 1}`, want: `{"cursor": {"firstBatch": [{"_id": 3}]}}`},
		{cmd: `{"find": "c", "filter": {"s": "a"}, "collation": {"locale": "en_US", "strength": 2}, "sort": {"_id": 1}}`,
			want: `{"cursor": {"firstBatch": [{"_id": 2}, {"_id": 3}]}}`},
		{cmd: `{"find": "c", "filter": {"$expr": {"$eq": ["$n", "$$v"]}}, "let": {"v": 2}}`, want: `{"cursor": {"firstBatch": [{"_id": 3}]}}`},
		{cmd: `{"find": "c", "filter": {"_id": 1}, "maxTimeMS": 1000, "hint": {"_id": 1}, "comment": "x", "allowDiskUse": true}`,
			want: `{"cursor": {"firstBatch": [{"_id": 1}]}}`},
		{cmd: `{"find": "c", "batchSize": 0}`, want: `{"cursor": {"firstBatch": [], "id": {"$$type": "long"}}}`},
		{cmd: `{"find": "c", "batchSize": 2, "singleBatch": true}`, want: `{"cursor": {"firstBatch": [{"_id": 1}, {"_id": 2}], "id": 0}}`},
		{cmd: `{"find": "nope"}`, want: `{"cursor": {"firstBatch": [], "id": 0, "ns": "test.nope"}, "ok": 1}`},
		{cmd: `{"find": "c", "limit": -1}`, want: `{"ok": 0, "code": 51024}`},
		{cmd: `{"find": "c", "skip": -1}`, want: `{"ok": 0, "code": 51024}`},
		{cmd: `{"find": "c", "filter": {"a": {"$nope": 1}}}`, want: `{"ok": 0, "code": 2, "errmsg": "unknown operator: $nope"}`},
		{cmd: `{"find": "c", "filter": 1}`, want: `{"ok": 0, "code": 14}`},
		{cmd: `{"find": "c", "projection": {"a": 1, "b": 0}}`, want: `{"ok": 0, "code": 31254}`},
		{cmd: `{"find": "c", "hint": "nope"}`, want: `{"ok": 0, "code": 2}`},
		{cmd: `{"find": "c", "tailable": true}`, want: `{"ok": 0, "code": 2}`},
		{cmd: `{"find": "c", "awaitData": true}`, want: `{"ok": 0, "code": 9}`},
		{cmd: `{"find": "c", "bogus": 1}`, want: `{"ok": 0, "code": 40415}`},
		{cmd: `{"find": 1}`, want: `{"ok": 0, "code": 73}`},
	})
}

func TestFindAndModify(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "v": 1}, {"_id": 2, "v": 2}]}`, want: `{"n": 2}`},
		{cmd: `{"findAndModify": "c", "query": {}, "sort": {"v": -1}, "update": {"$inc": {"v": 1}}}`,
			want: `{"lastErrorObject": {"n": 1, "updatedExisting": true}, "value": {"_id": 2, "v": 2}, "ok": 1}`},
		{cmd: `{"findAndModify": "c", "query": {"_id": 2}, "update": {"$inc": {"v": 1}}, "new": true, "fields": {"_id": 0}}`,
			want: `{"lastErrorObject": {"n": 1, "updatedExisting": true}, "value": {"v": 4, "_id": {"$$exists": false}}}`},
		{cmd: `{"findAndModify": "c", "query": {"_id": 3}, "update": {"$set": {"v": 3}}, "upsert": true, "new": true}`,
			want: `{"lastErrorObject": {"n": 1, "updatedExisting": false, "upserted": 3}, "value": {"_id": 3, "v": 3}}`},
		{cmd: `{"findAndModify": "c", "query": {"_id": 4}, "update": {"$set": {"v": 3}}, "upsert": true}`,
			want: `{"lastErrorObject": {"n": 1, "updatedExisting": false, "upserted": 4}, "value": null}`},
		{cmd: `{"findAndModify": "c", "query": {"_id": 99}, "update": {"$set": {"v": 3}}}`,
			want: `{"lastErrorObject": {"n": 0, "updatedExisting": false}, "value": null}`},
		{cmd: `{"findAndModify": "c", "query": {"_id": 1}, "remove": true}`, want: `{"lastErrorObject": {"n": 1}, "value": {"_id": 1, "v": 1}}`},
		{cmd: `{"findAndModify": "c", "query": {"_id": 1}, "remove": true}`, want: `{"lastErrorObject": {"n": 0}, "value": null}`},
		{cmd: `{"findAndModify": "c", "query": {"_id": 2}, "update": {"_id": 3}}`, want: `{"ok": 0, "code": 66}`},
		{cmd: `{"findAndModify": "c", "query": {"_id": 2}, "update": {"$set": {"_id": 3}}}`, want: `{"ok": 0, "code": 66}`},
		{cmd: `{"findAndModify": "c", "query": {}, "remove": true, "update": {"$set": {"a": 1}}}`, want: `{"ok": 0, "code": 9}`},
		{cmd: `{"findAndModify": "c", "query": {}}`, want: `{"ok": 0, "code": 9}`},
		{cmd: `{"findAndModify": "c", "query": {}, "remove": true, "new": true}`, want: `{"ok": 0, "code": 9}`},
		{cmd: `{"update": "c", "updates": [{"q": {"_id": 4}, "u": {"$set": {"v": 5}}}]}`, want: `{"nModified": 1}`},
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {"v": 1}, "name": "v_1", "unique": true}]}`, want: `{"ok": 1}`},
		{cmd: `{"findAndModify": "c", "query": {"_id": 2}, "update": {"$set": {"v": 3}}}`,
			want: `{"ok": 0, "code": 11000, "codeName": "DuplicateKey", "keyPattern": {"v": 1}, "keyValue": {"v": 3}}`},
	})
}

func TestCountDistinct(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1, "t": ["a", "b"], "k": "X"}, {"_id": 2, "t": "a", "k": "x"}, {"_id": 3, "t": [["a"]], "k": 1}, {"_id": 4}]}`, want: `{"n": 4}`},
		{cmd: `{"count": "c"}`, want: `{"n": 4, "ok": 1}`},
		{cmd: `{"count": "c", "query": {"t": "a"}}`, want: `{"n": 2}`},
		{cmd: `{"count": "c", "skip": 1, "limit": 2}`, want: `{"n": 2}`},
		{cmd: `{"count": "c", "skip": 3, "limit": -5}`, want: `{"n": 1}`},
		{cmd: `{"count": "missing"}`, want: `{"n": 0, "ok": 1}`},
		{cmd: `{"distinct": "c", "key": "t"}`, want: `{"values": ["a", "b", ["a"]], "ok": 1}`},
		{cmd: `{"distinct": "c", "key": "k", "collation": {"locale": "en", "strength": 1}}`, want: `{"values": [1, "X"]}`},
		{cmd: `{"distinct": "c", "key": "k", "query": {"_id": {"$lt": 3}}}`, want: `{"values": ["X", "x"]}`},
		{cmd: `{"distinct": "c"}`, want: `{"ok": 0, "code": 40414}`},
		{cmd: `{"distinct": "missing", "key": "a"}`, want: `{"values": [], "ok": 1}`},
	})
}

func TestValidator(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"create": "v", "validator": {"x": {"$gte": 0}}}`, want: `{"ok": 1}`},
		{cmd: `{"insert": "v", "documents": [{"_id": 1, "x": 1}, {"_id": 2, "x": -1}]}`,
			want: `{"n": 1, "writeErrors": [{"index": 1, "code": 121, "codeName": "DocumentValidationFailure", "errmsg": "Document failed validation", "errInfo": {"failingDocumentId": 2}}]}`},
		{cmd: `{"insert": "v", "documents": [{"_id": 2, "x": -1}], "bypassDocumentValidation": true}`, want: `{"n": 1}`},
		{cmd: `{"update": "v", "updates": [{"q": {"_id": 1}, "u": {"$set": {"x": -5}}}]}`, want: `{"nModified": 0, "writeErrors": [{"code": 121}]}`},
		{cmd: `{"findAndModify": "v", "query": {"_id": 1}, "update": {"$set": {"x": -5}}}`, want: `{"ok": 0, "code": 121}`},
		{cmd: `{"collMod": "v", "validationLevel": "moderate"}`, want: `{"ok": 1}`},
		{cmd: `{"update": "v", "updates": [{"q": {"_id": 2}, "u": {"$set": {"x": -7}}}]}`, want: `{"nModified": 1}`},
		{cmd: `{"collMod": "v", "validationAction": "warn", "validationLevel": "strict"}`, want: `{"ok": 1}`},
		{cmd: `{"insert": "v", "documents": [{"_id": 3, "x": -1}]}`, want: `{"n": 1}`},
	})
}
