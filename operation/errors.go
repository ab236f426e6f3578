package operation

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/cwal-go/cwal/bson"
)

// Errors of the client side: nothing was sent.
var (
	// ErrDocumentTooLarge: a document of a write is larger than the
	// server's maxBsonObjectSize (or a statement does not fit in a
	// message). Nothing of the write was sent.
	ErrDocumentTooLarge = errors.New("operation: document too large for the server")
	// ErrEmptyWrite: a write command has no document or statement.
	ErrEmptyWrite = errors.New("operation: write with nothing to write")
	// ErrUnacknowledgedOrdered: the client bulkWrite cannot be ordered with
	// an unacknowledged write concern (bulk write specification).
	ErrUnacknowledgedOrdered = errors.New("operation: Cannot request unacknowledged write concern and ordered writes")
	// ErrUnacknowledgedVerbose: the client bulkWrite cannot ask for verbose
	// results with an unacknowledged write concern.
	ErrUnacknowledgedVerbose = errors.New("operation: Cannot request unacknowledged write concern and verbose results")
	// ErrNoConnection: Reply.Run was called outside Decode or for an
	// unacknowledged write.
	ErrNoConnection = errors.New("operation: no connection to run a follow-up command on")
	// ErrMalformedReply classifies a *ReplyError.
	ErrMalformedReply = errors.New("operation: malformed reply")
	// ErrInvalidArgument classifies an *ArgumentError.
	ErrInvalidArgument = errors.New("operation: invalid argument")
)

// ArgumentError reports a command field that cannot be sent, such as a
// filter that is not a BSON document. Nothing was sent.
type ArgumentError struct {
	Command string // the command's name
	Field   string // the field at fault, such as "filter" or "documents[3]"
	Problem string
}

// Error describes the error.
func (e *ArgumentError) Error() string {
	return "operation: " + e.Command + ": " + e.Field + ": " + e.Problem
}

// Unwrap returns ErrInvalidArgument.
func (e *ArgumentError) Unwrap() error { return ErrInvalidArgument }

// ReplyError reports a reply that does not have the shape the command
// expects: a missing field, a field of the wrong type.
type ReplyError struct {
	Command string // the command's name
	Field   string // the reply field at fault, such as "cursor.firstBatch"
	Problem string
}

// Error describes the error.
func (e *ReplyError) Error() string {
	return "operation: reply to " + e.Command + ": " + e.Field + ": " + e.Problem
}

// Unwrap returns ErrMalformedReply.
func (e *ReplyError) Unwrap() error { return ErrMalformedReply }

// ServerError is a command the server failed: a reply with ok other than
// 1. It matches another ServerError with errors.Is by code, and by code
// name when the target has one:
//
//	errors.Is(err, operation.ServerError{Code: 11000})
type ServerError struct {
	Code     int32
	CodeName string
	Message  string // errmsg
	// Labels are the reply's errorLabels, with those the driver added
	// (RetryableWriteError for a pre-4.4 server).
	Labels []string
	// Raw is a copy of the whole reply.
	Raw bson.Raw
}

// Error describes the error.
func (e ServerError) Error() string {
	s := "server error"
	if e.CodeName != "" {
		s += " " + e.CodeName
	}
	s += " (code " + strconv.Itoa(int(e.Code)) + ")"
	if e.Message != "" {
		s += ": " + e.Message
	}
	if len(e.Labels) > 0 {
		s += fmt.Sprintf(" labels %v", e.Labels)
	}
	return s
}

// HasErrorLabel reports whether the error carries label.
func (e ServerError) HasErrorLabel(label string) bool {
	return slices.Contains(e.Labels, label)
}

// Is matches a ServerError or *ServerError target with the same Code (when
// the target's is not 0) and CodeName (when the target's is not "").
func (e ServerError) Is(target error) bool {
	code, name, ok := codeTarget(target)
	return ok && matchCode(e.Code, e.CodeName, code, name)
}

// codeTarget extracts what a ServerError target asks to match.
func codeTarget(target error) (code int32, name string, ok bool) {
	switch t := target.(type) {
	case ServerError:
		return t.Code, t.CodeName, t.Code != 0 || t.CodeName != ""
	case *ServerError:
		if t != nil {
			return t.Code, t.CodeName, t.Code != 0 || t.CodeName != ""
		}
	}
	return 0, "", false
}

// matchCode compares an error's code and name with a target's.
func matchCode(code int32, name string, wantCode int32, wantName string) bool {
	return (wantCode == 0 || code == wantCode) && (wantName == "" || name == wantName)
}

// newServerError makes the error of an ok: 0 reply, copying it.
func newServerError(reply bson.Raw) *ServerError {
	e := &ServerError{
		Code:     int32Value(reply.Lookup("code")),
		CodeName: reply.Lookup("codeName").StringValue(),
		Message:  reply.Lookup("errmsg").StringValue(),
		Raw:      bson.Raw(slices.Clone(reply)),
	}
	e.Labels = appendLabels(e.Labels, reply.Lookup("errorLabels"))
	return e
}

// appendLabels appends the strings of an errorLabels array, skipping
// duplicates.
func appendLabels(dst []string, v bson.RawValue) []string {
	arr, ok := v.ArrayOK()
	if !ok {
		return dst
	}
	it := arr.Iter()
	for it.Next() {
		if s, ok := it.Value().StringValueOK(); ok && !slices.Contains(dst, s) {
			dst = append(dst, s)
		}
	}
	return dst
}

// int32Value reads a numeric field as an int32 (codes arrive as int32,
// int64 or double depending on the server and the path).
func int32Value(v bson.RawValue) int32 {
	n, _ := v.AsInt64OK()
	return int32(n)
}
