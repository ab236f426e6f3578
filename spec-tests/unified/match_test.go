package unified_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

type matchCase struct {
	name     string
	expected string
	actual   string // "" means no value
	opts     unified.MatchOptions
	// wantErr is "" for a match, else a substring of the error.
	wantErr string
}

func runMatchCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := unified.Match(val(t, c.expected), val(t, c.actual), c.opts)
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("want match, got %v", err)
			case c.wantErr != "" && err == nil:
				t.Fatalf("want error containing %q, got a match", c.wantErr)
			case c.wantErr != "" && !strings.Contains(err.Error(), c.wantErr):
				t.Fatalf("want error containing %q, got %q", c.wantErr, err)
			}
			var me *unified.MatchError
			if err != nil && !errors.As(err, &me) {
				t.Fatalf("error %T is not a *MatchError", err)
			}
		})
	}
}

func TestMatchDocuments(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"root allows extra fields", `{"x": 1}`, `{"x": 1, "y": 1}`, unified.MatchOptions{}, ""},
		{"missing field", `{"x": 1, "y": 1}`, `{"x": 1}`, unified.MatchOptions{}, "$.y: field is missing; expected int 1"},
		{"nested forbids extra fields", `{"x": {"y": 1}}`, `{"x": {"y": 1, "z": 1}}`, unified.MatchOptions{}, `$.x: unexpected field "z"`},
		{"nested exact", `{"x": {"y": 1}}`, `{"x": {"y": 1}}`, unified.MatchOptions{}, ""},
		{"key order ignored", `{"x": 1, "y": {"a": 1, "b": 2}}`, `{"y": {"b": 2, "a": 1}, "x": 1}`, unified.MatchOptions{}, ""},
		{"NotRoot forbids extra top-level fields", `{"x": 1}`, `{"x": 1, "y": 1}`, unified.MatchOptions{NotRoot: true}, `unexpected field "y"`},
		{"document vs scalar", `{"x": {"y": 1}}`, `{"x": 5}`, unified.MatchOptions{}, "$.x: expected a document, got int 5"},
		{"document vs nothing", `{"x": 1}`, ``, unified.MatchOptions{}, "$: expected a document, got nothing"},
		{"empty expected matches any root document", `{}`, `{"a": 1}`, unified.MatchOptions{}, ""},
		{"empty nested document", `{"a": {}}`, `{"a": {"b": 1}}`, unified.MatchOptions{}, `$.a: unexpected field "b"`},
		{"null must exist", `{"x": null}`, `{}`, unified.MatchOptions{}, "$.x: field is missing"},
		{"null matches null", `{"x": null}`, `{"x": null}`, unified.MatchOptions{}, ""},
		{"deep path", `{"cursor": {"firstBatch": [{"x": 1}, {"x": 2}, {"x": 3}]}}`,
			`{"cursor": {"firstBatch": [{"x": 1}, {"x": 2}, {"x": "3"}]}}`, unified.MatchOptions{},
			`$.cursor.firstBatch[2].x: expected int 3, got string "3"`},
	})
}

func TestMatchArrays(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"same arrays", `[1, 2, 3]`, `[1, 2, 3]`, unified.MatchOptions{}, ""},
		{"longer actual", `[1, 2, 3]`, `[1, 2, 3, 4]`, unified.MatchOptions{}, "expected 3 array element(s), got 4"},
		{"shorter actual", `[1, 2]`, `[1]`, unified.MatchOptions{}, "expected 2 array element(s), got 1"},
		{"order matters", `[1, 2]`, `[2, 1]`, unified.MatchOptions{}, "$[0]: expected int 1, got int 2"},
		{"array vs document", `[1]`, `{"0": 1}`, unified.MatchOptions{}, "expected an array, got object"},
		{"distinct: elements are not roots", `[{"x": 1}]`, `[{"x": 1, "y": 1}]`, unified.MatchOptions{}, `$[0]: unexpected field "y"`},
		{"cursor: elements are roots", `[{"x": 1}, {"x": 2}]`, `[{"x": 1, "y": 1}, {"x": 2, "y": 2}]`, unified.MatchOptions{RootElements: true}, ""},
		{"cursor: nested still strict", `[{"x": {"a": 1}}]`, `[{"x": {"a": 1, "b": 2}}]`, unified.MatchOptions{RootElements: true}, `$[0].x: unexpected field "b"`},
		{"empty arrays", `[]`, `[]`, unified.MatchOptions{}, ""},
	})
}

