package mongotest_test

import (
	"testing"
)

func TestCollectionCommands(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"create": "a"}`, want: `{"ok": 1}`},
		{cmd: `{"create": "a"}`, want: `{"ok": 1}`}, // same options: idempotent since 7.0
		{cmd: `{"create": "a", "capped": true, "size": 1000}`, want: `{"ok": 0, "code": 48, "codeName": "NamespaceExists"}`},
		{cmd: `{"create": "cap", "capped": true}`, want: `{"ok": 0, "code": 72}`},
		{cmd: `{"create": "cap", "capped": true, "size": 1000, "max": 2}`, want: `{"ok": 1}`},
		{cmd: `{"create": "b", "bogus": 1}`, want: `{"ok": 0, "code": 40415}`},
		{cmd: `{"insert": "b", "documents": [{"_id": 1}]}`, want: `{"n": 1}`},
		{cmd: `{"listCollections": 1, "filter": {"name": {"$in": ["a", "cap"]}}}`, want: `{"cursor": {"id": 0, "ns": "test.$cmd.listCollections", "firstBatch": [
			{"name": "a", "type": "collection", "options": {}, "info": {"readOnly": false, "uuid": {"$$type": "binData"}}, "idIndex": {"v": 2, "key": {"_id": 1}, "name": "_id_"}},
			{"name": "cap", "type": "collection", "options": {"capped": true, "size": 1024, "max": 2}}]}}`},
		{cmd: `{"listCollections": 1, "nameOnly": true, "cursor": {"batchSize": 1}}`, want: `{"cursor": {"firstBatch": [{"name": "a", "type": "collection", "options": {"$$exists": false}}], "id": {"$$type": "long"}}}`},
		{db: "admin", cmd: `{"listDatabases": 1}`, want: `{"databases": [{"name": "test", "sizeOnDisk": {"$$type": "long"}, "empty": false}], "totalSize": {"$$type": "long"}, "ok": 1}`},
		{db: "admin", cmd: `{"listDatabases": 1, "nameOnly": true, "filter": {"name": "nope"}}`, want: `{"databases": []}`},
		{cmd: `{"listDatabases": 1}`, want: `{"ok": 0, "code": 13}`},
		{db: "admin", cmd: `{"renameCollection": "test.b", "to": "test.c"}`, want: `{"ok": 1}`},
		{db: "admin", cmd: `{"renameCollection": "test.b", "to": "test.c"}`, want: `{"ok": 0, "code": 26}`},
		{db: "admin", cmd: `{"renameCollection": "test.c", "to": "test.a"}`, want: `{"ok": 0, "code": 48}`},
		{db: "admin", cmd: `{"renameCollection": "test.c", "to": "test.a", "dropTarget": true}`, want: `{"ok": 1}`},
		{cmd: `{"find": "a"}`, want: `{"cursor": {"firstBatch": [{"_id": 1}]}}`},
		{cmd: `{"collMod": "cap", "cappedMax": 5, "validator": {"x": {"$exists": true}}}`, want: `{"ok": 1}`},
		{cmd: `{"listCollections": 1, "filter": {"name": "cap"}}`, want: `{"cursor": {"firstBatch": [{"options": {"capped": true, "validator": {"x": {"$exists": true}}}}]}}`},
		{cmd: `{"collMod": "nope"}`, want: `{"ok": 0, "code": 26}`},
		{cmd: `{"drop": "a"}`, want: `{"nIndexesWas": 1, "ns": "test.a", "ok": 1}`},
		{cmd: `{"drop": "a"}`, want: `{"ok": 1}`},
		{cmd: `{"dropDatabase": 1}`, want: `{"ok": 1}`},
		{cmd: `{"listCollections": 1}`, want: `{"cursor": {"firstBatch": []}}`},
	})
}

func TestIndexCommands(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {"a": 1}, "name": "a_1", "unique": true}, {"key": {"b": -1, "c": 1}, "name": "bc", "sparse": true}]}`,
			want: `{"numIndexesBefore": 1, "numIndexesAfter": 3, "createdCollectionAutomatically": true, "ok": 1}`},
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {"a": 1}, "name": "a_1", "unique": true}]}`,
			want: `{"numIndexesBefore": 3, "numIndexesAfter": 3, "note": "all indexes already exist", "ok": 1}`},
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {"z": 1}, "name": "a_1"}]}`, want: `{"ok": 0, "code": 86, "codeName": "IndexKeySpecsConflict"}`},
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {"a": 1}, "name": "other", "unique": true}]}`, want: `{"ok": 0, "code": 85, "errmsg": "Index already exists with a different name: a_1"}`},
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {"a": 1}, "name": "a_1"}]}`, want: `{"ok": 0, "code": 85}`},
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {}, "name": "e"}]}`, want: `{"ok": 0, "code": 67}`},
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {"x": 1}}]}`, want: `{"ok": 0, "code": 9}`},
		{cmd: `{"createIndexes": "c", "indexes": [{"key": {"x": 1}, "name": "x_1", "frob": 1}]}`, want: `{"ok": 0, "code": 197}`},
		{cmd: `{"createIndexes": "c", "indexes": []}`, want: `{"ok": 0, "code": 2}`},
		{cmd: `{"listIndexes": "c"}`, want: `{"cursor": {"id": 0, "ns": "test.$cmd.listIndexes.c", "firstBatch": [
			{"v": 2, "key": {"_id": 1}, "name": "_id_"},
			{"v": 2, "key": {"a": 1}, "name": "a_1", "unique": true},
			{"v": 2, "key": {"b": -1, "c": 1}, "name": "bc", "sparse": true}]}}`},
		{cmd: `{"listIndexes": "nope"}`, want: `{"ok": 0, "code": 26, "codeName": "NamespaceNotFound"}`},
		// The sparse unique index ignores documents without the field; the unique one treats missing as null.
		{cmd: `{"insert": "c", "documents": [{"_id": 1}, {"_id": 2}]}`, want: `{"n": 1, "writeErrors": [{"index": 1, "code": 11000,
			"errmsg": "E11000 duplicate key error collection: test.c index: a_1 dup key: { a: null }", "keyValue": {"a": null}}]}`},
		{cmd: `{"insert": "c", "ordered": false, "documents": [{"_id": 3, "a": [1, 2]}, {"_id": 4, "a": 2}, {"_id": 5, "a": 1.0}, {"_id": 6, "a": {"$numberLong": "3"}}, {"_id": 7, "a": 3.0}]}`,
			want: `{"n": 2, "writeErrors": [{"index": 1, "code": 11000}, {"index": 2, "code": 11000, "keyValue": {"a": 1.0}}, {"index": 4, "code": 11000}]}`},
		{cmd: `{"createIndexes": "d", "indexes": [{"key": {"p": 1}, "name": "p_1", "unique": true, "partialFilterExpression": {"q": {"$gt": 5}}}]}`, want: `{"ok": 1}`},
		{cmd: `{"insert": "d", "documents": [{"p": 1, "q": 1}, {"p": 1, "q": 2}, {"p": 1, "q": 6}, {"p": 1, "q": 7}]}`, want: `{"n": 3, "writeErrors": [{"index": 3}]}`},
		{cmd: `{"dropIndexes": "c", "index": "_id_"}`, want: `{"ok": 0, "code": 72}`},
		{cmd: `{"dropIndexes": "c", "index": "zz"}`, want: `{"ok": 0, "code": 27, "codeName": "IndexNotFound"}`},
		{cmd: `{"dropIndexes": "c", "index": {"b": -1, "c": 1}}`, want: `{"nIndexesWas": 3, "ok": 1}`},
		{cmd: `{"dropIndexes": "c", "index": {"q": 1}}`, want: `{"ok": 0, "code": 27}`},
		{cmd: `{"dropIndexes": "c", "index": "*"}`, want: `{"nIndexesWas": 2, "ok": 1}`},
		{cmd: `{"dropIndexes": "nope", "index": "*"}`, want: `{"ok": 0, "code": 26}`},
		{cmd: `{"insert": "c", "documents": [{"_id": 8, "a": 2}]}`, want: `{"n": 1}`},
	})
}

