package mongotest_test

import (
	"os"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
)

// commandSeeds are commands FuzzCommand mutates.
var commandSeeds = []string{
	`{"insert": "c", "documents": [{"_id": 1, "a": [1, {"b": 2}], "s": "x"}]}`,
	`{"find": "c", "filter": {"a.b": {"$gte": 1}, "$or": [{"s": {"$regex": "^x"}}, {"a": {"$elemMatch": {"$gt": 0}}}]}, "sort": {"a": -1}, "projection": {"a.$": 1}}`,
	`{"update": "c", "updates": [{"q": {"a": 1}, "u": {"$push": {"a": {"$each": [3], "$slice": -2, "$sort": 1}}, "$inc": {"n": 1}}, "upsert": true}]}`,
	`{"update": "c", "updates": [{"q": {}, "u": [{"$set": {"t": {"$concat": ["$s", "y"]}}}], "multi": true}]}`,
	`{"update": "c", "updates": [{"q": {}, "u": {"$set": {"a.$[e].b": 5}}, "arrayFilters": [{"e.b": 2}]}]}`,
	`{"delete": "c", "deletes": [{"q": {"_id": {"$in": [1, 2]}}, "limit": 0}]}`,
	`{"aggregate": "c", "pipeline": [{"$unwind": "$a"}, {"$group": {"_id": "$s", "n": {"$sum": 1}}}, {"$sort": {"n": -1}}], "cursor": {}}`,
	`{"findAndModify": "c", "query": {"_id": 1}, "update": {"$rename": {"s": "r"}}, "new": true, "fields": {"r": 1}}`,
	`{"count": "c", "query": {"$expr": {"$gt": [{"$size": "$a"}, 1]}}}`,
	`{"distinct": "c", "key": "a.b"}`,
	`{"createIndexes": "c", "indexes": [{"key": {"s": 1}, "name": "s_1", "unique": true}]}`,
	`{"create": "cap", "capped": true, "size": 100}`,
	`{"find": "c", "filter": {"_id": 1}, "sort": {"_id": 1}, "returnKey": true, "showRecordId": true, "hint": "_id_"}`,
	`{"create": "cl", "clusteredIndex": {"key": {"_id": 1}, "unique": true, "name": "n"}}`,
	`{"collMod": "c", "index": {"keyPattern": {"s": 1}, "prepareUnique": true, "unique": true, "hidden": false}}`,
	`{"aggregate": "c", "pipeline": [{"$collStats": {"storageStats": {"scale": 2}}}, {"$merge": {"into": "m", "on": "_id", "whenMatched": "fail"}}], "cursor": {}}`,
	`{"insert": "c", "documents": [{}], "readConcern": {"level": "snapshot"}, "$clusterTime": {"clusterTime": {"$timestamp": {"t": 1, "i": 1}}}}`,
}

// FuzzCommand sends mutated commands and checks that every reply is a
// well-formed ok: 1 or a server error, never an internal error from a
// recovered panic.
func FuzzCommand(f *testing.F) {
	for _, s := range commandSeeds {
		f.Add(s)
	}
	s := mongotest.NewServer()
	defer s.Close()
	c := dial(f, s)
	f.Fuzz(func(t *testing.T, js string) {
		doc, err := bson.ParseExtJSON(nil, []byte(js), false)
		if err != nil || len(doc) > 1<<16 {
			return
		}
		c.t = t
		r := c.run(withDB(doc, "fuzz"), 0, nil)
		ok, _ := r.Lookup("ok").AsFloat64OK()
		code, _ := r.Lookup("code").AsInt64OK()
		msg := r.Lookup("errmsg").StringValue()
		if strings.Contains(msg, "(at engine/") && os.Getenv("MONGOTEST_FUZZ_ENGINE") == "" {
			t.Skipf("engine panic, reported to the engine: %s: %s", js, msg)
		}
		if (ok != 0 && ok != 1) || code == 1 || strings.Contains(msg, "internal error") {
			t.Fatalf("command %s: reply %s", js, extJSON(r))
		}
	})
}
