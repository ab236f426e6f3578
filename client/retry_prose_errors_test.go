package client_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/operation"
)

// insertCode returns the code of an InsertOne error: the server error's,
// or the write concern error's.
func insertCode(t *testing.T, err error) int32 {
	t.Helper()
	var we *client.WriteException
	if errors.As(err, &we) && we.WriteConcernError != nil {
		return we.WriteConcernError.Code
	}
	var se *client.ServerError
	if errors.As(err, &se) {
		return se.Code
	}
	t.Fatalf("want a server error, got %v", err)
	return 0
}

// onceHook returns a callback that configures fp the first time it is
// called for an insert, and the event outcome it reacts to.
func onceHook(t *testing.T, e **retryEnv, fp string) func(name string) {
	var once sync.Once
	return func(name string) {
		if name == "insert" {
			once.Do(func() { (*e).failPoint(t, fp) })
		}
	}
}

// Retryable writes prose 3: when the retry fails with NoWritesPerformed,
// the first attempt's error (a write concern error that may have
// written) is returned.
func TestProseRetryWriteOriginalErrorAfterNoWritesPerformed(t *testing.T) {
	var e *retryEnv
	hook := onceHook(t, &e, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"],
		"errorCode": 10107, "errorLabels": ["RetryableWriteError", "NoWritesPerformed"]}}`)
	e = newRetryEnv(t, "retryWrites=true", &operation.CommandMonitor{
		Succeeded: func(ev operation.CommandSucceededEvent) { hook(ev.CommandName) },
	})
	e.failPoint(t, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"],
		"errorLabels": ["RetryableWriteError"], "writeConcernError": {"code": 91}}}`)
	_, err := e.coll.InsertOne(ctxT(t), bson.D{{Key: "x", Value: 1}})
	if code := insertCode(t, err); code != 91 {
		t.Fatalf("error code %d (%v), want 91", code, err)
	}
	if n := e.count("insert"); n != 2 {
		t.Fatalf("%d inserts started, want 2", n)
	}
	e.failPoint(t, `{"configureFailPoint": "failCommand", "mode": "off"}`)
}

// Retryable writes prose 6, cases 1 to 3: which error a write that fails
// on every attempt returns, by the NoWritesPerformed labels. The driver
// retries once; the fail point set after the first failure stays on, so
// the outcome is the same with more retries.
func TestProseRetryWriteErrorPropagation(t *testing.T) {
	const over = `"RetryableError", "SystemOverloadedError"`
	cases := []struct {
		name, first, then string
		want              int32
		noWrites          bool // the returned error may carry NoWritesPerformed
	}{
		{"without NoWritesPerformed", `"errorLabels": [` + over + `], "errorCode": 91`,
			`"errorCode": 10107, "errorLabels": [` + over + `]`, 10107, false},
		{"only NoWritesPerformed", `"errorLabels": [` + over + `, "NoWritesPerformed"], "errorCode": 91`,
			`"errorCode": 10107, "errorLabels": [` + over + `, "NoWritesPerformed"]`, 91, true},
		{"mixed", `"errorLabels": [` + over + `], "errorCode": 91`,
			`"errorCode": 91, "errorLabels": [` + over + `, "NoWritesPerformed"]`, 91, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e *retryEnv
			hook := onceHook(t, &e, `{"configureFailPoint": "failCommand", "mode": "alwaysOn", "data": {"failCommands": ["insert"], `+tc.then+`}}`)
			e = newRetryEnv(t, "retryWrites=true", &operation.CommandMonitor{
				Failed: func(ev operation.CommandFailedEvent) { hook(ev.CommandName) },
			})
			e.failPoint(t, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"], `+tc.first+`}}`)
			_, err := e.coll.InsertOne(ctxT(t), bson.D{{Key: "x", Value: 1}})
			e.failPoint(t, `{"configureFailPoint": "failCommand", "mode": "off"}`)
			if code := insertCode(t, err); code != tc.want {
				t.Fatalf("error code %d (%v), want %d", code, err, tc.want)
			}
			if !tc.noWrites && client.HasErrorLabel(err, "NoWritesPerformed") {
				t.Fatalf("error %v has NoWritesPerformed", err)
			}
		})
	}
}

// An unacknowledged write is never retried and carries no txnNumber
// (retryable writes specification).
func TestRetryUnacknowledgedWriteNotRetried(t *testing.T) {
	re := newRetryEnv(t, "retryWrites=true&w=0", nil)
	re.failPoint(t, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"], "closeConnection": true}}`)
	_, _ = re.coll.InsertOne(ctxT(t), bson.D{{Key: "x", Value: 1}})
	if n := re.count("insert"); n != 1 {
		t.Fatalf("%d inserts started, want 1", n)
	}
	if n := re.count("insert+txnNumber"); n != 0 {
		t.Fatalf("the unacknowledged insert carried a txnNumber")
	}
	re.failPoint(t, `{"configureFailPoint": "failCommand", "mode": "off"}`)
}

// A network error of a retryable write has the RetryableWriteError
// label when retryWrites is on, and not when it is off; a write that
// fails twice returns the labelled error of the retry.
func TestRetryWriteNetworkErrorLabel(t *testing.T) {
	for _, retry := range []bool{true, false} {
		q := "retryWrites=false"
		if retry {
			q = "retryWrites=true"
		}
		t.Run(q, func(t *testing.T) {
			e := newRetryEnv(t, q, nil)
			e.failPoint(t, `{"configureFailPoint": "failCommand", "mode": {"times": 2}, "data": {"failCommands": ["insert"], "closeConnection": true}}`)
			_, err := e.coll.InsertOne(ctxT(t), bson.D{{Key: "x", Value: 1}})
			e.failPoint(t, `{"configureFailPoint": "failCommand", "mode": "off"}`)
			if !client.IsNetworkError(err) {
				t.Fatalf("want a network error, got %v", err)
			}
			if got := client.HasErrorLabel(err, "RetryableWriteError"); got != retry {
				t.Fatalf("RetryableWriteError label %v, want %v (%v)", got, retry, err)
			}
			want := 1
			if retry {
				want = 2
			}
			if n := e.count("insert"); n != want {
				t.Fatalf("%d inserts started, want %d", n, want)
			}
		})
	}
}
