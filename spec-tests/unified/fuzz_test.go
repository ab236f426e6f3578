package unified_test

import (
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

// FuzzParse feeds arbitrary bytes to the file decoder: it must return a
// file or an error, never panic, and a file it accepts must be usable.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sampleFile))
	f.Add([]byte(`{"description": "d", "schemaVersion": "1.0", "tests": [{"description": "t", "operations": []}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := unified.Parse(data)
		if err != nil {
			return
		}
		for _, test := range file.Tests {
			for _, exp := range test.ExpectEvents {
				_ = unified.MatchEvents(exp, nil, unified.MatchOptions{})
			}
			for _, op := range test.Operations {
				if !op.ExpectResult.IsZero() {
					_ = unified.Match(op.ExpectResult, op.ExpectResult, unified.MatchOptions{})
				}
			}
		}
	})
}

// FuzzMatch matches arbitrary documents against each other: the matcher
// must not panic on malformed BSON and a well-formed document without
// operators must match itself.
func FuzzMatch(f *testing.F) {
	add := func(exp, act string) {
		e, err1 := bson.ParseExtJSON(nil, []byte(exp), false)
		a, err2 := bson.ParseExtJSON(nil, []byte(act), false)
		if err1 != nil || err2 != nil {
			panic("bad seed")
		}
		f.Add(e, a)
	}
	add(`{"x": {"$$type": ["int", "long"]}, "y": {"$$unsetOrMatches": {"a": [1, 2.0]}}}`, `{"x": 1, "z": 2}`)
	add(`{"j": {"$$matchAsDocument": {"$$matchAsRoot": {"a": 1}}}}`, `{"j": "{\"a\": 1, \"b\": 2}"}`)
	add(`{"l": {"$$lte": 5}, "h": {"$$matchesHexBytes": "00ff"}}`, `{"l": 4.5, "h": {"$binary": {"base64": "AP8=", "subType": "00"}}}`)
	f.Fuzz(func(t *testing.T, exp, act []byte) {
		ev := bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: exp}
		av := bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: act}
		_ = unified.Match(ev, av, unified.MatchOptions{})
		_ = unified.Match(ev, av, unified.MatchOptions{NotRoot: true, RootElements: true})
		_ = unified.MatchExactly(ev, av)
		if bson.Raw(act).Validate() == nil && !hasDuplicateKeys(av) {
			if err := unified.MatchExactly(av, av); err != nil {
				t.Fatalf("a valid document must equal itself: %v", err)
			}
		}
	})
}

// hasDuplicateKeys reports a repeated key at any level; the matcher looks
// keys up, so only the first of a repeated key takes part.
func hasDuplicateKeys(v bson.RawValue) bool {
	var it bson.Iterator
	switch v.Type {
	case bson.TypeEmbeddedDoc:
		it = v.Document().Iter()
	case bson.TypeArray:
		it = v.Array().Iter()
	default:
		return false
	}
	seen := map[string]bool{}
	for it.Next() {
		if seen[it.Key()] || hasDuplicateKeys(it.Value()) {
			return true
		}
		seen[it.Key()] = true
	}
	return false
}