func TestDiagnosticCommands(t *testing.T) {
	c := dial(t, newServer(t, optServerVersion("8.0.4")))
	runScript(t, c, []step{
		{db: "admin", cmd: `{"ping": 1}`, want: `{"ok": 1}`},
		{db: "admin", cmd: `{"buildInfo": 1}`, want: `{"version": "8.0.4", "versionArray": [8, 0, 4, 0], "maxBsonObjectSize": 16777216, "ok": 1}`},
		{db: "admin", cmd: `{"getParameter": 1, "featureCompatibilityVersion": 1}`, want: `{"featureCompatibilityVersion": {"version": "8.0"}, "ok": 1}`},
		{db: "admin", cmd: `{"getParameter": "*"}`, want: `{"requireApiVersion": false, "ok": 1}`},
		{db: "admin", cmd: `{"getParameter": 1, "nope": 1}`, want: `{"ok": 0, "code": 72}`},
		{cmd: `{"getParameter": 1, "logLevel": 1}`, want: `{"ok": 0, "code": 13}`},
		{db: "admin", cmd: `{"serverStatus": 1}`, want: `{"process": "mongod", "connections": {"current": 1}, "ok": 1}`},
		{db: "admin", cmd: `{"replSetGetStatus": 1}`, want: `{"set": "rs0", "myState": 1, "members": [{"stateStr": "PRIMARY", "self": true}]}`},
		{db: "admin", cmd: `{"hostInfo": 1}`, want: `{"system": {"cpuAddrSize": 64}, "ok": 1}`},
		{db: "admin", cmd: `{"whatsmyuri": 1}`, want: `{"you": {"$$type": "string"}}`},
		{db: "admin", cmd: `{"connectionStatus": 1}`, want: `{"authInfo": {"authenticatedUsers": []}, "ok": 1}`},
		{db: "admin", cmd: `{"getDefaultRWConcern": 1}`, want: `{"defaultWriteConcern": {"w": "majority"}, "ok": 1}`},
		{db: "admin", cmd: `{"ping": 1, "apiVersion": "2"}`, want: `{"ok": 0, "code": 322}`},
		{db: "admin", cmd: `{"ping": 1, "apiStrict": true}`, want: `{"ok": 0, "code": 322}`},
	})
	sc := dial(t, newServer(t, optStandalone()))
	runScript(t, sc, []step{{db: "admin", cmd: `{"replSetGetStatus": 1}`, want: `{"ok": 0, "code": 76}`}})
}

