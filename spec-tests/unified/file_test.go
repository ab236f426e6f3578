package unified_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

const sampleFile = `{
  "description": "sample",
  "schemaVersion": "1.13",
  "runOnRequirements": [{"minServerVersion": "4.4", "topologies": ["replicaset"], "csfle": {"minLibmongocryptVersion": "1.8.0"}}],
  "createEntities": [
    {"client": {"id": "client0", "observeEvents": ["commandStartedEvent"], "useMultipleMongoses": false,
                "observeLogMessages": {"command": "debug"}, "uriOptions": {"retryWrites": false},
                "serverApi": {"version": "1", "strict": true}}},
    {"database": {"id": "database0", "client": "client0", "databaseName": "db",
                  "databaseOptions": {"timeoutMS": 10, "readConcern": {"level": "majority"}}}},
    {"collection": {"id": "collection0", "database": "database0", "collectionName": "coll"}},
    {"session": {"id": "session0", "client": "client0", "sessionOptions": {"causalConsistency": false}}},
    {"thread": {"id": "thread0"}},
    {"gizmo": {"id": "gizmo0", "x": 1}}
  ],
  "initialData": [{"collectionName": "coll", "databaseName": "db", "documents": [{"_id": 1, "n": {"$numberLong": "7"}}]}],
  "tests": [{
    "description": "t1",
    "operations": [
      {"name": "find", "object": "collection0", "arguments": {"filter": {"b": 1, "a": 2}}, "expectResult": [{"_id": 1}]},
      {"name": "findOneAndUpdate", "object": "collection0", "arguments": {"filter": {}, "update": {}}, "expectResult": null},
      {"name": "insertOne", "object": "collection0", "arguments": {"document": {}},
       "expectError": {"isError": true, "errorCode": 11000, "errorContains": "dup", "errorLabelsOmit": ["X"]}},
      {"name": "ping", "object": "database0", "ignoreResultAndError": true}
    ],
    "expectEvents": [{"client": "client0", "events": [{"commandStartedEvent": {"commandName": "find", "hasServiceId": false}}]},
                     {"client": "client0", "eventType": "sdam", "ignoreExtraEvents": true,
                      "events": [{"topologyDescriptionChangedEvent": {"newDescription": {"type": "ReplicaSetWithPrimary"}}}]}],
    "expectLogMessages": [{"client": "client0", "messages": [{"level": "debug", "component": "command", "data": {"message": "Command started"}}]}],
    "outcome": [{"collectionName": "coll", "databaseName": "db", "documents": []}]
  }]
}`

func TestParseSample(t *testing.T) {
	f, err := unified.Parse([]byte(sampleFile))
	if err != nil {
		t.Fatal(err)
	}
	if f.SchemaVersion != (unified.Version{Major: 1, Minor: 13}) || f.Description != "sample" {
		t.Errorf("header: %+v", f)
	}
	r := f.RunOnRequirements[0]
	if r.MinServerVersion != "4.4" || r.CSFLE == nil || !*r.CSFLE || r.MinLibmongocryptVersion != "1.8.0" {
		t.Errorf("requirement: %+v", r)
	}
	checkSampleEntities(t, f.CreateEntities)
	if n := f.InitialData[0].Documents[0].Lookup("n"); n.Type != bson.TypeInt64 || n.Int64() != 7 {
		t.Errorf("$numberLong lost its type: %v", n)
	}
	checkSampleOperations(t, f.Tests[0].Operations)
	ev := f.Tests[0].ExpectEvents
	if ev[0].EventType != unified.EventTypeCommand || ev[0].Events[0].Name != "commandStartedEvent" ||
		ev[0].Events[0].HasServiceID == nil || *ev[0].Events[0].HasServiceID {
		t.Errorf("command events: %+v", ev[0])
	}
	if !ev[1].IgnoreExtraEvents || ev[1].Events[0].NewDescriptionType != "ReplicaSetWithPrimary" {
		t.Errorf("sdam events: %+v", ev[1])
	}
	lm := f.Tests[0].ExpectLogMessages[0].Messages[0]
	if lm.Level != "debug" || lm.Data.Lookup("message").StringValue() != "Command started" {
		t.Errorf("log message: %+v", lm)
	}
	if f.Tests[0].Outcome[0].Documents == nil {
		t.Errorf("empty outcome documents must be an empty list, not nil")
	}
}

func checkSampleEntities(t *testing.T, es []unified.EntityDescription) {
	t.Helper()
	c := es[0].Client
	if c == nil || es[0].ID != "client0" || c.UseMultipleMongoses == nil || *c.UseMultipleMongoses ||
		c.ObserveLogMessages["command"] != "debug" || c.ServerAPI.Version != "1" || !*c.ServerAPI.Strict ||
		c.URIOptions.Lookup("retryWrites").Boolean() {
		t.Errorf("client: %+v", c)
	}
	d := es[1].Database
	if d == nil || d.DatabaseName != "db" || *d.Options.TimeoutMS != 10 || d.Options.ReadConcern == nil {
		t.Errorf("database: %+v", d)
	}
	if es[2].Collection == nil || es[2].Collection.Database != "database0" || es[3].Session == nil {
		t.Errorf("collection/session: %+v %+v", es[2], es[3])
	}
	if es[4].Kind != "thread" || es[4].ID != "thread0" || es[4].Err() != nil {
		t.Errorf("thread: %+v", es[4])
	}
	if es[5].Kind != "gizmo" || es[5].ID != "gizmo0" || es[5].Err() == nil || es[5].Raw.Lookup("x").Int32() != 1 {
		t.Errorf("unknown kind must load raw and report an error: %+v", es[5])
	}
}

