package operation_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
)

func TestPredicates(t *testing.T) {
	netErr := &pool.NetError{Op: "read", Addr: "a", Err: io.ErrUnexpectedEOF}
	timeoutErr := &pool.NetError{Op: "read", Addr: "a", Err: context.DeadlineExceeded}
	cleared := &pool.PoolClearedError{Address: "a"}
	tests := []struct {
		name                  string
		err                   error
		dup, timeout, network bool
		label                 string
	}{
		{"nil", nil, false, false, false, ""},
		{"dup server error", &operation.ServerError{Code: 11000}, true, false, false, ""},
		{"mongos dup", &operation.ServerError{Code: 16460, Message: "x E11000 duplicate"}, true, false, false, ""},
		{"dup write error", &operation.WriteException{WriteErrors: []operation.WriteError{{Code: 11001}}}, true, false, false, ""},
		{"maxTimeMS", fmt.Errorf("wrapped: %w", &operation.ServerError{Code: 50}), false, true, false, ""},
		{"deadline", context.DeadlineExceeded, false, true, false, ""},
		{"net timeout", timeoutErr, false, true, true, ""},
		{"net error", fmt.Errorf("x: %w", netErr), false, false, true, ""},
		{"eof", io.EOF, false, false, true, ""},
		{"closed", pool.ErrConnClosed, false, false, true, ""},
		{"pool cleared", cleared, false, false, false, operation.LabelRetryable},
		{"labelled server error", &operation.ServerError{Code: 91, Labels: []string{"RetryableWriteError"}}, false, false, false, "RetryableWriteError"},
		{"labelled wce", &operation.WriteException{WriteConcernError: &operation.WriteConcernError{Code: 91, Labels: []string{"L"}}}, false, false, false, "L"},
		{"bulk exception", &operation.BulkWriteException{Err: netErr, WriteErrors: map[int]operation.WriteError{2: {Code: 11000}}}, true, false, true, ""},
		{"joined", errors.Join(errors.New("a"), &operation.ServerError{Code: 11000, Labels: []string{"X"}}), true, false, false, "X"},
	}
	for _, tt := range tests {
		if got := operation.IsDuplicateKey(tt.err); got != tt.dup {
			t.Errorf("%s: IsDuplicateKey = %v", tt.name, got)
		}
		if got := operation.IsTimeout(tt.err); got != tt.timeout {
			t.Errorf("%s: IsTimeout = %v", tt.name, got)
		}
		if got := operation.IsNetworkError(tt.err); got != tt.network {
			t.Errorf("%s: IsNetworkError = %v", tt.name, got)
		}
		if tt.label != "" && !operation.HasErrorLabel(tt.err, tt.label) {
			t.Errorf("%s: missing label %s", tt.name, tt.label)
		}
		if operation.HasErrorLabel(tt.err, "NoSuchLabel") {
			t.Errorf("%s: has a label it does not carry", tt.name)
		}
	}
}

func TestErrorsIsAndAs(t *testing.T) {
	we := &operation.WriteException{
		WriteErrors:       []operation.WriteError{{Index: 3, Code: 121, CodeName: "DocumentValidationFailure", Message: "bad"}},
		WriteConcernError: &operation.WriteConcernError{Code: 64, Message: "timeout"},
	}
	var err error = fmt.Errorf("insert: %w", we)
	var w *operation.WriteError
	if !errors.As(err, &w) || w.Index != 3 {
		t.Fatal("errors.As must find the write error")
	}
	var wce *operation.WriteConcernError
	if !errors.As(err, &wce) || wce.Code != 64 {
		t.Fatal("errors.As must find the write concern error")
	}
	if !errors.Is(err, operation.ServerError{Code: 121}) || !errors.Is(err, operation.ServerError{Code: 64}) ||
		!errors.Is(err, operation.ServerError{CodeName: "DocumentValidationFailure"}) || errors.Is(err, operation.ServerError{}) {
		t.Fatal("errors.Is by code and code name")
	}
	for _, e := range []error{we, &operation.BulkWriteException{}, &operation.ServerError{Code: 1, CodeName: "X", Message: "m", Labels: []string{"L"}},
		&operation.ArgumentError{Command: "find", Field: "filter", Problem: "p"}, &operation.ReplyError{Command: "find", Field: "cursor", Problem: "p"}} {
		if e.Error() == "" {
			t.Errorf("%T has an empty message", e)
		}
	}
}

func TestWriteConcernValidate(t *testing.T) {
	tests := []struct {
		wc    operation.WriteConcern
		valid bool
		ack   bool
	}{
		{operation.WriteConcern{}, true, true},
		{operation.WriteConcern{W: operation.Some(operation.WValue{N: 0})}, true, false},
		{operation.WriteConcern{W: operation.Some(operation.WValue{N: 0}), Journal: operation.Some(true)}, false, true},
		{operation.WriteConcern{W: operation.Some(operation.WValue{N: -1})}, false, true},
		{operation.WriteConcern{WTimeout: -1}, false, true},
		{operation.WriteConcern{W: operation.Some(operation.WValue{Tag: "majority"})}, true, true},
	}
	for i, tt := range tests {
		if err := tt.wc.Validate(); (err == nil) != tt.valid || (err != nil && !errors.Is(err, operation.ErrInvalidWriteConcern)) {
			t.Errorf("%d: Validate = %v", i, err)
		}
		if tt.wc.Acknowledged() != tt.ack {
			t.Errorf("%d: Acknowledged = %v", i, !tt.ack)
		}
	}
	if v, ok := operation.Some(3).Get(); !ok || v != 3 || (operation.Optional[int]{}).Or(7) != 7 {
		t.Fatal("Optional")
	}
	if operation.RetryRead.String() != "read" || operation.RetryWrite.String() != "write" || operation.RetryNone.String() != "none" {
		t.Fatal("RetryKind names")
	}
	if operation.UpdateMany.String() != "updateMany" || operation.BulkWriteKind(0).String() == "" {
		t.Fatal("BulkWriteKind names")
	}
}

func TestExecuteWithoutDeployment(t *testing.T) {
	err := operation.Execute(context.Background(), nil, &operation.Find{DB: "db", Collection: "c"}, operation.ExecOptions{})
	if !errors.Is(err, operation.ErrNoDeployment) {
		t.Fatalf("err %v", err)
	}
	r := &operation.Reply{}
	if err := r.Run(context.Background(), &operation.GetMore{}); !errors.Is(err, operation.ErrNoConnection) {
		t.Fatalf("Run outside Execute: %v", err)
	}
	if s, implicit := r.KeepSession(); s != nil || implicit {
		t.Fatal("no session outside Execute")
	}
}