func TestSessionCommands(t *testing.T) {
	c := dial(t, newServer(t))
	lsid := `{"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAQ==", "subType": "04"}}}`
	runScript(t, c, []step{
		{db: "admin", cmd: `{"startSession": 1}`, want: `{"id": {"id": {"$$type": "binData"}}, "timeoutMinutes": 30, "ok": 1}`},
		{cmd: `{"insert": "c", "documents": [{"_id": 1}, {"_id": 2}, {"_id": 3}], "lsid": ` + lsid + `}`, want: `{"n": 3}`},
		{db: "admin", cmd: `{"aggregate": 1, "pipeline": [{"$listLocalSessions": {}}], "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"_id": {"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAQ==", "subType": "04"}}}, "lastUse": {"$$type": "date"}}]}}`},
		{cmd: `{"find": "c", "batchSize": 1, "lsid": ` + lsid + `}`, want: `{"cursor": {"id": {"$$type": "long"}}}`},
		{db: "admin", cmd: `{"killAllSessions": []}`, want: `{"ok": 1}`},
		{db: "admin", cmd: `{"aggregate": 1, "pipeline": [{"$listLocalSessions": {}}], "cursor": {}}`, want: `{"cursor": {"firstBatch": []}}`},
		{db: "admin", cmd: `{"endSessions": [` + lsid + `]}`, want: `{"ok": 1}`},
		{db: "admin", cmd: `{"endSessions": 1}`, want: `{"ok": 0, "code": 14}`},
		{db: "admin", cmd: `{"refreshSessions": []}`, want: `{"ok": 1}`},
	})
}

func TestExplainAndStats(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"_id": 1}, {"_id": 2}]}`, want: `{"n": 2}`},
		{cmd: `{"explain": {"find": "c", "filter": {"_id": 1}}}`, want: `{"queryPlanner": {"namespace": "test.c", "parsedQuery": {"_id": 1}, "winningPlan": {"stage": "COLLSCAN"}}, "ok": 1}`},
		{cmd: `{"explain": {"count": "c"}, "verbosity": "executionStats"}`, want: `{"executionStats": {"totalDocsExamined": 2}}`},
		{cmd: `{"explain": {"find": "c", "filter": {"$bad": 1}}}`, want: `{"ok": 0, "code": 2}`},
		{cmd: `{"explain": {"drop": "c"}}`, want: `{"ok": 0, "code": 59}`},
		{cmd: `{"dbStats": 1}`, want: `{"db": "test", "collections": 1, "objects": 2, "ok": 1}`},
		{cmd: `{"collStats": "c"}`, want: `{"ns": "test.c", "count": 2, "nindexes": 1, "capped": false}`},
		{cmd: `{"collStats": "nope"}`, want: `{"ok": 0, "code": 26}`},
		{db: "admin", cmd: `{"configureFailPoint": "maxTimeAlwaysTimeOut", "mode": {"times": 1}}`, want: `{"ok": 1}`},
		{cmd: `{"find": "c"}`, want: `{"ok": 1}`},
		{cmd: `{"find": "c", "maxTimeMS": 1000}`, want: `{"ok": 0, "code": 50}`},
		{cmd: `{"find": "c", "maxTimeMS": 1000}`, want: `{"ok": 1}`},
	})
}

func TestStableAPI(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "c", "documents": [{"x": 1}], "apiVersion": "1", "apiStrict": true}`, want: `{"n": 1}`},
		{cmd: `{"distinct": "c", "key": "x", "apiVersion": "1", "apiStrict": true}`,
			want: `{"ok": 0, "code": 323, "codeName": "APIStrictError"}`},
		{cmd: `{"distinct": "c", "key": "x", "apiVersion": "1"}`, want: `{"values": [1]}`},
		{cmd: `{"testVersion2": 1, "apiVersion": "1", "apiStrict": true}`, want: `{"ok": 0, "code": 323}`},
		{cmd: `{"testDeprecation": 1, "apiVersion": "1", "apiDeprecationErrors": true}`, want: `{"ok": 0, "code": 324, "codeName": "APIDeprecationError"}`},
		{db: "admin", cmd: `{"aggregate": 1, "pipeline": [{"$listLocalSessions": {}}], "cursor": {}, "apiVersion": "1", "apiStrict": true}`, want: `{"ok": 0, "code": 323}`},
		{cmd: `{"createSearchIndexes": "c", "indexes": []}`, want: `{"ok": 0, "code": 31082}`},
		{cmd: `{"aggregate": "c", "pipeline": [{"$listSearchIndexes": {}}], "cursor": {}}`, want: `{"ok": 0, "code": 31082}`},
	})
}

