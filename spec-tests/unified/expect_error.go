package unified

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// ServerError is implemented by errors derived from a server response. The
// runner finds it with errors.As.
type ServerError interface {
	error
	// ErrorCode returns the response's "code".
	ErrorCode() int32
	// ErrorCodeName returns the response's "codeName".
	ErrorCodeName() string
	// ErrorReply returns the whole server response.
	ErrorReply() bson.Raw
}

// LabeledError is implemented by errors that carry error labels, from the
// server or added by the driver (such as "RetryableWriteError").
type LabeledError interface {
	error
	HasErrorLabel(label string) bool
}

// TimeoutError is implemented by errors that may be timeouts; an error
// wrapping context.DeadlineExceeded also counts as a timeout.
type TimeoutError interface {
	error
	Timeout() bool
}

// BulkWriteError is implemented by errors of write operations that report
// individual write errors, write concern errors and a partial result.
type BulkWriteError interface {
	error
	// WriteErrorDocs maps the index of each failed write to its error
	// document ({code, codeName, errmsg, ...}).
	WriteErrorDocs() map[int]bson.Raw
	// WriteConcernErrorDocs returns the write concern errors in order.
	WriteConcernErrorDocs() []bson.Raw
	// PartialResult returns the result of the writes that succeeded as a
	// document, or the zero value when there is none.
	PartialResult() bson.RawValue
}

// CheckError verifies an operation's error against an expectError block.
// An error is a client error when it has neither a ServerError nor a
// BulkWriteError in its chain. errorCode and errorCodeName match the
// server error or any write error or write concern error.
func CheckError(exp *ExpectedError, err error, opts MatchOptions) error {
	if err == nil {
		return errors.New("expected an error, the operation succeeded")
	}
	checks := [...]func(*ExpectedError, error, MatchOptions) error{
		checkErrorKind, checkErrorContains, checkErrorCode, checkErrorLabels,
		checkWriteErrors, checkWriteConcernErrors, checkErrorResponse, checkErrorResult,
	}
	for _, c := range checks {
		if e := c(exp, err, opts); e != nil {
			return fmt.Errorf("%w (error: %v)", e, err)
		}
	}
	return nil
}

func checkErrorKind(exp *ExpectedError, err error, _ MatchOptions) error {
	if exp.IsClientError != nil {
		var se ServerError
		var be BulkWriteError
		client := !errors.As(err, &se) && !errors.As(err, &be)
		if client != *exp.IsClientError {
			return fmt.Errorf("expected isClientError %v", *exp.IsClientError)
		}
	}
	if exp.IsTimeoutError != nil && isTimeout(err) != *exp.IsTimeoutError {
		return fmt.Errorf("expected isTimeoutError %v", *exp.IsTimeoutError)
	}
	return nil
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var te TimeoutError
	return errors.As(err, &te) && te.Timeout()
}

func checkErrorContains(exp *ExpectedError, err error, _ MatchOptions) error {
	if exp.ErrorContains != nil && !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(*exp.ErrorContains)) {
		return fmt.Errorf("expected the message to contain %q", *exp.ErrorContains)
	}
	return nil
}

// errorCodes collects the (code, codeName) pairs the error carries.
func errorCodes(err error) (codes []int64, names []string) {
	var se ServerError
	if errors.As(err, &se) {
		codes, names = append(codes, int64(se.ErrorCode())), append(names, se.ErrorCodeName())
	}
	var be BulkWriteError
	if errors.As(err, &be) {
		docs := be.WriteConcernErrorDocs()
		for _, d := range be.WriteErrorDocs() {
			docs = append(docs, d)
		}
		for _, d := range docs {
			if n, ok := d.Lookup("code").AsInt64OK(); ok {
				codes = append(codes, n)
			}
			names = append(names, d.Lookup("codeName").StringValue())
		}
	}
	return codes, names
}

