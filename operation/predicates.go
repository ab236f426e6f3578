package operation

import (
	"context"
	"errors"
	"io"
	"net"
	"slices"
	"strings"

	"github.com/cwal-go/cwal/pool"
)

// Error labels Execute reads or adds.
const (
	// LabelRetryableWrite marks an error after which a retryable write may
	// be retried. Servers 4.4+ add it; Execute adds it to network errors,
	// pool-cleared errors and pre-4.4 server errors when RetryWrites is on.
	LabelRetryableWrite = "RetryableWriteError"
	// LabelNoWritesPerformed marks an error after which the server
	// guarantees nothing was written: a retry's error with it does not
	// replace the first error.
	LabelNoWritesPerformed = "NoWritesPerformed"
	// LabelRetryable is the pool's RetryableError: the command was never
	// sent, so any command may be retried.
	LabelRetryable = pool.LabelRetryableError
	// LabelSystemOverloaded marks an error caused by an overloaded server:
	// a retry avoids that server.
	LabelSystemOverloaded = pool.LabelSystemOverloaded
)

// labeledError carries the labels Execute adds to an error that has no
// labels of its own (a network error, a pool error).
type labeledError struct {
	labels []string
	err    error
}

// Error describes the error.
func (e *labeledError) Error() string { return e.err.Error() }

// Unwrap returns the error the labels were added to.
func (e *labeledError) Unwrap() error { return e.err }

// HasErrorLabel reports the labels added here only; HasErrorLabel the
// function looks further down the chain.
func (e *labeledError) HasErrorLabel(label string) bool { return slices.Contains(e.labels, label) }

// withLabel returns err carrying label too. Server errors take the label
// themselves; other errors are wrapped once.
func withLabel(err error, label string) error {
	if err == nil || HasErrorLabel(err, label) {
		return err
	}
	var se *ServerError
	if errors.As(err, &se) {
		se.Labels = append(se.Labels, label)
		return err
	}
	var we *WriteException
	if errors.As(err, &we) {
		we.Labels = append(we.Labels, label)
		return err
	}
	if le, ok := err.(*labeledError); ok {
		le.labels = append(le.labels, label)
		return err
	}
	return &labeledError{labels: []string{label}, err: err}
}

// HasErrorLabel reports whether any error in err's tree carries label:
// server errors (errorLabels), write exceptions, write concern errors, the
// labels Execute added, and the pool's (RetryableError,
// SystemOverloadedError).
func HasErrorLabel(err error, label string) bool {
	found := false
	walk(err, func(e error) bool {
		switch l := e.(type) {
		case interface{ HasErrorLabel(string) bool }:
			found = l.HasErrorLabel(label)
		case interface{ HasLabel(string) bool }:
			found = l.HasLabel(label)
		}
		return found
	})
	return found
}

// walk calls fn on every error of err's tree, depth first, until fn
// returns true.
func walk(err error, fn func(error) bool) bool {
	for err != nil {
		if fn(err) {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if walk(e, fn) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// IsDuplicateKey reports a duplicate key error: a command error, a write
// error or a write concern error with code 11000, 11001 or 12582, or code
// 16460 with an E11000 message (mongos).
func IsDuplicateKey(err error) bool {
	return walk(err, func(e error) bool {
		switch t := e.(type) {
		case *ServerError:
			return dupKeyCode(t.Code, t.Message)
		case ServerError:
			return dupKeyCode(t.Code, t.Message)
		case *WriteError:
			return dupKeyCode(t.Code, t.Message)
		case *WriteConcernError:
			return dupKeyCode(t.Code, t.Message)
		}
		return false
	})
}

func dupKeyCode(code int32, msg string) bool {
	return code == 11000 || code == 11001 || code == 12582 ||
		(code == 16460 && strings.Contains(msg, " E11000 "))
}

// Server error codes that mean the operation ran out of time.
const (
	codeMaxTimeMSExpired    = 50
	codeExceededTimeLimit   = 262
	codeWriteConcernTimeout = 64
)

// IsTimeout reports an operation that ran out of time: the context's
// deadline, a network or pool wait timeout (any error in the tree with a
// Timeout method returning true), a server MaxTimeMSExpired (50) or
// ExceededTimeLimit (262), or a write concern error that timed out
// (wtimeout).
func IsTimeout(err error) bool {
	return walk(err, func(e error) bool {
		if e == context.DeadlineExceeded {
			return true
		}
		switch t := e.(type) {
		case interface{ Timeout() bool }:
			return t.Timeout()
		case *ServerError:
			return t.Code == codeMaxTimeMSExpired || t.Code == codeExceededTimeLimit
		case ServerError:
			return t.Code == codeMaxTimeMSExpired || t.Code == codeExceededTimeLimit
		case *WriteConcernError:
			return t.Code == codeMaxTimeMSExpired ||
				(t.Code == codeWriteConcernTimeout && t.Details.Lookup("wtimeout").Boolean())
		}
		return false
	})
}

// IsNetworkError reports a failed socket read, write or dial, or a
// connection closed under the operation, including a failure to establish
// a new connection for it.
func IsNetworkError(err error) bool {
	return walk(err, func(e error) bool {
		if e == context.DeadlineExceeded || e == context.Canceled {
			return false // an expired context is not a network failure
		}
		switch e.(type) {
		case *pool.NetError, net.Error:
			return true
		}
		return e == io.EOF || e == io.ErrUnexpectedEOF || e == pool.ErrConnClosed || e == pool.ErrConnBroken
	})
}