func checkSampleOperations(t *testing.T, ops []unified.Operation) {
	t.Helper()
	keys := []string{}
	it := ops[0].Arguments.Lookup("filter").Document().Iter()
	for it.Next() {
		keys = append(keys, it.Key())
	}
	if strings.Join(keys, ",") != "b,a" {
		t.Errorf("argument key order lost: %v", keys)
	}
	if ops[0].ExpectResult.Type != bson.TypeArray {
		t.Errorf("expectResult array: %v", ops[0].ExpectResult)
	}
	if ops[1].ExpectResult.Type != bson.TypeNull {
		t.Errorf("explicit null expectResult must be TypeNull, got %v", ops[1].ExpectResult.Type)
	}
	e := ops[2].ExpectError
	if e == nil || !e.IsError || *e.ErrorCode != 11000 || *e.ErrorContains != "dup" || e.ErrorLabelsOmit[0] != "X" {
		t.Errorf("expectError: %+v", e)
	}
	if !ops[3].IgnoreResultAndError || !ops[3].ExpectResult.IsZero() || ops[3].Arguments != nil {
		t.Errorf("ignoreResultAndError op: %+v", ops[3])
	}
}

func TestParseErrors(t *testing.T) {
	const head = `"description": "d", "schemaVersion": "1.0"`
	cases := []struct {
		name, js, want string
	}{
		{"not JSON", `{`, "$: invalid JSON: unexpected end"},
		{"array", `[]`, "$: expected an object, got an array"},
		{"no tests", `{` + head + `}`, `$: missing required field "tests"`},
		{"bad operation name", `{` + head + `, "tests": [{"description": "t", "operations": [{"name": 1, "object": "x"}]}]}`,
			"$.tests[0].operations[0].name: expected a string, got the number 1"},
		{"bad extended JSON", `{` + head + `, "tests": [{"description": "t", "operations": [{"name": "a", "object": "x", "arguments": {"d": {"$date": 5}}}]}]}`,
			"$.tests[0].operations[0].arguments: extended JSON"},
		{"unknown event", `{` + head + `, "tests": [{"description": "t", "operations": [], "expectEvents": [{"client": "c", "events": [{"fooEvent": {}}]}]}]}`,
			`$.tests[0].expectEvents[0].events[0]: unknown event "fooEvent"`},
		{"cmap event field", `{` + head + `, "tests": [{"description": "t", "operations": [], "expectEvents": [{"client": "c", "eventType": "cmap", "events": [{"poolCreatedEvent": {"address": "x"}}]}]}]}`,
			`poolCreatedEvent: unknown field "address"`},
		{"expectError empty", `{` + head + `, "tests": [{"description": "t", "operations": [{"name": "a", "object": "x", "expectError": {}}]}]}`,
			"expectError needs at least one assertion"},
		{"isError false", `{` + head + `, "tests": [{"description": "t", "operations": [{"name": "a", "object": "x", "expectError": {"isError": false}}]}]}`,
			"isError must be true"},
		{"createOptions writeConcern", `{` + head + `, "initialData": [{"collectionName": "c", "databaseName": "d", "documents": [], "createOptions": {"writeConcern": {}}}], "tests": [{"description": "t", "operations": []}]}`,
			"writeConcern is not allowed"},
		{"placeholder ok, bad KMS value", `{` + head + `, "createEntities": [{"clientEncryption": {"id": "ce", "clientEncryptionOpts": {"keyVaultClient": "c", "keyVaultNamespace": "k.v", "kmsProviders": {"aws": {"accessKeyId": {"$$placeholder": 1}, "secretAccessKey": 5}}}}}], "tests": [{"description": "t", "operations": []}]}`,
			"kmsProviders.aws.secretAccessKey: expected an object"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := unified.Parse([]byte(c.js))
			var fe *unified.FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("want *FormatError, got %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want %q in %q", c.want, err)
			}
		})
	}
}

func TestLoadNamesFile(t *testing.T) {
	_, err := unified.Load("testdata/does-not-exist.json")
	if err == nil {
		t.Fatal("want an error for a missing file")
	}
	path := t.TempDir() + "/bad.json"
	if err := writeFile(path, `{"description": 1}`); err != nil {
		t.Fatal(err)
	}
	_, err = unified.Load(path)
	var fe *unified.FormatError
	if !errors.As(err, &fe) || fe.File != path || !strings.Contains(err.Error(), path) {
		t.Fatalf("want a FormatError naming %s, got %v", path, err)
	}
}
