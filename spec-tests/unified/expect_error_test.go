package unified_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

// fakeServerErr stands for the client's server error type.
type fakeServerErr struct {
	code   int32
	name   string
	labels []string
	reply  bson.Raw
}

func (e *fakeServerErr) Error() string         { return fmt.Sprintf("(%s) Server said no", e.name) }
func (e *fakeServerErr) ErrorCode() int32      { return e.code }
func (e *fakeServerErr) ErrorCodeName() string { return e.name }
func (e *fakeServerErr) ErrorReply() bson.Raw  { return e.reply }
func (e *fakeServerErr) HasErrorLabel(l string) bool {
	for _, x := range e.labels {
		if x == l {
			return true
		}
	}
	return false
}

// fakeBulkErr stands for the client's bulk write error type.
type fakeBulkErr struct {
	writeErrs map[int]bson.Raw
	wcErrs    []bson.Raw
	partial   bson.RawValue
}

func (e *fakeBulkErr) Error() string                     { return "bulk write failed" }
func (e *fakeBulkErr) WriteErrorDocs() map[int]bson.Raw  { return e.writeErrs }
func (e *fakeBulkErr) WriteConcernErrorDocs() []bson.Raw { return e.wcErrs }
func (e *fakeBulkErr) PartialResult() bson.RawValue      { return e.partial }

// fakeNetErr is a client-side timeout with a label.
type fakeNetErr struct{ timeout bool }

func (e *fakeNetErr) Error() string               { return "connection reset" }
func (e *fakeNetErr) Timeout() bool               { return e.timeout }
func (e *fakeNetErr) HasErrorLabel(l string) bool { return l == "RetryableWriteError" }

func expectErr(t *testing.T, js string) *unified.ExpectedError {
	t.Helper()
	f, err := unified.Parse([]byte(`{"description": "d", "schemaVersion": "1.26", "tests": [{"description": "t", "operations": [{"name": "x", "object": "y", "expectError": ` + js + `}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return f.Tests[0].Operations[0].ExpectError
}

func TestCheckError(t *testing.T) {
	server := fmt.Errorf("find: %w", &fakeServerErr{code: 26, name: "NamespaceNotFound", labels: []string{"TransientTransactionError"},
		reply: doc(t, `{"ok": 0, "code": 26, "codeName": "NamespaceNotFound", "errmsg": "ns not found"}`)})
	bulk := &fakeBulkErr{
		writeErrs: map[int]bson.Raw{1: doc(t, `{"code": 11000, "codeName": "DuplicateKey", "errmsg": "E11000"}`)},
		wcErrs:    []bson.Raw{doc(t, `{"code": 64, "codeName": "WriteConcernFailed", "errmsg": "timeout"}`)},
		partial:   val(t, `{"insertedCount": 1, "upsertedIds": {}}`),
	}
	netTimeout := &fakeNetErr{timeout: true}
	ctxTimeout := fmt.Errorf("op: %w", context.DeadlineExceeded)
	cases := []struct {
		name, exp string
		err       error
		want      string
	}{
		{"no error", `{"isError": true}`, nil, "expected an error, the operation succeeded"},
		{"any error", `{"isError": true}`, errors.New("x"), ""},
		{"client error", `{"isClientError": true}`, errors.New("bad argument"), ""},
		{"client error is server", `{"isClientError": true}`, server, "expected isClientError true"},
		{"not client error", `{"isClientError": false}`, server, ""},
		{"bulk is not client", `{"isClientError": false}`, bulk, ""},
		{"network is client", `{"isClientError": true}`, netTimeout, ""},
		{"timeout", `{"isTimeoutError": true}`, netTimeout, ""},
		{"ctx timeout", `{"isTimeoutError": true}`, ctxTimeout, ""},
		{"not timeout", `{"isTimeoutError": false}`, server, ""},
		{"not timeout fails", `{"isTimeoutError": false}`, ctxTimeout, "expected isTimeoutError false"},
		{"contains case-insensitive", `{"errorContains": "server SAID"}`, server, ""},
		{"contains fails", `{"errorContains": "duplicate"}`, server, `expected the message to contain "duplicate"`},
		{"code", `{"errorCode": 26}`, server, ""},
		{"code differs", `{"errorCode": 11000}`, server, "expected error code 11000, the error has [26]"},
		{"code name case-insensitive", `{"errorCodeName": "namespacenotfound"}`, server, ""},
		{"code name differs", `{"errorCodeName": "DuplicateKey"}`, server, `expected code name "DuplicateKey"`},
		{"code of write error", `{"errorCode": 11000, "errorCodeName": "DuplicateKey"}`, bulk, ""},
		{"code of write concern error", `{"errorCode": 64}`, bulk, ""},
		{"code on client error", `{"errorCode": 1}`, errors.New("x"), "the error has []"},
		{"labels contain", `{"errorLabelsContain": ["TransientTransactionError"]}`, server, ""},
		{"labels contain fails", `{"errorLabelsContain": ["RetryableWriteError"]}`, server, `expected error label "RetryableWriteError"`},
		{"labels omit", `{"errorLabelsOmit": ["RetryableWriteError"]}`, server, ""},
		{"labels omit fails", `{"errorLabelsOmit": ["RetryableWriteError"]}`, netTimeout, `expected no error label "RetryableWriteError"`},
		{"labels on unlabeled error", `{"errorLabelsOmit": ["X"]}`, errors.New("plain"), ""},
		{"error response", `{"errorResponse": {"code": 26, "errmsg": {"$$type": "string"}}}`, server, ""},
		{"error response differs", `{"errorResponse": {"code": 27}}`, server, "errorResponse: $.code: expected int 27, got int 26"},
		{"error response missing", `{"errorResponse": {}}`, errors.New("x"), "expected a server response"},
		{"write errors", `{"writeErrors": {"1": {"code": 11000}}}`, bulk, ""},
		{"write errors index", `{"writeErrors": {"0": {"code": 11000}}}`, bulk, "expected a write error at index 0, got them at [1]"},
		{"write errors count", `{"writeErrors": {"1": {"code": 11000}, "2": {"code": 1}}}`, bulk, "expected write errors at [1 2], got them at [1]"},
		{"write errors content", `{"writeErrors": {"1": {"code": 1}}}`, bulk, "write error 1: $.code"},
		{"write concern errors", `{"writeConcernErrors": [{"code": 64, "codeName": "WriteConcernFailed"}]}`, bulk, ""},
		{"write concern errors count", `{"writeConcernErrors": [{"code": 64}, {"code": 64}]}`, bulk, "expected 2 write concern error(s), got 1"},
		{"partial result", `{"expectResult": {"insertedCount": 1, "upsertedIds": {}}}`, bulk, ""},
		{"partial result unset ok", `{"expectResult": {"$$unsetOrMatches": {"insertedCount": 5}}}`, server, ""},
		{"partial result differs", `{"expectResult": {"insertedCount": 2}}`, bulk, "expectResult: $.insertedCount"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := unified.CheckError(expectErr(t, c.exp), c.err, unified.MatchOptions{})
			if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}
