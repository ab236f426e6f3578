package engine_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

// TestCRUDSpec runs the CRUD unified specification tests that exercise the
// query, update and aggregation semantics directly against the engine, on
// an in-memory store (spec_store_test.go): results and final collection
// contents are checked; command monitoring expectations are the driver's
// business and are ignored.

// specSkipReasons is the skip table: every skipped test is counted under
// one of these reasons, and the reason is logged with the test.
var specSkipReasons = map[string]string{
	"requirements": "runOnRequirements exclude a MongoDB 8.0 replica set without auth",
	"skipReason":   "the test file itself skips it (skipReason)",
	"clientError":  "expects a client-side validation error; the engine only sees commands a driver sends",
	"entity":       "operates on a client, database or testRunner entity, which needs a server",
	"op":           "operation is a server command outside the engine (failPoint, clientBulkWrite, createCollection, createIndex, dropCollection, modifyCollection)",
	"readConcern":  "uses a collection entity with options (read concern, write concern) that need a server",
	"expectation":  "uses an expectation operator this runner does not implement",
	"writeConcern": "expects write concern errors, which only a server reports",
	"hintErrors":   "expects the server to reject an unknown index hint, which needs index metadata",
	"view":         "operates on a view, which needs a server",
	"rawData":      "uses the rawData option of timeseries collections, which needs a server",
}

// specSkipTests lists individual tests skipped for a reason of their own
// (none at present).
var specSkipTests = map[string]string{}

func specDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("MONGO_SPEC_DIR")
	if dir == "" {
		root, _ := filepath.Abs("../../..") // the repository root
		dir = filepath.Join(root, "..", "shared", "specifications")
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("specification directory %s missing: %v", dir, err)
		}
		t.Skipf("specification directory %s missing; set MONGO_SPEC_DIR", dir)
	}
	return dir
}

func TestCRUDSpec(t *testing.T) {
	dir := filepath.Join(specDir(t), "source", "crud", "tests", "unified")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CRUD specification files in %s: %v", dir, err)
	}
	total := [3]int{}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			c := runSpecFile(t, f)
			line := fmt.Sprintf("SUITE crud/%s: %d passed, %d skipped, %d failed", name, c[0], c[1], c[2])
			t.Log(line)
			fmt.Println(line)
			for i := range total {
				total[i] += c[i]
			}
		})
	}
	fmt.Printf("SUITE crud (engine): %d passed, %d skipped, %d failed\n", total[0], total[1], total[2])
}

type specFile struct {
	raw      bson.Raw
	colls    map[string]string // collection entity id → namespace
	fileReqs bson.RawValue
}

// runSpecFile returns passed, skipped and failed counts.
func runSpecFile(t *testing.T, path string) [3]int {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := parseDoc(string(data))
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	sf := &specFile{raw: raw, colls: entityNamespaces(raw), fileReqs: raw.Lookup("runOnRequirements")}
	var counts [3]int
	for _, tv := range mustValues(raw.Lookup("tests")) {
		test := tv.Document()
		desc := test.Lookup("description").StringValue()
		if reason := sf.skipReason(test); reason != "" {
			t.Logf("skip %q: %s", desc, reason)
			counts[1]++
			continue
		}
		if err := sf.run(test); err != nil {
			if errors.Is(err, errUnsupportedExpectation) {
				t.Logf("skip %q: %s (%v)", desc, specSkipReasons["expectation"], err)
				counts[1]++
				continue
			}
			t.Errorf("%q: %v", desc, err)
			counts[2]++
			continue
		}
		counts[0]++
	}
	return counts
}

func entityNamespaces(raw bson.Raw) map[string]string {
	dbs := map[string]string{}
	colls := map[string]string{}
	for _, e := range mustValues(raw.Lookup("createEntities")) {
		d := e.Document()
		if db, ok := d.Lookup("database").DocumentOK(); ok {
			dbs[db.Lookup("id").StringValue()] = db.Lookup("databaseName").StringValue()
		}
	}
	for _, e := range mustValues(raw.Lookup("createEntities")) {
		if c, ok := e.Document().Lookup("collection").DocumentOK(); ok {
			if c.Lookup("collectionOptions").Type != 0 {
				continue // options such as read concern need a server
			}
			colls[c.Lookup("id").StringValue()] = dbs[c.Lookup("database").StringValue()] + "." + c.Lookup("collectionName").StringValue()
		}
	}
	return colls
}

// skipReason returns why a test cannot run against the engine, or "".
func (sf *specFile) skipReason(test bson.Raw) string {
	desc := test.Lookup("description").StringValue()
	if r, ok := specSkipTests[desc]; ok {
		return r
	}
	if test.Lookup("skipReason").Type != 0 {
		return specSkipReasons["skipReason"]
	}
	if !requirementsMet(sf.fileReqs) || !requirementsMet(test.Lookup("runOnRequirements")) {
		return specSkipReasons["requirements"]
	}
	for _, ov := range mustValues(test.Lookup("operations")) {
		if r := sf.opSkipReason(ov.Document()); r != "" {
			return r
		}
	}
	return ""
}

