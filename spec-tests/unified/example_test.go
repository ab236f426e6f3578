package unified_test

import (
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

func ExampleMatch() {
	parse := func(js string) bson.RawValue {
		d, _ := bson.ParseExtJSON(nil, []byte(js), false)
		return bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: d}
	}
	expected := parse(`{"insert": "coll", "documents": [{"_id": 1}], "writeConcern": {"$$exists": false}, "lsid": {"$$type": "object"}}`)
	actual := parse(`{"insert": "coll", "documents": [{"_id": 1.0}], "ordered": true, "lsid": {"id": 1}, "$db": "test"}`)
	fmt.Println(unified.Match(expected, actual, unified.MatchOptions{}))

	actual = parse(`{"insert": "coll", "documents": [{"_id": 1, "x": 2}], "lsid": {"id": 1}}`)
	fmt.Println(unified.Match(expected, actual, unified.MatchOptions{}))
	// Output:
	// <nil>
	// $.documents[0]: unexpected field "x" in nested document (value int 2)
}

func ExampleSatisfied() {
	f, err := unified.Parse([]byte(`{
		"description": "example", "schemaVersion": "1.0",
		"runOnRequirements": [{"minServerVersion": "8.1"}, {"topologies": ["sharded"]}],
		"tests": [{"description": "t", "operations": []}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	ok, why := unified.Satisfied(f.RunOnRequirements, unified.ServerInfo{Version: "8.0.4", Topology: unified.TopologyReplicaSet})
	fmt.Println(ok, why)
	// Output:
	// false requires server >= 8.1 (have 8.0.4); or requires topology sharded (have replicaset)
}
