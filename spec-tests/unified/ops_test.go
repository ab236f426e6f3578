package unified_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

func TestOpTable(t *testing.T) {
	tab := unified.OpTable{}
	called := ""
	tab.Register(unified.KindCollection, "find", func(_ context.Context, _ *unified.EntityMap, object string, _ bson.Raw) (unified.Result, error) {
		called = object
		return unified.Result{}, nil
	})
	f, err := tab.Lookup(unified.KindCollection, "find")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f(context.Background(), unified.NewEntityMap(), "collection0", nil); err != nil || called != "collection0" {
		t.Fatalf("call: %v %q", err, called)
	}
	if _, err := tab.Lookup(unified.KindDatabase, "find"); !errors.Is(err, unified.ErrUnsupportedOperation) {
		t.Fatalf("Lookup of a missing op = %v", err)
	}
	if keys := tab.Keys(); len(keys) != 1 || keys[0] != "collection.find" {
		t.Fatalf("Keys = %v", keys)
	}
}

func TestCheckArguments(t *testing.T) {
	cases := []struct {
		args string
		want string
	}{
		{`{"filter": {}, "limit": 1}`, ""},
		{`{"filter": {}}`, ""},
		{`{"limit": 1}`, `missing required argument(s) ["filter"]`},
		{`{"filter": {}, "foo": "bar"}`, `argument "foo": unsupported argument`},
	}
	for _, c := range cases {
		err := unified.CheckArguments(doc(t, c.args), []string{"filter"}, []string{"limit", "session"})
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: got %v, want %q", c.args, err, c.want)
		}
	}
	if err := unified.CheckArguments(nil, nil, nil); err != nil {
		t.Errorf("no arguments: %v", err)
	}
}

func TestCheckOutcome(t *testing.T) {
	fileOps := func(js string) []unified.Operation {
		f, err := unified.Parse([]byte(`{"description": "d", "schemaVersion": "1.26", "tests": [{"description": "t", "operations": ` + js + `}]}`))
		if err != nil {
			t.Fatal(err)
		}
		return f.Tests[0].Operations
	}
	ops := fileOps(`[
		{"name": "find", "object": "c", "expectResult": [{"_id": 1}]},
		{"name": "distinct", "object": "c", "expectResult": [{"_id": 1}]},
		{"name": "insertOne", "object": "c", "ignoreResultAndError": true},
		{"name": "insertOne", "object": "c", "expectError": {"isClientError": true}},
		{"name": "createFindCursor", "object": "c", "saveResultAsEntity": "cursor0"},
		{"name": "insertOne", "object": "c", "saveResultAsEntity": "res0", "expectResult": {"insertedId": 1}},
		{"name": "deleteOne", "object": "c", "saveResultAsEntity": "res1"}
	]`)
	docs := unified.Result{Value: val(t, `[{"_id": 1, "x": 1}]`), RootElements: true}
	ents := unified.NewEntityMap()
	cases := []struct {
		op   int
		res  unified.Result
		err  error
		want string
	}{
		{0, docs, nil, ""},
		{0, docs, errors.New("net"), "unexpected error: net"},
		{1, unified.Result{Value: docs.Value}, nil, `result: $[0]: unexpected field "x"`},
		{2, unified.Result{}, errors.New("anything"), ""},
		{3, unified.Result{}, errors.New("bad argument"), ""},
		{3, unified.Result{}, nil, "expected an error"},
		{4, unified.Result{Entity: "a cursor", Kind: unified.KindFindCursor}, nil, ""},
		{4, unified.Result{Entity: "again", Kind: unified.KindFindCursor}, nil, "entity already defined"},
		{5, unified.Result{Value: val(t, `{"insertedId": 1}`)}, nil, ""},
		{6, unified.Result{}, nil, `no result to save as "res1"`},
	}
	for i, c := range cases {
		err := unified.CheckOutcome(&ops[c.op], c.res, c.err, ents, unified.MatchOptions{})
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("case %d (%s): got %v, want %q", i, ops[c.op].Name, err, c.want)
		}
	}
	if v, err := ents.BSON("res0"); err != nil || v.Document().Lookup("insertedId").Int32() != 1 {
		t.Errorf("saved result: %v %v", v, err)
	}
	if k, _ := ents.Kind("cursor0"); k != unified.KindFindCursor {
		t.Errorf("saved cursor kind %q", k)
	}
}