func TestMatchScalars(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"int32 vs double", `1`, `1.0`, unified.MatchOptions{}, ""},
		{"int32 vs int64", `1`, `{"$numberLong": "1"}`, unified.MatchOptions{}, ""},
		{"int64 vs double", `{"$numberLong": "5"}`, `5.0`, unified.MatchOptions{}, ""},
		{"int vs fraction", `1`, `1.5`, unified.MatchOptions{}, "expected int 1, got double 1.5"},
		{"big int64 not rounded", `{"$numberLong": "9007199254740993"}`, `9007199254740992.0`, unified.MatchOptions{}, "expected long"},
		{"decimal is not flexible", `1`, `{"$numberDecimal": "1"}`, unified.MatchOptions{}, "expected int 1, got decimal"},
		{"decimal equal", `{"$numberDecimal": "1.5"}`, `{"$numberDecimal": "1.5"}`, unified.MatchOptions{}, ""},
		{"string vs int", `"1"`, `1`, unified.MatchOptions{}, `expected string "1", got int 1`},
		{"strings differ", `"a"`, `"b"`, unified.MatchOptions{}, `expected string "a", got string "b"`},
		{"bool", `true`, `true`, unified.MatchOptions{}, ""},
		{"bool differs", `true`, `false`, unified.MatchOptions{}, "expected bool true, got bool false"},
		{"bool vs int", `true`, `1`, unified.MatchOptions{}, "expected bool true"},
		{"NaN equals NaN", `{"$numberDouble": "NaN"}`, `{"$numberDouble": "NaN"}`, unified.MatchOptions{}, ""},
		{"objectId", `{"$oid": "57e193d7a9cc81b4027498b5"}`, `{"$oid": "57e193d7a9cc81b4027498b5"}`, unified.MatchOptions{}, ""},
		{"objectId differs", `{"$oid": "57e193d7a9cc81b4027498b5"}`, `{"$oid": "57e193d7a9cc81b4027498b6"}`, unified.MatchOptions{}, "expected objectId"},
		{"binary", `{"$binary": {"base64": "AQI=", "subType": "00"}}`, `{"$binary": {"base64": "AQI=", "subType": "00"}}`, unified.MatchOptions{}, ""},
		{"binary subtype differs", `{"$binary": {"base64": "AQI=", "subType": "00"}}`, `{"$binary": {"base64": "AQI=", "subType": "04"}}`, unified.MatchOptions{}, "expected binData"},
		{"date", `{"$date": {"$numberLong": "1000"}}`, `{"$date": {"$numberLong": "1000"}}`, unified.MatchOptions{}, ""},
		{"timestamp differs", `{"$timestamp": {"t": 1, "i": 2}}`, `{"$timestamp": {"t": 1, "i": 3}}`, unified.MatchOptions{}, "expected timestamp"},
		{"code with scope ignores scope key order",
			`{"$code": "f()", "$scope": {"a": 1, "b": 2}}`, `{"$code": "f()", "$scope": {"b": 2, "a": 1}}`, unified.MatchOptions{}, ""},
		{"code with scope is exact",
			`{"$code": "f()", "$scope": {"a": 1}}`, `{"$code": "f()", "$scope": {"a": 1.0}}`, unified.MatchOptions{}, "expected javascriptWithScope"},
		{"scalar vs nothing", `1`, ``, unified.MatchOptions{}, "value is missing"},
	})
}

