package bson

import (
	"errors"
	"reflect"
	"strconv"
)

// Sentinel errors of Marshal and Unmarshal. They are wrapped by *MarshalError
// and *UnmarshalError, so test for them with errors.Is.
var (
	// ErrUnsupportedType: the Go type has no BSON form (chan, func, complex,
	// unsafe.Pointer, a map whose keys are not strings, integers or
	// encoding.TextMarshaler) or no decoder for the BSON value.
	ErrUnsupportedType = errors.New("bson: unsupported type")
	// ErrInvalidKey: a key contains a NUL byte or is not valid UTF-8.
	ErrInvalidKey = errors.New("bson: key contains a NUL byte or invalid UTF-8")
	// ErrInvalidUTF8: a string value is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("bson: string is not valid UTF-8")
	// ErrNotDocument: Marshal was given a value that does not encode as a document.
	ErrNotDocument = errors.New("bson: value does not encode as a document")
	// ErrTooDeep: documents nest deeper than MaxNestingDepth, as a cyclic
	// value would.
	ErrTooDeep = errors.New("bson: documents nested deeper than MaxNestingDepth")
	// ErrDuplicateField: two fields of a struct at the same depth map to one key.
	ErrDuplicateField = errors.New("bson: duplicate field name")
	// ErrInvalidTag: a struct tag uses inline on a type that cannot be inlined.
	ErrInvalidTag = errors.New("bson: invalid struct tag")
	// ErrBadEncoding: a Marshaler, ValueMarshaler, registered encoder or a Raw
	// value produced bytes that are not one well-framed BSON value.
	ErrBadEncoding = errors.New("bson: encoder returned malformed bytes")
	// ErrInvalidTarget: Unmarshal needs a non-nil pointer.
	ErrInvalidTarget = errors.New("bson: Unmarshal needs a non-nil pointer")
	// ErrTypeMismatch: the BSON type cannot be stored in the Go type.
	ErrTypeMismatch = errors.New("bson: BSON type does not match the Go type")
	// ErrOverflow: a number does not fit the Go type.
	ErrOverflow = errors.New("bson: number overflows the Go type")
	// ErrTruncation: a double has a fraction (or more precision than a
	// float32 holds) and the field does not allow truncation.
	ErrTruncation = errors.New("bson: double would be truncated")
)

// MarshalError reports a Go value that could not be encoded: where it is
// (a dotted path of keys, empty at the top), its Go type when known, and why.
type MarshalError struct {
	Path   string
	GoType reflect.Type
	Err    error
}

// Error describes the failure with its Go type and path.
func (e *MarshalError) Error() string {
	s := "bson: cannot marshal"
	if e.GoType != nil {
		s += " " + e.GoType.String()
	}
	if e.Path != "" {
		s += " at " + strconv.Quote(e.Path)
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the cause, often one of the ErrX sentinels.
func (e *MarshalError) Unwrap() error { return e.Err }

// UnmarshalError reports a BSON value that could not be stored in a Go
// value: where it is (a dotted path of keys), its BSON type, the Go type and
// why. Malformed input is reported as *DecodeError instead.
type UnmarshalError struct {
	Path   string
	Type   Type
	GoType reflect.Type
	Err    error
}

// Error describes the failure with both types and the path.
func (e *UnmarshalError) Error() string {
	s := "bson: cannot unmarshal"
	if e.Type != 0 {
		s += " " + e.Type.String()
	}
	if e.Path != "" {
		s += " at " + strconv.Quote(e.Path)
	}
	if e.GoType != nil {
		s += " into " + e.GoType.String()
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the cause, often one of the ErrX sentinels.
func (e *UnmarshalError) Unwrap() error { return e.Err }

func marshalErr(t reflect.Type, err error) error {
	return &MarshalError{GoType: t, Err: err}
}

func unmarshalErr(bt Type, t reflect.Type, err error) error {
	return &UnmarshalError{Type: bt, GoType: t, Err: err}
}

func mismatch(bt Type, t reflect.Type) error {
	return &UnmarshalError{Type: bt, GoType: t, Err: ErrTypeMismatch}
}

// withPath prefixes key to the path of a *MarshalError or *UnmarshalError
// (wrapping other errors in one). It runs only on the error path, so the
// encoders and decoders pay nothing for error context when all goes well.
func withPath(err error, key string, encoding bool) error {
	var me *MarshalError
	var ue *UnmarshalError
	var de *DecodeError
	switch {
	case errors.As(err, &me):
		me.Path = joinPath(key, me.Path)
	case errors.As(err, &ue):
		ue.Path = joinPath(key, ue.Path)
	case errors.As(err, &de):
		if de.Key == "" {
			de.Key = key
		}
	case encoding:
		return &MarshalError{Path: key, Err: err}
	default:
		return &UnmarshalError{Path: key, Err: err}
	}
	return err
}

func joinPath(key, rest string) string {
	if rest == "" {
		return key
	}
	return key + "." + rest
}
