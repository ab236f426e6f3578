package engine_test

import (
	"testing"

	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

func TestFilterPlan(t *testing.T) {
	ci, err := engine.ParseCollation(doc(t, `{"locale": "en", "strength": 2}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		filter    string
		collation bool
		all, id   bool
	}{
		{filter: `{}`, all: true},
		{filter: `{"_id": 1}`, id: true},
		{filter: `{"_id": {"$numberLong": "7"}}`, id: true},
		{filter: `{"_id": 1.5}`, id: true},
		{filter: `{"_id": {"$oid": "000000000000000000000001"}}`, id: true},
		{filter: `{"_id": "a"}`, id: true},
		{filter: `{"_id": "a"}`, collation: true},
		{filter: `{"_id": 1}`, collation: true, id: true},
		{filter: `{"_id": {"$numberDouble": "NaN"}}`},
		{filter: `{"_id": null}`},
		{filter: `{"_id": {"$gt": 1}}`},
		{filter: `{"_id": {"a": 1}}`},
		{filter: `{"_id": [1]}`},
		{filter: `{"_id": {"$regularExpression": {"pattern": "a", "options": ""}}}`},
		{filter: `{"_id": 1, "x": 1}`},
		{filter: `{"x": 1}`},
		{filter: `{"$expr": true}`},
	} {
		env := engine.NewEnv()
		if tc.collation {
			env.Collation = ci
		}
		f, err := engine.CompileFilter(doc(t, tc.filter), env)
		if err != nil {
			t.Fatalf("%s: %v", tc.filter, err)
		}
		_, id := f.IDEquality()
		if f.MatchesAll() != tc.all || id != tc.id {
			t.Errorf("%s (collation %v): MatchesAll %v, IDEquality %v; want %v, %v", tc.filter, tc.collation, f.MatchesAll(), id, tc.all, tc.id)
		}
	}
	if !engine.KnownStage("$set") || !engine.KnownStage("$out") || engine.KnownStage("$invalidOperator") {
		t.Error("KnownStage misclassifies $set, $out or $invalidOperator")
	}
}