func TestMatchExists(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"exists true, present", `{"x": {"$$exists": true}}`, `{"x": null}`, unified.MatchOptions{}, ""},
		{"exists true, absent", `{"x": {"$$exists": true}}`, `{}`, unified.MatchOptions{}, "$.x: field is missing; expected it to exist"},
		{"exists false, absent", `{"x": {"$$exists": false}}`, `{}`, unified.MatchOptions{}, ""},
		{"exists false, present", `{"x": {"$$exists": false}}`, `{"x": 1}`, unified.MatchOptions{}, "$.x: expected no field, got int 1"},
		{"exists false in nested doc counts as a known key", `{"a": {"x": {"$$exists": false}, "y": 1}}`, `{"a": {"y": 1}}`, unified.MatchOptions{}, ""},
		{"exists operand must be bool", `{"x": {"$$exists": 1}}`, `{"x": 1}`, unified.MatchOptions{}, "$$exists needs a boolean"},
	})
}

func TestMatchType(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"int", `{"$$type": "int"}`, `1`, unified.MatchOptions{}, ""},
		{"long", `{"$$type": "long"}`, `{"$numberLong": "1"}`, unified.MatchOptions{}, ""},
		{"int is not long", `{"$$type": "long"}`, `1`, unified.MatchOptions{}, `expected type "long", got int 1`},
		{"one of several", `{"$$type": ["int", "long"]}`, `{"$numberLong": "1"}`, unified.MatchOptions{}, ""},
		{"none of several", `{"$$type": ["int", "long"]}`, `1.5`, unified.MatchOptions{}, "expected type"},
		{"number alias", `{"$$type": "number"}`, `{"$numberDecimal": "3.1"}`, unified.MatchOptions{}, ""},
		{"number alias rejects string", `{"$$type": "number"}`, `"3"`, unified.MatchOptions{}, "expected type"},
		{"array is not inspected", `{"$$type": "array"}`, `["a", 1]`, unified.MatchOptions{}, ""},
		{"object", `{"x": {"$$type": "object"}}`, `{"x": {"a": 1}}`, unified.MatchOptions{}, ""},
		{"binData", `{"$$type": "binData"}`, `{"$binary": {"base64": "", "subType": "04"}}`, unified.MatchOptions{}, ""},
		{"date", `{"$$type": "date"}`, `{"$date": {"$numberLong": "0"}}`, unified.MatchOptions{}, ""},
		{"objectId", `{"$$type": "objectId"}`, `{"$oid": "57e193d7a9cc81b4027498b5"}`, unified.MatchOptions{}, ""},
		{"null", `{"$$type": "null"}`, `null`, unified.MatchOptions{}, ""},
		{"missing key fails", `{"x": {"$$type": "int"}}`, `{}`, unified.MatchOptions{}, "$.x: field is missing"},
		{"missing value fails", `{"$$type": "int"}`, ``, unified.MatchOptions{}, "value is missing"},
		{"unknown name", `{"$$type": "integer"}`, `1`, unified.MatchOptions{}, `unknown type name "integer"`},
		{"bad operand", `{"$$type": 1}`, `1`, unified.MatchOptions{}, "$$type: want a type name"},
	})
}

