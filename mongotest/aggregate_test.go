package mongotest_test

import (
	"testing"
)

func TestAggregate(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "s", "documents": [{"_id": 1, "k": "a", "v": 1, "t": [1, 2]}, {"_id": 2, "k": "b", "v": 2}, {"_id": 3, "k": "a", "v": 3}]}`, want: `{"n": 3}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$match": {"v": {"$gt": 1}}}, {"$project": {"k": 1}}], "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"_id": 2, "k": "b"}, {"_id": 3, "k": "a"}], "id": 0, "ns": "test.s"}, "ok": 1}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$group": {"_id": "$k", "n": {"$sum": 1}, "total": {"$sum": "$v"}}}, {"$sort": {"_id": -1}}], "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"_id": "b", "n": 1, "total": 2}, {"_id": "a", "n": 2, "total": 4}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$unwind": "$t"}, {"$replaceWith": {"x": "$t"}}, {"$limit": 1}], "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"x": 1}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$set": {"w": {"$multiply": ["$v", "$$f"]}}}, {"$unset": ["t", "k"]}, {"$skip": 2}], "let": {"f": 10}, "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"_id": 3, "v": 3, "w": 30}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$count": "n"}], "cursor": {}}`, want: `{"cursor": {"firstBatch": [{"n": 3}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$match": {"k": "A"}}, {"$count": "n"}], "collation": {"locale": "en", "strength": 2}, "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"n": 2}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$match": {"k": "a"}}, {"$out": "o"}], "cursor": {}}`, want: `{"cursor": {"firstBatch": [], "id": 0}}`},
		{cmd: `{"find": "o"}`, want: `{"cursor": {"firstBatch": [{"_id": 1}, {"_id": 3}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$project": {"v": 1}}, {"$merge": {"into": "o", "whenMatched": "replace", "whenNotMatched": "discard"}}], "cursor": {}}`, want: `{"ok": 1}`},
		{cmd: `{"find": "o"}`, want: `{"cursor": {"firstBatch": [{"_id": 1, "v": 1, "k": {"$$exists": false}}, {"_id": 3, "v": 3}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$project": {"v": 1}}, {"$merge": {"into": "o", "whenMatched": [{"$set": {"sum": {"$add": ["$v", "$$new.v"]}}}]}}], "cursor": {}}`, want: `{"ok": 1}`},
		{cmd: `{"find": "o"}`, want: `{"cursor": {"firstBatch": [{"_id": 1, "v": 1, "sum": 2}, {"_id": 3, "v": 3, "sum": 6}, {"_id": 2, "v": 2}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$merge": {"into": "o", "whenMatched": "fail"}}], "cursor": {}}`, want: `{"ok": 0, "code": 11000}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$lookup": {"from": "o", "let": {"id": "$_id"}, "pipeline": [{"$match": {"$expr": {"$eq": ["$_id", "$$id"]}}}, {"$project": {"sum": 1, "_id": 0}}], "as": "j"}}, {"$project": {"j": 1}}], "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"_id": 1, "j": [{"sum": 2}]}, {"_id": 2, "j": [{}]}, {"_id": 3, "j": [{"sum": 6}]}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$unionWith": {"coll": "o", "pipeline": [{"$match": {"_id": 2}}]}}, {"$count": "n"}], "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"n": 4}]}}`},
		{cmd: `{"aggregate": 1, "pipeline": [{"$documents": [{"a": 1}, {"a": 2}]}, {"$match": {"a": 2}}], "cursor": {}}`,
			want: `{"cursor": {"firstBatch": [{"a": 2}], "ns": "test.$cmd.aggregate"}}`},
		{cmd: `{"aggregate": 1, "pipeline": [{"$match": {}}], "cursor": {}}`, want: `{"ok": 0, "code": 73}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$collStats": {"count": {}}}], "cursor": {}}`, want: `{"cursor": {"firstBatch": [{"ns": "test.s", "count": 3}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$indexStats": {}}], "cursor": {}}`, want: `{"cursor": {"firstBatch": [{"name": "_id_"}]}}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$bogus": {}}], "cursor": {}}`, want: `{"ok": 0, "code": 40324, "errmsg": "Unrecognized pipeline stage name: '$bogus'"}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$out": "x"}, {"$match": {}}], "cursor": {}}`, want: `{"ok": 0, "code": 40601}`},
		{cmd: `{"aggregate": "s", "pipeline": [{"$project": {"x": {"$frob": 1}}}], "cursor": {}}`, want: `{"ok": 0, "code": 168}`},
		{cmd: `{"aggregate": "s", "pipeline": []}`, want: `{"ok": 0, "code": 9}`},
		{cmd: `{"aggregate": "s", "cursor": {}}`, want: `{"ok": 0, "code": 40414}`},
		{cmd: `{"aggregate": "s", "pipeline": [], "explain": true}`, want: `{"queryPlanner": {"namespace": "test.s"}, "ok": 1}`},
		{cmd: `{"aggregate": "missing", "pipeline": [], "cursor": {}}`, want: `{"cursor": {"firstBatch": [], "id": 0}}`},
	})
}