func TestViewsAndTimeseries(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "src", "documents": [{"_id": 1, "x": 1}, {"_id": 2, "x": 2}, {"_id": 3, "x": 3}]}`, want: `{"n": 3}`},
		{cmd: `{"create": "v", "viewOn": "src", "pipeline": [{"$match": {"_id": {"$gt": 1}}}]}`, want: `{"ok": 1}`},
		{cmd: `{"create": "vv", "viewOn": "v", "pipeline": [{"$set": {"y": {"$multiply": ["$x", 10]}}}]}`, want: `{"ok": 1}`},
		{cmd: `{"create": "bad", "viewOn": "src", "pipeline": [{"$frob": 1}]}`, want: `{"ok": 0, "code": 40324}`},
		{cmd: `{"count": "v"}`, want: `{"n": 2}`},
		{cmd: `{"find": "vv", "filter": {"y": {"$gte": 30}}, "projection": {"_id": 0}}`, want: `{"cursor": {"firstBatch": [{"x": 3, "y": 30}], "id": 0}}`},
		{cmd: `{"distinct": "vv", "key": "y"}`, want: `{"values": [20, 30]}`},
		{cmd: `{"aggregate": "vv", "pipeline": [{"$count": "n"}], "cursor": {}}`, want: `{"cursor": {"firstBatch": [{"n": 2}]}}`},
		{cmd: `{"insert": "v", "documents": [{}]}`, want: `{"ok": 0, "code": 166, "codeName": "CommandNotSupportedOnView"}`},
		{cmd: `{"createIndexes": "v", "indexes": [{"key": {"x": 1}, "name": "x_1"}]}`, want: `{"ok": 0, "code": 166}`},
		{cmd: `{"listIndexes": "v"}`, want: `{"ok": 0, "code": 166}`},
		{cmd: `{"listCollections": 1, "filter": {"type": "view"}, "nameOnly": true}`, want: `{"cursor": {"firstBatch": [{"name": "v"}, {"name": "vv"}]}}`},
		{cmd: `{"listCollections": 1, "filter": {"name": "v"}}`, want: `{"cursor": {"firstBatch": [{"type": "view", "options": {"viewOn": "src"}, "info": {"readOnly": true}}]}}`},
		{cmd: `{"create": "ts", "timeseries": {"timeField": "t", "metaField": "m"}, "expireAfterSeconds": 60}`, want: `{"ok": 1}`},
		{cmd: `{"insert": "ts", "documents": [{"_id": 1, "t": 1}, {"_id": 1, "t": 2}]}`, want: `{"n": 2}`},
		{cmd: `{"find": "ts", "sort": {"t": -1}}`, want: `{"cursor": {"firstBatch": [{"_id": 1, "t": 2}, {"_id": 1, "t": 1}]}}`},
		{cmd: `{"listCollections": 1, "filter": {"name": "ts"}}`, want: `{"cursor": {"firstBatch": [{"type": "timeseries", "idIndex": {"$$exists": false}}]}}`},
		{cmd: `{"collMod": "v", "viewOn": "src", "pipeline": [{"$match": {"x": 1}}]}`, want: `{"ok": 1}`},
		{cmd: `{"count": "vv"}`, want: `{"n": 1}`},
		{cmd: `{"drop": "v"}`, want: `{"ok": 1}`},
		{cmd: `{"count": "vv"}`, want: `{"n": 0}`},
	})
}
