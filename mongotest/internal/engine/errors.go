package engine

import (
	"fmt"
	"strconv"
)

// Error is a failure the engine reports the way a MongoDB server does: the
// command layer copies Code, Name and Msg into the reply's code, codeName and
// errmsg. Every error returned by this package is an *Error unless it says
// otherwise.
type Error struct {
	Code int32  // server error code, e.g. 2 for BadValue
	Name string // server code name, e.g. "BadValue"; "Location<code>" for numbered assertions
	Msg  string // errmsg, worded as the server words it
}

// Error returns the message with its code name, for logs.
func (e *Error) Error() string { return e.Name + ": " + e.Msg }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, &engine.Error{Code: engine.CodeBadValue}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Server error codes the engine produces. Codes without a name in the
// server's error_codes.yml are reported with the name "Location<code>".
const (
	CodeBadValue                   = 2
	CodeFailedToParse              = 9
	CodeTypeMismatch               = 14
	CodeOverflow                   = 15
	CodeInvalidLength              = 16
	CodePathNotViable              = 28
	CodeConflictingUpdateOperators = 40
	CodeDollarPrefixedFieldName    = 52
	CodeInvalidIDField             = 53
	CodeNotSingleValueField        = 54
	CodeEmptyFieldName             = 56
	CodeImmutableField             = 66
	CodeInvalidOptions             = 72
	CodeConversionFailure          = 241
	CodeInvalidPipelineOperator    = 168
	CodeUnrecognizedStage          = 40324
	CodeUndefinedVariable          = 17276
	CodeIllegalOperation           = 20
	CodeNoSuchKey                  = 4
	CodeOperationFailed            = 96
)

var codeNames = map[int32]string{
	CodeNoSuchKey:                  "NoSuchKey",
	CodeBadValue:                   "BadValue",
	CodeFailedToParse:              "FailedToParse",
	CodeTypeMismatch:               "TypeMismatch",
	CodeOverflow:                   "Overflow",
	CodeInvalidLength:              "InvalidLength",
	CodeIllegalOperation:           "IllegalOperation",
	CodePathNotViable:              "PathNotViable",
	CodeConflictingUpdateOperators: "ConflictingUpdateOperators",
	CodeDollarPrefixedFieldName:    "DollarPrefixedFieldName",
	CodeInvalidIDField:             "InvalidIdField",
	CodeNotSingleValueField:        "NotSingleValueField",
	CodeEmptyFieldName:             "EmptyFieldName",
	CodeImmutableField:             "ImmutableField",
	CodeInvalidOptions:             "InvalidOptions",
	CodeOperationFailed:            "OperationFailed",
	CodeInvalidPipelineOperator:    "InvalidPipelineOperator",
	CodeConversionFailure:          "ConversionFailure",
}

// CodeName returns the server's name for code, or "Location<code>".
func CodeName(code int32) string {
	if n, ok := codeNames[code]; ok {
		return n
	}
	return "Location" + strconv.Itoa(int(code))
}

func newErr(code int32, msg string) *Error {
	return &Error{Code: code, Name: CodeName(code), Msg: msg}
}

func errorf(code int32, format string, args ...any) *Error {
	return newErr(code, fmt.Sprintf(format, args...))
}

func badValue(format string, args ...any) *Error {
	return errorf(CodeBadValue, format, args...)
}

func failedToParse(format string, args ...any) *Error {
	return errorf(CodeFailedToParse, format, args...)
}

// wrapf prefixes the message of an *Error, keeping its code, as the server's
// "caused by" chains do; other errors become BadValue.
func wrapf(err error, format string, args ...any) error {
	prefix := fmt.Sprintf(format, args...)
	if e, ok := err.(*Error); ok {
		return &Error{Code: e.Code, Name: e.Name, Msg: prefix + " :: caused by :: " + e.Msg}
	}
	return badValue("%s :: caused by :: %v", prefix, err)
}

// malformed reports a document the engine could not read.
func malformed(err error) *Error {
	return badValue("malformed BSON: %v", err)
}