func (sf *specFile) opSkipReason(op bson.Raw) string {
	obj, name := op.Lookup("object").StringValue(), op.Lookup("name").StringValue()
	args := docArg(op, "arguments")
	switch {
	case strings.HasPrefix(obj, "collection_") || obj == "collection0View":
		return specSkipReasons["readConcern"]
	case sf.colls[obj] == "":
		return specSkipReasons["entity"]
	case specOps[name] == nil:
		return specSkipReasons["op"]
	case op.Lookup("expectError").Document().Lookup("isClientError").Boolean():
		return specSkipReasons["clientError"]
	case op.Lookup("expectError").Document().Lookup("writeConcernErrors").Type != 0 || args.Lookup("writeConcern").Type != 0:
		return specSkipReasons["writeConcern"]
	case args.Lookup("rawData").Type != 0:
		return specSkipReasons["rawData"]
	}
	return ""
}

// requirementsMet reports whether any requirement accepts a MongoDB 8.0
// replica set without authentication (empty lists accept anything).
func requirementsMet(reqs bson.RawValue) bool {
	list := mustValues(reqs)
	if len(list) == 0 {
		return true
	}
	for _, r := range list {
		if requirementMet(r.Document()) {
			return true
		}
	}
	return false
}

func requirementMet(r bson.Raw) bool {
	if v := r.Lookup("minServerVersion"); v.Type != 0 && versionLess("8.0", v.StringValue()) {
		return false
	}
	if v := r.Lookup("maxServerVersion"); v.Type != 0 && versionLess(v.StringValue(), "8.0") {
		return false
	}
	if tops := r.Lookup("topologies"); tops.Type != 0 {
		found := false
		for _, tv := range mustValues(tops) {
			found = found || tv.StringValue() == "replicaset" || tv.StringValue() == "single"
		}
		if !found {
			return false
		}
	}
	if r.Lookup("serverless").StringValue() == "require" || r.Lookup("auth").Boolean() || r.Lookup("csfle").Type != 0 {
		return false
	}
	return r.Lookup("serverParameters").Type == 0
}

func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// run executes one test and checks results and outcome.
func (sf *specFile) run(test bson.Raw) error {
	s := &specStore{colls: map[string][]bson.Raw{}}
	for _, iv := range mustValues(sf.raw.Lookup("initialData")) {
		d := iv.Document()
		ns := d.Lookup("databaseName").StringValue() + "." + d.Lookup("collectionName").StringValue()
		s.colls[ns] = nil
		for _, dv := range mustValues(d.Lookup("documents")) {
			if _, err := s.insert(ns, dv.Document()); err != nil {
				return fmt.Errorf("initialData: %v", err)
			}
		}
	}
	for i, ov := range mustValues(test.Lookup("operations")) {
		if err := sf.runOp(s, ov.Document()); err != nil {
			return fmt.Errorf("operation %d (%s): %w", i, ov.Document().Lookup("name").StringValue(), err)
		}
	}
	return checkOutcome(s, test.Lookup("outcome"))
}

func (sf *specFile) runOp(s *specStore, op bson.Raw) error {
	ns := sf.colls[op.Lookup("object").StringValue()]
	s.db, _, _ = strings.Cut(ns, ".")
	args := docArg(op, "arguments")
	res, err := specOps[op.Lookup("name").StringValue()](s, ns, args)
	if ee, ok := op.Lookup("expectError").DocumentOK(); ok {
		return checkExpectedError(ee, err)
	}
	if err != nil {
		return err
	}
	if exp := op.Lookup("expectResult"); exp.Type != 0 {
		return expectMatch(exp, res, true)
	}
	return nil
}

func checkExpectedError(ee bson.Raw, err error) error {
	if err == nil {
		return fmt.Errorf("expected an error %s, got none", renderDoc(ee))
	}
	var e *engine.Error
	if code := ee.Lookup("errorCode"); code.Type != 0 {
		if !errors.As(err, &e) || int64(e.Code) != int64(code.Int32()) {
			return fmt.Errorf("expected error code %s, got %v", render(code), err)
		}
	}
	if s := ee.Lookup("errorContains").StringValue(); s != "" && !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(s)) {
		return fmt.Errorf("expected error containing %q, got %v", s, err)
	}
	return nil
}

// checkOutcome compares collections, sorted by _id, with the expected
// documents exactly.
func checkOutcome(s *specStore, outcome bson.RawValue) error {
	for _, ov := range mustValues(outcome) {
		d := ov.Document()
		ns := d.Lookup("databaseName").StringValue() + "." + d.Lookup("collectionName").StringValue()
		got := append([]bson.Raw(nil), s.colls[ns]...)
		slices.SortStableFunc(got, func(a, b bson.Raw) int { return engine.Compare(a.Lookup("_id"), b.Lookup("_id"), nil) })
		if err := expectMatch(d.Lookup("documents"), docsValue(got), false); err != nil {
			return fmt.Errorf("outcome %s: %w", ns, err)
		}
	}
	return nil
}
