package unified

import (
	"encoding/json"
	"fmt"

	"github.com/cwal-go/cwal/bson"
)

// Operation is one step of a test.
type Operation struct {
	Name string
	// Object is an entity name or "testRunner" for special operations.
	Object string
	// Arguments is nil when the operation has none.
	Arguments            bson.Raw
	IgnoreResultAndError bool
	ExpectError          *ExpectedError
	// ExpectResult is the zero RawValue when no result is asserted; an
	// explicit null is a TypeNull value.
	ExpectResult       bson.RawValue
	SaveResultAsEntity string
}

// ExpectedError is an expectError block. Nil pointers and empty values are
// assertions not made.
type ExpectedError struct {
	IsError            bool
	IsClientError      *bool
	IsTimeoutError     *bool
	ErrorContains      *string
	ErrorCode          *int64
	ErrorCodeName      string
	ErrorLabelsContain []string
	ErrorLabelsOmit    []string
	// WriteErrors maps the index of a failed write ("0", "3") to the write
	// error it must match.
	WriteErrors        bson.Raw
	WriteConcernErrors []bson.Raw
	ErrorResponse      bson.Raw
	// ExpectResult is the partial result the error must carry, if set.
	ExpectResult bson.RawValue
}

// TestRunnerObject is the object name of special test operations.
const TestRunnerObject = "testRunner"

func decodeOperation(d *decoder, path string, raw json.RawMessage) Operation {
	o := d.object(path, raw)
	o.require("name", "object")
	op := Operation{
		Name:                 o.str("name"),
		Object:               o.str("object"),
		Arguments:            o.document("arguments"),
		IgnoreResultAndError: o.boolean("ignoreResultAndError"),
		ExpectResult:         o.value("expectResult"),
		SaveResultAsEntity:   o.str("saveResultAsEntity"),
	}
	if r, ok := o.raw("expectError"); ok {
		op.ExpectError = decodeExpectedError(d, o.at("expectError"), r)
	}
	checkExclusive(o, "expectError", "expectResult", "saveResultAsEntity")
	if o.has("ignoreResultAndError") {
		checkExclusive(o, "ignoreResultAndError", "expectResult", "expectError", "saveResultAsEntity")
	}
	o.close()
	return op
}

// checkExclusive reports key appearing together with any of others.
func checkExclusive(o *object, key string, others ...string) {
	if !o.has(key) {
		return
	}
	for _, other := range others {
		if other != key && o.has(other) {
			o.d.failf(o.path, "%s and %s are mutually exclusive", key, other)
		}
	}
}

func decodeExpectedError(d *decoder, path string, raw json.RawMessage) *ExpectedError {
	o := d.object(path, raw)
	if len(o.m) == 0 && d.err == nil {
		d.failf(path, "expectError needs at least one assertion")
	}
	e := &ExpectedError{
		IsClientError:      o.boolPtr("isClientError"),
		IsTimeoutError:     o.boolPtr("isTimeoutError"),
		ErrorCode:          o.integer("errorCode"),
		ErrorCodeName:      o.str("errorCodeName"),
		ErrorLabelsContain: o.strings("errorLabelsContain", 1),
		ErrorLabelsOmit:    o.strings("errorLabelsOmit", 1),
		WriteErrors:        o.document("writeErrors"),
		ErrorResponse:      o.document("errorResponse"),
		ExpectResult:       o.value("expectResult"),
	}
	if p := o.boolPtr("isError"); p != nil {
		if !*p {
			d.failf(o.at("isError"), "isError must be true when given")
		}
		e.IsError = *p
	}
	if o.has("errorContains") {
		s := o.str("errorContains")
		e.ErrorContains = &s
	}
	for i, r := range o.array("writeConcernErrors", 0) {
		e.WriteConcernErrors = append(e.WriteConcernErrors, d.document(fmt.Sprintf("%s.writeConcernErrors[%d]", path, i), r))
	}
	o.close()
	return e
}
