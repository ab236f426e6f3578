package unified

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/cwal-go/cwal/bson"
)

// File is one unified test file. Values a test compares or sends to the
// server stay as BSON parsed from extended JSON, so $numberLong and friends
// keep their exact types.
type File struct {
	// Path is the file's location when it came from Load.
	Path              string
	Description       string
	SchemaVersion     Version
	RunOnRequirements []RunOnRequirement
	CreateEntities    []EntityDescription
	InitialData       []CollectionData
	Tests             []Test
}

// Test is one test case of a file.
type Test struct {
	Description       string
	RunOnRequirements []RunOnRequirement
	// SkipReason, when set, says why the file's authors skip this test.
	SkipReason        string
	Operations        []Operation
	ExpectEvents      []ExpectedEventsForClient
	ExpectLogMessages []ExpectedLogsForClient
	// Outcome is the data the collections must hold after the test.
	Outcome []CollectionData
}

// CollectionData is the content of one collection, used by initialData and
// outcome.
type CollectionData struct {
	CollectionName string
	DatabaseName   string
	// CreateOptions, when set, are passed to the create command.
	CreateOptions bson.Raw
	Documents     []bson.Raw
}

// Load reads and parses the test file at path; see Parse.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := Parse(data)
	if f != nil {
		f.Path = path
	}
	if fe, ok := err.(*FormatError); ok {
		fe.File = path
	}
	if ue, ok := err.(*UnsupportedSchemaError); ok {
		ue.File = path
	}
	return f, err
}

// Parse decodes a unified test file and checks it against the format's
// schema: required fields, types, allowed keys and enumerations. A problem
// is reported as a *FormatError naming the JSON path.
//
// A file whose schemaVersion is not supported (see SchemaSupported) yields
// an *UnsupportedSchemaError, which wraps ErrUnsupportedSchema, together
// with a File holding only the description, schema version and test
// descriptions, so a runner can report each test as not run.
func Parse(data []byte) (*File, error) {
	d := &decoder{}
	o := d.object("$", data)
	if d.err != nil {
		return nil, d.err
	}
	o.require("description", "schemaVersion", "tests")
	f := &File{Description: o.str("description")}
	if d.err != nil {
		return nil, d.err
	}
	v, ok := parseSchemaVersion(o)
	if !ok {
		return nil, d.err
	}
	f.SchemaVersion = v
	if ok, reason := SchemaSupported(v); !ok {
		f.Tests = testDescriptions(o)
		return f, &UnsupportedSchemaError{Version: v, Reason: reason}
	}
	decodeFile(o, f)
	if d.err != nil {
		return nil, d.err
	}
	return f, nil
}

func parseSchemaVersion(o *object) (Version, bool) {
	s := o.str("schemaVersion")
	if o.d.err != nil {
		return Version{}, false
	}
	v, err := ParseVersion(s)
	if err != nil {
		o.d.failf(o.at("schemaVersion"), "%v", err)
		return Version{}, false
	}
	return v, true
}

func decodeFile(o *object, f *File) {
	for i, r := range o.array("runOnRequirements", 1) {
		f.RunOnRequirements = append(f.RunOnRequirements, decodeRequirement(o.d, fmt.Sprintf("$.runOnRequirements[%d]", i), r))
	}
	for i, r := range o.array("createEntities", 1) {
		f.CreateEntities = append(f.CreateEntities, decodeEntity(o.d, fmt.Sprintf("$.createEntities[%d]", i), r))
	}
	f.InitialData = decodeCollectionDataList(o, "initialData")
	for i, r := range o.array("tests", 1) {
		f.Tests = append(f.Tests, decodeTest(o.d, fmt.Sprintf("$.tests[%d]", i), r))
	}
	o.allow("_yamlAnchors")
	o.close()
}

func decodeTest(d *decoder, path string, raw json.RawMessage) Test {
	o := d.object(path, raw)
	o.require("description", "operations")
	t := Test{Description: o.str("description"), SkipReason: o.str("skipReason")}
	for i, r := range o.array("runOnRequirements", 1) {
		t.RunOnRequirements = append(t.RunOnRequirements, decodeRequirement(d, fmt.Sprintf("%s.runOnRequirements[%d]", path, i), r))
	}
	t.Operations = []Operation{}
	for i, r := range o.array("operations", 0) {
		t.Operations = append(t.Operations, decodeOperation(d, fmt.Sprintf("%s.operations[%d]", path, i), r))
	}
	for i, r := range o.array("expectEvents", 1) {
		t.ExpectEvents = append(t.ExpectEvents, decodeExpectedEvents(d, fmt.Sprintf("%s.expectEvents[%d]", path, i), r))
	}
	for i, r := range o.array("expectLogMessages", 1) {
		t.ExpectLogMessages = append(t.ExpectLogMessages, decodeExpectedLogs(d, fmt.Sprintf("%s.expectLogMessages[%d]", path, i), r))
	}
	t.Outcome = decodeCollectionDataList(o, "outcome")
	o.close()
	return t
}

func decodeCollectionDataList(o *object, key string) []CollectionData {
	var out []CollectionData
	for i, r := range o.array(key, 1) {
		out = append(out, decodeCollectionData(o.d, fmt.Sprintf("%s[%d]", o.at(key), i), r))
	}
	return out
}

func decodeCollectionData(d *decoder, path string, raw json.RawMessage) CollectionData {
	o := d.object(path, raw)
	o.require("collectionName", "databaseName", "documents")
	c := CollectionData{
		CollectionName: o.str("collectionName"),
		DatabaseName:   o.str("databaseName"),
		CreateOptions:  o.document("createOptions"),
		Documents:      []bson.Raw{},
	}
	if c.CreateOptions != nil && !c.CreateOptions.Lookup("writeConcern").IsZero() {
		d.failf(o.at("createOptions"), "writeConcern is not allowed in createOptions")
	}
	for i, r := range o.array("documents", 0) {
		c.Documents = append(c.Documents, d.document(fmt.Sprintf("%s.documents[%d]", path, i), r))
	}
	o.close()
	return c
}

// testDescriptions reads just the test descriptions of a file this package
// cannot run, leniently, so a runner can still count them.
func testDescriptions(o *object) []Test {
	var raws []json.RawMessage
	r, _ := o.raw("tests")
	if json.Unmarshal(r, &raws) != nil {
		return nil
	}
	out := make([]Test, 0, len(raws))
	for _, t := range raws {
		var head struct {
			Description string `json:"description"`
		}
		_ = json.Unmarshal(t, &head) // an odd entry still counts as one test
		out = append(out, Test{Description: head.Description})
	}
	return out
}

// UnsupportedSchemaError reports a file this package does not run because of
// its schemaVersion. It wraps ErrUnsupportedSchema.
type UnsupportedSchemaError struct {
	File    string
	Version Version
	Reason  string
}

// Error returns the file and the reason.
func (e *UnsupportedSchemaError) Error() string {
	if e.File == "" {
		return "unified: " + e.Reason
	}
	return "unified: " + e.File + ": " + e.Reason
}

// Unwrap returns ErrUnsupportedSchema.
func (e *UnsupportedSchemaError) Unwrap() error { return ErrUnsupportedSchema }
