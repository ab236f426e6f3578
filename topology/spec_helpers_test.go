package topology_test

import (
	"encoding/json"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// extDoc converts an extended JSON object into BSON.
func extDoc(t *testing.T, data json.RawMessage) bson.Raw {
	t.Helper()
	doc, err := bson.ParseExtJSON(nil, data, false)
	if err != nil {
		t.Fatalf("extended JSON %s: %v", data, err)
	}
	return doc
}

// extValue converts one extended JSON value into a BSON value.
func extValue(t *testing.T, data json.RawMessage) bson.RawValue {
	t.Helper()
	doc := extDoc(t, json.RawMessage(`{"v":`+string(data)+`}`))
	return doc.Lookup("v")
}

// isNull reports whether a present JSON value is null.
func isNull(data json.RawMessage) bool { return string(data) == "null" }