func TestBulkWrite(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{db: "admin", cmd: `{"bulkWrite": 1, "ops": [
			{"insert": 0, "document": {"_id": 1, "x": 1}},
			{"insert": 1, "document": {"_id": 1}},
			{"update": 0, "filter": {"_id": 1}, "updateMods": {"$inc": {"x": 1}}},
			{"update": 1, "filter": {"_id": 5}, "updateMods": {"y": 1}, "upsert": true},
			{"delete": 1, "filter": {"_id": 1}, "multi": false},
			{"insert": 0, "document": {"_id": 1}},
			{"delete": 0, "filter": {}, "multi": true}],
			"nsInfo": [{"ns": "test.a"}, {"ns": "other.b"}]}`,
			want: `{"cursor": {"id": 0, "ns": "admin.$cmd.bulkWrite", "firstBatch": [
				{"ok": 1, "idx": 0, "n": 1}, {"ok": 1, "idx": 1, "n": 1},
				{"ok": 1, "idx": 2, "n": 1, "nModified": 1}, {"ok": 1, "idx": 3, "n": 1, "nModified": 0, "upserted": {"_id": 5}},
				{"ok": 1, "idx": 4, "n": 1}, {"ok": 0, "idx": 5, "code": 11000, "keyValue": {"_id": 1}}]},
				"nErrors": 1, "nInserted": 2, "nMatched": 1, "nModified": 1, "nUpserted": 1, "nDeleted": 1, "ok": 1}`},
		{db: "admin", cmd: `{"bulkWrite": 1, "ordered": false, "errorsOnly": true, "ops": [
			{"insert": 0, "document": {"_id": 1}}, {"insert": 0, "document": {"_id": 2}}, {"delete": 0, "filter": {}, "multi": true}],
			"nsInfo": [{"ns": "test.a"}]}`,
			want: `{"cursor": {"firstBatch": [{"ok": 0, "idx": 0, "code": 11000}]}, "nErrors": 1, "nInserted": 1, "nDeleted": 2}`},
		{cmd: `{"bulkWrite": 1, "ops": [], "nsInfo": []}`, want: `{"ok": 0, "code": 13}`},
		{db: "admin", cmd: `{"bulkWrite": 1, "ops": [{"insert": 3, "document": {}}], "nsInfo": [{"ns": "test.a"}]}`,
			want: `{"nErrors": 1, "cursor": {"firstBatch": [{"ok": 0, "idx": 0, "code": 2}]}}`},
	})
}

func TestOutFailureKeepsTarget(t *testing.T) {
	c := dial(t, newServer(t))
	runScript(t, c, []step{
		{cmd: `{"insert": "src", "documents": [{"_id": 1}, {"_id": 2}]}`, want: `{"n": 2}`},
		{cmd: `{"insert": "dst", "documents": [{"_id": "old"}]}`, want: `{"n": 1}`},
		{cmd: `{"aggregate": "src", "pipeline": [{"$project": {"_id": 1}}, {"$set": {"_id": 5}}, {"$out": "dst"}], "cursor": {}}`, want: `{"ok": 0, "code": 11000}`},
		{cmd: `{"find": "dst"}`, want: `{"cursor": {"firstBatch": [{"_id": "old"}]}}`},
	})
}
