package operation_test

import (
	"errors"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/operation"
)

// TestCommandBodies checks the exact body each command builds, against
// extended JSON written from the specifications (field order included).
func TestCommandBodies(t *testing.T) {
	desc := description.Server{}
	tests := []struct {
		name string
		cmd  operation.Command
		want string
	}{
		{"find/minimal", &operation.Find{DB: "db", Collection: "c"}, `{"find": "c"}`},
		{"find/all options", &operation.Find{DB: "db", Collection: "c", Filter: ext(t, `{"a": 1}`), Options: operation.FindOptions{
			Sort: ext(t, `{"a": -1}`), Projection: ext(t, `{"_id": 0}`), Hint: operation.StringValue("a_1"),
			Skip: 2, Limit: 10, BatchSize: 5, Comment: operation.StringValue("hi"), MaxTime: 1500 * time.Millisecond,
			Max: ext(t, `{"a": 9}`), Min: ext(t, `{"a": 0}`), ReturnKey: true, ShowRecordID: true,
			Tailable: true, AwaitData: true, NoCursorTimeout: true, AllowPartialResults: true,
			Collation: ext(t, `{"locale": "fr"}`), AllowDiskUse: operation.Some(false), Let: ext(t, `{"v": 1}`),
		}}, `{"find": "c", "filter": {"a": 1}, "sort": {"a": -1}, "projection": {"_id": 0}, "hint": "a_1",
			"skip": {"$numberLong": "2"}, "limit": {"$numberLong": "10"}, "batchSize": 5, "comment": "hi",
			"maxTimeMS": {"$numberLong": "1500"}, "max": {"a": 9}, "min": {"a": 0}, "returnKey": true,
			"showRecordId": true, "tailable": true, "noCursorTimeout": true, "awaitData": true,
			"allowPartialResults": true, "collation": {"locale": "fr"}, "allowDiskUse": false, "let": {"v": 1}}`},
		{"find/findOne shape", &operation.Find{DB: "db", Collection: "c", Options: operation.FindOptions{Limit: 1, SingleBatch: true}},
			`{"find": "c", "limit": {"$numberLong": "1"}, "singleBatch": true}`},
		{"find/negative limit", &operation.Find{DB: "db", Collection: "c", Options: operation.FindOptions{Limit: -3, BatchSize: 10}},
			`{"find": "c", "limit": {"$numberLong": "3"}, "singleBatch": true}`},
		{"find/negative batchSize", &operation.Find{DB: "db", Collection: "c", Options: operation.FindOptions{BatchSize: -4}},
			`{"find": "c", "batchSize": 4, "singleBatch": true}`},
		{"find/batchSize equal to limit", &operation.Find{DB: "db", Collection: "c", Options: operation.FindOptions{Limit: 4, BatchSize: 4}},
			`{"find": "c", "limit": {"$numberLong": "4"}, "batchSize": 5}`},
		{"getMore", &operation.GetMore{DB: "db", Collection: "c", CursorID: 42, BatchSize: 3, MaxTime: time.Second, Comment: operation.StringValue("x")},
			`{"getMore": {"$numberLong": "42"}, "collection": "c", "batchSize": 3, "maxTimeMS": {"$numberLong": "1000"}, "comment": "x"}`},
		{"killCursors", &operation.KillCursors{DB: "db", Collection: "c", CursorIDs: []int64{1, 2}},
			`{"killCursors": "c", "cursors": [{"$numberLong": "1"}, {"$numberLong": "2"}]}`},
		{"aggregate/collection", &operation.Aggregate{DB: "db", Collection: "c", Pipeline: arr(t, `[{"$match": {"a": 1}}]`),
			Options: operation.AggregateOptions{BatchSize: operation.Some[int32](0), AllowDiskUse: operation.Some(true), Comment: operation.StringValue("c")}},
			`{"aggregate": "c", "pipeline": [{"$match": {"a": 1}}], "allowDiskUse": true, "cursor": {"batchSize": 0}, "comment": "c"}`},
		{"aggregate/database $out", &operation.Aggregate{DB: "db", Pipeline: arr(t, `[{"$out": "o"}]`),
			Options: operation.AggregateOptions{BatchSize: operation.Some[int32](0), BypassDocumentValidation: operation.Some(true)}},
			`{"aggregate": 1, "pipeline": [{"$out": "o"}], "cursor": {}, "bypassDocumentValidation": true}`},
		{"aggregate/empty pipeline", &operation.Aggregate{DB: "db", Collection: "c"}, `{"aggregate": "c", "pipeline": [], "cursor": {}}`},
		{"insert", &operation.Insert{DB: "db", Collection: "c", Options: operation.InsertOptions{Unordered: true, BypassDocumentValidation: operation.Some(false)}},
			`{"insert": "c", "ordered": false, "bypassDocumentValidation": false}`},
		{"update", &operation.Update{DB: "db", Collection: "c", Options: operation.UpdateOptions{Let: ext(t, `{"x": 1}`)}},
			`{"update": "c", "ordered": true, "let": {"x": 1}}`},
		{"delete", &operation.Delete{DB: "db", Collection: "c", Options: operation.DeleteOptions{Comment: operation.StringValue("d")}},
			`{"delete": "c", "ordered": true, "comment": "d"}`},
		{"findAndModify/update", &operation.FindAndModify{DB: "db", Collection: "c", Query: ext(t, `{"a": 1}`), Options: operation.FindAndModifyOptions{
			Sort: ext(t, `{"a": 1}`), Update: operation.DocValue(ext(t, `{"$inc": {"n": 1}}`)), New: true, Fields: ext(t, `{"n": 1}`),
			Upsert: true, ArrayFilters: arr(t, `[{"e": 1}]`), Hint: operation.DocValue(ext(t, `{"a": 1}`)), MaxTime: 20 * time.Millisecond}},
			`{"findAndModify": "c", "query": {"a": 1}, "sort": {"a": 1}, "update": {"$inc": {"n": 1}}, "new": true, "fields": {"n": 1},
			"upsert": true, "arrayFilters": [{"e": 1}], "hint": {"a": 1}, "maxTimeMS": {"$numberLong": "20"}}`},
		{"findAndModify/remove", &operation.FindAndModify{DB: "db", Collection: "c", Options: operation.FindAndModifyOptions{Remove: true}},
			`{"findAndModify": "c", "query": {}, "remove": true}`},
		{"count", &operation.Count{DB: "db", Collection: "c", Query: ext(t, `{"a": 1}`), Options: operation.CountOptions{Limit: 5, Skip: 1}},
			`{"count": "c", "query": {"a": 1}, "limit": {"$numberLong": "5"}, "skip": {"$numberLong": "1"}}`},
		{"count/estimated", &operation.Count{DB: "db", Collection: "c"}, `{"count": "c"}`},
		{"distinct", &operation.Distinct{DB: "db", Collection: "c", Key: "k", Query: ext(t, `{"a": 1}`)},
			`{"distinct": "c", "key": "k", "query": {"a": 1}}`},
		{"listCollections", &operation.ListCollections{DB: "db", Filter: ext(t, `{"name": "c"}`), Options: operation.ListCollectionsOptions{
			NameOnly: true, AuthorizedCollections: true, BatchSize: operation.Some[int32](2)}},
			`{"listCollections": 1, "filter": {"name": "c"}, "nameOnly": true, "authorizedCollections": true, "cursor": {"batchSize": 2}}`},
		{"listDatabases", &operation.ListDatabases{Options: operation.ListDatabasesOptions{NameOnly: true, AuthorizedDatabases: operation.Some(false)}},
			`{"listDatabases": 1, "nameOnly": true, "authorizedDatabases": false}`},
		{"listIndexes", &operation.ListIndexes{DB: "db", Collection: "c"}, `{"listIndexes": "c"}`},
		{"createIndexes", &operation.CreateIndexes{DB: "db", Collection: "c", Indexes: []bson.Raw{ext(t, `{"key": {"a": 1}, "name": "a_1"}`)},
			Options: operation.CreateIndexesOptions{CommitQuorum: operation.StringValue("majority")}},
			`{"createIndexes": "c", "indexes": [{"key": {"a": 1}, "name": "a_1"}], "commitQuorum": "majority"}`},
		{"dropIndexes/all", &operation.DropIndexes{DB: "db", Collection: "c"}, `{"dropIndexes": "c", "index": "*"}`},
		{"dropIndexes/by key", &operation.DropIndexes{DB: "db", Collection: "c", Index: operation.DocValue(ext(t, `{"a": 1}`))},
			`{"dropIndexes": "c", "index": {"a": 1}}`},
		{"create/capped", &operation.Create{DB: "db", Collection: "c", Options: operation.CreateOptions{Capped: true, Size: 4096,
			Validator: ext(t, `{"x": {"$type": "string"}}`), ExpireAfterSeconds: operation.Some[int64](0)}},
			`{"create": "c", "capped": true, "size": {"$numberLong": "4096"}, "validator": {"x": {"$type": "string"}}, "expireAfterSeconds": {"$numberLong": "0"}}`},
		{"create/view", &operation.Create{DB: "db", Collection: "v", Options: operation.CreateOptions{ViewOn: "c", Pipeline: arr(t, `[{"$match": {}}]`)}},
			`{"create": "v", "viewOn": "c", "pipeline": [{"$match": {}}]}`},
		{"drop", &operation.Drop{DB: "db", Collection: "c"}, `{"drop": "c"}`},
		{"dropDatabase", &operation.DropDatabase{DB: "db"}, `{"dropDatabase": 1}`},
		{"renameCollection", &operation.RenameCollection{From: "db.a", To: "db.b", DropTarget: true},
			`{"renameCollection": "db.a", "to": "db.b", "dropTarget": true}`},
		{"endSessions", &operation.EndSessions{IDs: []bson.Raw{ext(t, `{"id": 1}`)}}, `{"endSessions": [{"id": 1}]}`},
		{"runCommand", &operation.RunCommand{DB: "db", Command: ext(t, `{"ping": 1, "comment": "x"}`)}, `{"ping": 1, "comment": "x"}`},
		{"bulkWrite", &operation.BulkWrite{Options: operation.BulkWriteOptions{Unordered: true, VerboseResults: true, Let: ext(t, `{"v": 1}`)}},
			`{"bulkWrite": 1, "errorsOnly": false, "ordered": false, "let": {"v": 1}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sameDoc(t, body(t, tt.cmd, desc), ext(t, tt.want))
		})
	}
}

// TestCommandMetadata checks names, databases and traits.
func TestCommandMetadata(t *testing.T) {
	read := operation.Traits{ReadPreference: true, Retry: operation.RetryRead, ReadConcern: true}
	write := operation.Traits{Write: true, Retry: operation.RetryWrite, WriteConcern: true}
	ddl := operation.Traits{Write: true, WriteConcern: true}
	tests := []struct {
		cmd    operation.Command
		name   string
		db     string
		traits operation.Traits
	}{
		{&operation.Find{DB: "d"}, "find", "d", read},
		{&operation.GetMore{DB: "d"}, "getMore", "d", operation.Traits{}},
		{&operation.KillCursors{DB: "d"}, "killCursors", "d", operation.Traits{}},
		{&operation.Aggregate{DB: "d"}, "aggregate", "d", read},
		{&operation.Aggregate{DB: "d", Pipeline: arr(t, `[{"$merge": "x"}]`)}, "aggregate", "d", operation.Traits{ReadPreference: true, ReadConcern: true, WriteConcern: true, WriteStage: true}},
		{&operation.Insert{DB: "d"}, "insert", "d", write},
		{&operation.Update{DB: "d", Updates: []operation.UpdateStatement{{}}}, "update", "d", write},
		{&operation.Update{DB: "d", Updates: []operation.UpdateStatement{{}, {Multi: true}}}, "update", "d", ddl},
		{&operation.Delete{DB: "d", Deletes: []operation.DeleteStatement{{Multi: true}}}, "delete", "d", ddl},
		{&operation.FindAndModify{DB: "d"}, "findAndModify", "d", write},
		{&operation.Count{DB: "d"}, "count", "d", read},
		{&operation.Distinct{DB: "d"}, "distinct", "d", read},
		{&operation.ListCollections{DB: "d"}, "listCollections", "d", operation.Traits{ReadPreference: true, Retry: operation.RetryRead}},
		{&operation.ListDatabases{}, "listDatabases", "admin", operation.Traits{ReadPreference: true, Retry: operation.RetryRead}},
		{&operation.ListIndexes{DB: "d"}, "listIndexes", "d", operation.Traits{ReadPreference: true, Retry: operation.RetryRead}},
		{&operation.CreateIndexes{DB: "d"}, "createIndexes", "d", ddl},
		{&operation.DropIndexes{DB: "d"}, "dropIndexes", "d", ddl},
		{&operation.Create{DB: "d"}, "create", "d", ddl},
		{&operation.Drop{DB: "d"}, "drop", "d", ddl},
		{&operation.DropDatabase{DB: "d"}, "dropDatabase", "d", ddl},
		{&operation.RenameCollection{}, "renameCollection", "admin", ddl},
		{&operation.BulkWrite{}, "bulkWrite", "admin", write},
		{&operation.BulkWrite{Models: []operation.BulkWriteModel{{Kind: operation.DeleteMany}}}, "bulkWrite", "admin", ddl},
		{&operation.EndSessions{}, "endSessions", "admin", operation.Traits{ReadPreference: true}},
		{&operation.RunCommand{DB: "d", Command: ext(t, `{"hello": 1}`)}, "hello", "d", operation.Traits{ReadPreference: true}},
	}
	for _, tt := range tests {
		if got := tt.cmd.Name(); got != tt.name {
			t.Errorf("Name() = %q, want %q", got, tt.name)
		}
		if got := tt.cmd.Database(); got != tt.db {
			t.Errorf("%s: Database() = %q, want %q", tt.name, got, tt.db)
		}
		if got := tt.cmd.Traits(); got != tt.traits {
			t.Errorf("%s: Traits() = %+v, want %+v", tt.name, got, tt.traits)
		}
	}
}

// TestBadArguments checks that malformed documents are refused with an
// ArgumentError naming the field, never a panic.
func TestBadArguments(t *testing.T) {
	bad := bson.Raw{9, 0, 0, 0, 0}
	tests := []struct {
		cmd   operation.Command
		field string
	}{
		{&operation.Find{Filter: bad}, "filter"},
		{&operation.Find{Options: operation.FindOptions{Sort: bson.Raw{1}}}, "sort"},
		{&operation.Aggregate{Pipeline: bson.RawArray{5, 0, 0, 0, 1}}, "pipeline"},
		{&operation.FindAndModify{Options: operation.FindAndModifyOptions{Update: operation.DocValue(bad)}}, "update"},
		{&operation.RunCommand{Command: bad}, "command"},
		{&operation.RunCommand{Command: ext(t, `{}`)}, "command"},
		{&operation.CreateIndexes{}, "indexes"},
		{&operation.CreateIndexes{Indexes: []bson.Raw{bad}}, "indexes"},
		{&operation.EndSessions{IDs: []bson.Raw{bad}}, "endSessions"},
	}
	for _, tt := range tests {
		_, err := tt.cmd.AppendBody(nil, description.Server{})
		var ae *operation.ArgumentError
		if !errors.As(err, &ae) || ae.Field != tt.field || !errors.Is(err, operation.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want an ArgumentError on %q", tt.cmd.Name(), err, tt.field)
		}
	}
}