func TestMatchUnsetOrMatches(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"unset", `{"insertedId": {"$$unsetOrMatches": 2}}`, `{}`, unified.MatchOptions{}, ""},
		{"set and matching", `{"insertedId": {"$$unsetOrMatches": 2}}`, `{"insertedId": 2}`, unified.MatchOptions{}, ""},
		{"set and not matching", `{"insertedId": {"$$unsetOrMatches": 2}}`, `{"insertedId": 3}`, unified.MatchOptions{}, "$.insertedId: expected int 2, got int 3"},
		{"whole result unset", `{"$$unsetOrMatches": {"deletedCount": 0}}`, ``, unified.MatchOptions{}, ""},
		{"whole root result keeps root rule", `{"$$unsetOrMatches": {"deletedCount": 0}}`, `{"deletedCount": 0, "extra": 1}`, unified.MatchOptions{}, ""},
		{"nested keeps nested rule", `{"a": {"$$unsetOrMatches": {"b": 1}}}`, `{"a": {"b": 1, "c": 2}}`, unified.MatchOptions{}, `$.a: unexpected field "c"`},
		{"operators inside", `{"x": {"$$unsetOrMatches": {"$$type": "int"}}}`, `{"x": 1}`, unified.MatchOptions{}, ""},
		{"operators inside fail", `{"x": {"$$unsetOrMatches": {"$$type": "int"}}}`, `{"x": "a"}`, unified.MatchOptions{}, "expected type"},
	})
}

func TestMatchLte(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"equal", `{"$$lte": 2}`, `2`, unified.MatchOptions{}, ""},
		{"less", `{"$$lte": 2}`, `1`, unified.MatchOptions{}, ""},
		{"greater", `{"$$lte": 1}`, `1.1`, unified.MatchOptions{}, "expected a number <= 1, got double 1.1"},
		{"double limit", `{"$$lte": 2.1}`, `2`, unified.MatchOptions{}, ""},
		{"long limit", `{"$$lte": {"$numberLong": "3"}}`, `3`, unified.MatchOptions{}, ""},
		{"flexible 1 vs 1.0 and 0.0", `[{"$$lte": 1}, {"$$lte": 1}]`, `[1.0, 0.0]`, unified.MatchOptions{}, ""},
		{"non-number actual", `{"$$lte": 1}`, `"1"`, unified.MatchOptions{}, "expected a number"},
		{"non-number operand", `{"$$lte": "1"}`, `1`, unified.MatchOptions{}, "$$lte needs a number"},
		{"missing", `{"x": {"$$lte": 1}}`, `{}`, unified.MatchOptions{}, "field is missing"},
	})
}

func TestMatchHexBytes(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"binary", `{"$$matchesHexBytes": "12ab"}`, `{"$binary": {"base64": "Eqs=", "subType": "00"}}`, unified.MatchOptions{}, ""},
		{"upper case hex", `{"$$matchesHexBytes": "12AB"}`, `{"$binary": {"base64": "Eqs=", "subType": "00"}}`, unified.MatchOptions{}, ""},
		{"empty", `{"$$matchesHexBytes": ""}`, `{"$binary": {"base64": "", "subType": "00"}}`, unified.MatchOptions{}, ""},
		{"string", `{"$$matchesHexBytes": "6869"}`, `"hi"`, unified.MatchOptions{}, ""},
		{"different", `{"$$matchesHexBytes": "12ac"}`, `{"$binary": {"base64": "Eqs=", "subType": "00"}}`, unified.MatchOptions{}, "expected bytes 12ac, got 12ab"},
		{"odd length", `{"$$matchesHexBytes": "123"}`, `"x"`, unified.MatchOptions{}, "malformed hex"},
		{"not hex", `{"$$matchesHexBytes": "zz"}`, `"x"`, unified.MatchOptions{}, "malformed hex"},
		{"wrong type", `{"$$matchesHexBytes": "01"}`, `1`, unified.MatchOptions{}, "expected bytes 01, got int 1"},
	})
}

