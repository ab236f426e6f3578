package bson

import (
	"errors"
	"strconv"
)

// ErrElementNotFound is returned by LookupErr when a key is absent.
var ErrElementNotFound = errors.New("bson: element not found")

// MaxNestingDepth is the deepest nesting of documents and arrays that the
// readers accept. It bounds recursion so a hostile input cannot exhaust the stack.
const MaxNestingDepth = 512

// DecodeError reports malformed BSON: where it is and what is wrong.
type DecodeError struct {
	Offset int    // byte offset from the start of the outermost document
	Key    string // the key of the element being read, when known
	Msg    string
}

func (e *DecodeError) Error() string {
	s := "bson: malformed document at offset " + strconv.Itoa(e.Offset)
	if e.Key != "" {
		s += " (key " + strconv.Quote(e.Key) + ")"
	}
	return s + ": " + e.Msg
}

func decodeErr(off int, msg string) error { return &DecodeError{Offset: off, Msg: msg} }

// withKey returns err with its key set, when err is a *DecodeError without one.
// The key is copied from the input so the error does not pin the buffer.
func withKey(err error, key []byte) error {
	var de *DecodeError
	if errors.As(err, &de) && de.Key == "" {
		de.Key = string(key)
	}
	return err
}
