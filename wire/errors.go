package wire

import (
	"errors"
	"fmt"
	"strconv"
)

// Causes carried by *MessageError; test for them with errors.Is.
var (
	// ErrTruncated means the input ends before a field it declares.
	ErrTruncated = errors.New("wire: message truncated")
	// ErrTooLarge means a length passes the size limit (maxMessageSizeBytes)
	// or what an int32 can carry.
	ErrTooLarge = errors.New("wire: message too large")
	// ErrMalformed means a field holds a value the protocol forbids: a length
	// that disagrees with the data, a missing or second body, a document not
	// ending in 0x00, a duplicated sequence identifier.
	ErrMalformed = errors.New("wire: malformed message")
	// ErrChecksum means the CRC-32C at the end of an OP_MSG does not match.
	ErrChecksum = errors.New("wire: checksum mismatch")
	// ErrUnsupported means a well-formed feature this package does not know:
	// a required flag bit, a section kind, a compressor id.
	ErrUnsupported = errors.New("wire: unsupported")
)

// MessageError reports bad wire input or a misuse of an encoder: the byte
// offset from the start of the message, the field, and the problem. Its
// message is self-contained; Err classifies it for errors.Is.
type MessageError struct {
	Offset  int    // from the first byte of the message header
	Field   string // protocol name of the field, such as "section kind"
	Problem string // what is wrong with it
	Err     error  // one of the sentinels above, possibly wrapping a cause
}

func (e *MessageError) Error() string {
	return "wire: " + e.Field + " at offset " + strconv.Itoa(e.Offset) + ": " + e.Problem
}

// Unwrap returns the cause, so errors.Is(err, ErrTruncated) and the like work.
func (e *MessageError) Unwrap() error { return e.Err }

func errf(cause error, off int, field, format string, args ...any) error {
	return &MessageError{Offset: off, Field: field, Problem: fmt.Sprintf(format, args...), Err: cause}
}