func TestMatchEntities(t *testing.T) {
	ents := fakeEntities{
		values: map[string]bson.RawValue{"oid0": val(t, `{"$oid": "57e193d7a9cc81b4027498b5"}`), "doc0": val(t, `{"a": 1}`)},
		lsids:  map[string]bson.Raw{"session0": doc(t, `{"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAA==", "subType": "04"}}}`)},
	}
	with := unified.MatchOptions{Entities: ents}
	runMatchCases(t, []matchCase{
		{"matchesEntity", `{"_id": {"$$matchesEntity": "oid0"}}`, `{"_id": {"$oid": "57e193d7a9cc81b4027498b5"}}`, with, ""},
		{"matchesEntity differs", `{"_id": {"$$matchesEntity": "oid0"}}`, `{"_id": {"$oid": "57e193d7a9cc81b4027498b6"}}`, with, "$._id: expected objectId"},
		{"matchesEntity as root keeps extra", `{"$$matchesEntity": "doc0"}`, `{"a": 1, "b": 2}`, with, ""},
		{"matchesEntity nested stays strict", `{"x": {"$$matchesEntity": "doc0"}}`, `{"x": {"a": 1, "b": 2}}`, with, `unexpected field "b"`},
		{"matchesEntity undefined", `{"$$matchesEntity": "nope"}`, `1`, with, "no entity nope"},
		{"matchesEntity without lookup", `{"$$matchesEntity": "oid0"}`, `1`, unified.MatchOptions{}, "no entities available"},
		{"sessionLsid", `{"lsid": {"$$sessionLsid": "session0"}}`, `{"lsid": {"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAA==", "subType": "04"}}}}`, with, ""},
		{"sessionLsid differs", `{"lsid": {"$$sessionLsid": "session0"}}`, `{"lsid": {"id": {"$binary": {"base64": "AQAAAAAAAAAAAAAAAAAAAA==", "subType": "04"}}}}`, with, `expected the lsid of session "session0"`},
		{"sessionLsid extra field", `{"lsid": {"$$sessionLsid": "session0"}}`, `{"lsid": {"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAA==", "subType": "04"}}, "x": 1}}`, with, "expected the lsid"},
		{"sessionLsid undefined", `{"lsid": {"$$sessionLsid": "session1"}}`, `{"lsid": {}}`, with, "no entity session1"},
	})
}

func TestMatchAsDocumentAndRoot(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"parses extended JSON", `{"$$matchAsDocument": {"x": {"$$type": "objectId"}}}`, `"{\"x\": {\"$oid\": \"57e193d7a9cc81b4027498b5\"}}"`, unified.MatchOptions{}, ""},
		{"flexible numbers", `{"$$matchAsDocument": {"x": 1, "y": 2}}`, `"{\"x\": 1, \"y\": 2.0}"`, unified.MatchOptions{}, ""},
		{"no extra fields", `{"$$matchAsDocument": {"x": 1}}`, `"{\"x\": 1, \"y\": 2}"`, unified.MatchOptions{}, `unexpected field "y"`},
		{"with matchAsRoot allows extra", `{"$$matchAsDocument": {"$$matchAsRoot": {"x": 1}}}`, `"{\"x\": 1, \"y\": 2}"`, unified.MatchOptions{}, ""},
		{"scalar JSON", `{"$$matchAsDocument": {"$$matchAsRoot": {}}}`, `"1"`, unified.MatchOptions{}, "is not an extended JSON document"},
		{"array JSON", `{"$$matchAsDocument": {"$$matchAsRoot": {}}}`, `"[\"foo\"]"`, unified.MatchOptions{}, "is not an extended JSON document"},
		{"malformed JSON", `{"$$matchAsDocument": {"$$matchAsRoot": {}}}`, `"{ \"x\" }"`, unified.MatchOptions{}, "is not an extended JSON document"},
		{"actual not a string", `{"$$matchAsDocument": {}}`, `{"x": 1}`, unified.MatchOptions{}, "needs an extended JSON string"},
		{"matchAsRoot nested", `{"x": {"$$matchAsRoot": {"y": 2}}}`, `{"x": {"y": 2, "z": 3}}`, unified.MatchOptions{}, ""},
		{"matchAsRoot mismatch", `{"x": {"$$matchAsRoot": {"y": 3}}}`, `{"x": {"y": 2, "z": 3}}`, unified.MatchOptions{}, "$.x.y: expected int 3, got int 2"},
		{"matchAsRoot inner nested strict", `{"x": {"$$matchAsRoot": {"y": {"a": 1}}}}`, `{"x": {"y": {"a": 1, "b": 1}}}`, unified.MatchOptions{}, `unexpected field "b"`},
		{"matchAsRoot needs documents", `{"x": {"$$matchAsRoot": {"y": 1}}}`, `{"x": 1}`, unified.MatchOptions{}, "$$matchAsRoot needs a document"},
	})
}

