package unified_test

import (
	"context"
	"testing"

	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

const runnerFile = `{
  "description": "runner self-test", "schemaVersion": "1.0",
  "createEntities": [
    {"client": {"id": "client0", "observeEvents": ["commandStartedEvent"]}},
    {"database": {"id": "db0", "client": "client0", "databaseName": "rt"}},
    {"collection": {"id": "coll0", "database": "db0", "collectionName": "c"}},
    {"session": {"id": "session0", "client": "client0"}}
  ],
  "initialData": [{"collectionName": "c", "databaseName": "rt", "documents": [{"_id": 1, "x": 11}]}],
  "tests": [
    {"description": "pass",
     "operations": [
       {"name": "insertOne", "object": "coll0", "arguments": {"document": {"_id": 2, "x": 22}},
        "expectResult": {"$$unsetOrMatches": {"insertedId": {"$$unsetOrMatches": 2}}}},
       {"name": "find", "object": "coll0", "arguments": {"filter": {}}, "expectResult": [{"_id": 1, "x": 11}, {"_id": 2, "x": 22}]}
     ],
     "expectEvents": [{"client": "client0", "events": [
       {"commandStartedEvent": {"commandName": "insert", "databaseName": "rt"}},
       {"commandStartedEvent": {"commandName": "find"}}]}],
     "outcome": [{"collectionName": "c", "databaseName": "rt", "documents": [{"_id": 1, "x": 11}, {"_id": 2, "x": 22}]}]},
    {"description": "wrong result",
     "operations": [{"name": "countDocuments", "object": "coll0", "arguments": {"filter": {}}, "expectResult": 5}]},
    {"description": "server error",
     "operations": [{"name": "insertOne", "object": "coll0", "arguments": {"document": {"_id": 1}},
       "expectError": {"isClientError": false, "errorCode": 11000}}]},
    {"description": "unknown argument",
     "operations": [{"name": "insertOne", "object": "coll0", "arguments": {"document": {}, "bogus": 1}, "ignoreResultAndError": true}]},
    {"description": "with a session",
     "operations": [{"name": "find", "object": "coll0", "arguments": {"filter": {}, "session": "session0"}}],
     "expectEvents": [{"client": "client0", "events": [
       {"commandStartedEvent": {"commandName": "find", "command": {"lsid": {"$$sessionLsid": "session0"}}}}]}]},
    {"description": "needs a transaction",
     "operations": [{"name": "startTransaction", "object": "session0"}]},
    {"description": "fail point",
     "operations": [
       {"name": "failPoint", "object": "testRunner", "arguments": {"client": "client0", "failPoint":
         {"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["find"], "errorCode": 2}}}},
       {"name": "find", "object": "coll0", "arguments": {"filter": {}}, "expectError": {"errorCode": 2}},
       {"name": "find", "object": "coll0", "arguments": {"filter": {}}, "expectResult": [{"_id": 1, "x": 11}]}
     ]}
  ]
}`

func TestRunnerOutcomes(t *testing.T) {
	srv := mongotest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	r, err := unified.NewRunner(ctx, srv.URI())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	if r.Info.Topology != unified.TopologyReplicaSet || r.Info.Version == "" {
		t.Errorf("server info = %+v", r.Info)
	}
	f, err := unified.Parse([]byte(runnerFile))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]unified.Outcome{
		"pass": unified.Passed, "wrong result": unified.Failed, "server error": unified.Passed,
		"unknown argument": unified.Failed, "with a session": unified.Passed, "needs a transaction": unified.Skipped, "fail point": unified.Passed,
	}
	ref := unified.FileRef{Suite: "self", Name: "runner.json"}
	rep := unified.NewReport("self")
	for _, res := range r.RunFile(ctx, ref, f, rep) {
		if res.Outcome != want[res.Test] {
			t.Errorf("%s: outcome %d, want %d (reason %q, err %v)", res.Test, res.Outcome, want[res.Test], res.Reason, res.Err)
		}
	}
	if c := rep.File(ref.Key()); c != (unified.Counts{Passed: 4, Skipped: 1, Failed: 2}) {
		t.Errorf("counts = %+v", c)
	}
}
