package unified_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

// The matcher runs here on whole test files from unified-test-format that
// exercise matching, with a tiny in-memory stand-in for the server that
// knows insertOne and find by _id. valid-pass tests must match and
// valid-fail tests must not.
var matcherSpecFiles = []struct {
	suite, name string
	wantPass    bool
}{
	{"valid-pass", "operator-lte.json", true},
	{"valid-pass", "operator-matchAsDocument.json", true},
	{"valid-pass", "operator-matchAsRoot.json", true},
	{"valid-pass", "operator-type-number_alias.json", true},
	{"valid-fail", "operator-matchAsDocument.json", false},
	{"valid-fail", "operator-matchAsRoot.json", false},
}

func TestMatcherOnSpecFiles(t *testing.T) {
	dir := specDir(t)
	report := unified.NewReport("unified-matcher")
	for _, sf := range matcherSpecFiles {
		key := "unified-test-format/" + sf.suite + "/" + sf.name
		f, err := unified.Load(filepath.Join(dir, "source/unified-test-format/tests", sf.suite, sf.name))
		if err != nil {
			t.Fatal(err)
		}
		for _, test := range f.Tests {
			t.Run(key+"/"+test.Description, func(t *testing.T) {
				err := simulateTest(t, f, test)
				if (err == nil) != sf.wantPass {
					report.Add(key, unified.Failed)
					t.Fatalf("want pass=%v, got error %v", sf.wantPass, err)
				}
				report.Add(key, unified.Passed)
				if err != nil {
					t.Logf("failed as expected: %v", err)
				}
			})
		}
	}
	printReport(t, report)
}

// fakeServer holds collections by "db.coll" and the commands it was sent.
type fakeServer struct {
	colls  map[string][]bson.Raw
	names  map[string][2]string // collection entity -> db, coll
	events []unified.Event
}

func newFakeServer(f *unified.File) *fakeServer {
	s := &fakeServer{colls: map[string][]bson.Raw{}, names: map[string][2]string{}}
	dbs := map[string]string{}
	for _, e := range f.CreateEntities {
		switch {
		case e.Database != nil:
			dbs[e.ID] = e.Database.DatabaseName
		case e.Collection != nil:
			s.names[e.ID] = [2]string{dbs[e.Collection.Database], e.Collection.CollectionName}
		}
	}
	for _, cd := range f.InitialData {
		s.colls[cd.DatabaseName+"."+cd.CollectionName] = append([]bson.Raw(nil), cd.Documents...)
	}
	return s
}

func simulateTest(t *testing.T, f *unified.File, test unified.Test) error {
	s := newFakeServer(f)
	for i, op := range test.Operations {
		res, err := s.run(t, op)
		if err != nil {
			return fmt.Errorf("operation %d: %w", i, err)
		}
		if err := unified.CheckOutcome(&op, res, nil, unified.NewEntityMap(), unified.MatchOptions{}); err != nil {
			return fmt.Errorf("operation %d: %w", i, err)
		}
	}
	for _, exp := range test.ExpectEvents {
		if err := unified.MatchEvents(exp, s.events, unified.MatchOptions{}); err != nil {
			return err
		}
	}
	return nil
}

func (s *fakeServer) run(t *testing.T, op unified.Operation) (unified.Result, error) {
	ns, ok := s.names[op.Object]
	if !ok {
		return unified.Result{}, fmt.Errorf("unknown collection entity %q", op.Object)
	}
	key := ns[0] + "." + ns[1]
	switch op.Name {
	case "insertOne":
		d := op.Arguments.Lookup("document").Document()
		s.colls[key] = append(s.colls[key], d)
		s.events = append(s.events, &unified.CommandEvent{Name: "commandStartedEvent", CommandName: "insert",
			DatabaseName: ns[0], Command: docOf(t, fmt.Sprintf(`{"insert": %q, "documents": [%s], "ordered": true}`, ns[1], d.String())), RequestID: int64(len(s.events))})
		return unified.Result{Value: bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: docOf(t, `{"insertedId": `+d.Lookup("_id").String()+`}`)}}, nil
	case "find":
		id := op.Arguments.Lookup("filter", "_id")
		arr, start := bson.AppendDocumentStart(nil)
		n := 0
		for _, d := range s.colls[key] {
			if d.Lookup("_id").Equal(id) {
				arr = bson.AppendDocumentElement(arr, fmt.Sprint(n), d)
				n++
			}
		}
		arr = bson.AppendDocumentEnd(arr, start)
		return unified.Result{Value: bson.RawValue{Type: bson.TypeArray, Value: arr}, RootElements: true}, nil
	}
	return unified.Result{}, fmt.Errorf("operation %s not simulated", op.Name)
}

func docOf(t testing.TB, js string) bson.Raw { return doc(t, js) }