func TestMatchOperatorErrors(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"unknown operator", `{"$$foo": 1}`, `1`, unified.MatchOptions{}, "unknown special operator $$foo"},
		{"placeholder", `{"x": {"$$placeholder": 1}}`, `{"x": 1}`, unified.MatchOptions{}, "$$placeholder"},
		{"two $$ keys are a plain document", `{"$$a": 1, "$$b": 2}`, `{"$$a": 1, "$$b": 2}`, unified.MatchOptions{}, ""},
		{"$ query operators are plain keys", `{"x": {"$gt": 1}}`, `{"x": {"$gt": 1}}`, unified.MatchOptions{}, ""},
	})
	err := unified.Match(val(t, `{"$$foo": 1}`), val(t, `1`), unified.MatchOptions{})
	if !errors.Is(err, unified.ErrBadExpectation) {
		t.Fatalf("unknown operator: want ErrBadExpectation, got %v", err)
	}
	err = unified.Match(val(t, `1`), val(t, `2`), unified.MatchOptions{})
	if errors.Is(err, unified.ErrBadExpectation) {
		t.Fatalf("plain mismatch must not be ErrBadExpectation")
	}
}

func TestMatchExactly(t *testing.T) {
	cases := []struct {
		name, exp, act string
		ok             bool
	}{
		{"key order", `{"_id": 1, "x": {"a": 1, "b": 2}}`, `{"x": {"b": 2, "a": 1}, "_id": 1}`, true},
		{"extra root field", `{"_id": 1}`, `{"_id": 1, "x": 1}`, false},
		{"numeric type", `{"_id": 1}`, `{"_id": 1.0}`, false},
		{"operators are literal", `{"x": {"$$exists": true}}`, `{"x": 1}`, false},
		{"operators are literal and equal", `{"x": {"$$exists": true}}`, `{"x": {"$$exists": true}}`, true},
		{"arrays", `{"a": [1, {"b": 2}]}`, `{"a": [1, {"b": 2}]}`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := unified.MatchExactly(val(t, c.exp), val(t, c.act))
			if (err == nil) != c.ok {
				t.Fatalf("ok=%v, err=%v", c.ok, err)
			}
		})
	}
}

func TestMatchOutcome(t *testing.T) {
	exp := unified.CollectionData{DatabaseName: "db", CollectionName: "c",
		Documents: []bson.Raw{doc(t, `{"_id": 1, "x": 11}`), doc(t, `{"_id": 2, "x": {"a": 1, "b": 2}}`)}}
	cases := []struct {
		docs []string
		want string
	}{
		{[]string{`{"_id": 1, "x": 11}`, `{"x": {"b": 2, "a": 1}, "_id": 2}`}, ""},
		{[]string{`{"_id": 1, "x": 11}`}, "outcome db.c: expected 2 document(s), found 1"},
		{[]string{`{"_id": 1, "x": 11}`, `{"_id": 2, "x": {"a": 1, "b": 2}, "y": 0}`}, `outcome db.c document 1: $: unexpected field "y"`},
		{[]string{`{"_id": 1, "x": 11.0}`, `{"_id": 2, "x": {"a": 1, "b": 2}}`}, "document 0: $.x: expected int 11, got double 11.0"},
	}
	for _, c := range cases {
		var docs []bson.Raw
		for _, d := range c.docs {
			docs = append(docs, doc(t, d))
		}
		err := unified.MatchOutcome(exp, docs)
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}