func checkErrorCode(exp *ExpectedError, err error, _ MatchOptions) error {
	if exp.ErrorCode == nil && exp.ErrorCodeName == "" {
		return nil
	}
	codes, names := errorCodes(err)
	if exp.ErrorCode != nil && !containsCode(codes, *exp.ErrorCode) {
		return fmt.Errorf("expected error code %d, the error has %v", *exp.ErrorCode, codes)
	}
	if exp.ErrorCodeName != "" && !containsFold(names, exp.ErrorCodeName) {
		return fmt.Errorf("expected code name %q, the error has %q", exp.ErrorCodeName, names)
	}
	return nil
}

func containsCode(codes []int64, c int64) bool {
	for _, x := range codes {
		if x == c {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func checkErrorLabels(exp *ExpectedError, err error, _ MatchOptions) error {
	var le LabeledError
	has := func(l string) bool { return errors.As(err, &le) && le.HasErrorLabel(l) }
	for _, l := range exp.ErrorLabelsContain {
		if !has(l) {
			return fmt.Errorf("expected error label %q", l)
		}
	}
	for _, l := range exp.ErrorLabelsOmit {
		if has(l) {
			return fmt.Errorf("expected no error label %q", l)
		}
	}
	return nil
}

func checkWriteErrors(exp *ExpectedError, err error, opts MatchOptions) error {
	if exp.WriteErrors == nil {
		return nil
	}
	var be BulkWriteError
	if !errors.As(err, &be) {
		return errors.New("expected write errors, the error has none")
	}
	got := be.WriteErrorDocs()
	want := map[int]bson.RawValue{}
	it := exp.WriteErrors.Iter()
	for it.Next() {
		i, perr := strconv.Atoi(it.Key())
		if perr != nil {
			return fmt.Errorf("writeErrors key %q is not an index", it.Key())
		}
		want[i] = it.Value()
	}
	if len(want) != len(got) {
		return fmt.Errorf("expected write errors at %v, got them at %v", sortedKeys(want), sortedKeys(got))
	}
	for i, w := range want {
		g, ok := got[i]
		if !ok {
			return fmt.Errorf("expected a write error at index %d, got them at %v", i, sortedKeys(got))
		}
		if merr := Match(w, docValue(g), opts); merr != nil {
			return fmt.Errorf("write error %d: %w", i, merr)
		}
	}
	return nil
}

func sortedKeys[V any](m map[int]V) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func checkWriteConcernErrors(exp *ExpectedError, err error, opts MatchOptions) error {
	if exp.WriteConcernErrors == nil {
		return nil
	}
	var be BulkWriteError
	var got []bson.Raw
	if errors.As(err, &be) {
		got = be.WriteConcernErrorDocs()
	}
	if len(got) != len(exp.WriteConcernErrors) {
		return fmt.Errorf("expected %d write concern error(s), got %d", len(exp.WriteConcernErrors), len(got))
	}
	for i, w := range exp.WriteConcernErrors {
		if merr := MatchDocument(w, got[i], opts); merr != nil {
			return fmt.Errorf("write concern error %d: %w", i, merr)
		}
	}
	return nil
}

func checkErrorResponse(exp *ExpectedError, err error, opts MatchOptions) error {
	if exp.ErrorResponse == nil {
		return nil
	}
	var se ServerError
	if !errors.As(err, &se) {
		return errors.New("expected a server response, the error has none")
	}
	if merr := MatchDocument(exp.ErrorResponse, se.ErrorReply(), opts); merr != nil {
		return fmt.Errorf("errorResponse: %w", merr)
	}
	return nil
}

func checkErrorResult(exp *ExpectedError, err error, opts MatchOptions) error {
	if exp.ExpectResult.IsZero() {
		return nil
	}
	var got bson.RawValue
	// A bulk write that stopped at a batch's network or command error
	// has a partial result too, not only one with write errors.
	var be interface{ PartialResult() bson.RawValue }
	if errors.As(err, &be) {
		got = be.PartialResult()
	}
	if merr := Match(exp.ExpectResult, got, opts); merr != nil {
		return fmt.Errorf("expectResult: %w", merr)
	}
	return nil
}
