package client

import (
	"errors"

	"github.com/cwal-go/cwal/operation"
)

// The errors of the CRUD specification, shared with the operation package
// so that errors.As finds them whichever layer returned them.
type (
	// ServerError is a command the server failed (ok: 0).
	ServerError = operation.ServerError
	// WriteException is the error of a write some of whose documents or
	// statements failed, or whose write concern failed.
	WriteException = operation.WriteException
	// WriteError is the failure of one document or statement.
	WriteError = operation.WriteError
	// WriteConcernError is a write concern that was not satisfied.
	WriteConcernError = operation.WriteConcernError
	// BulkWriteException is the error of a client-level BulkWrite.
	BulkWriteException = operation.BulkWriteException
)

var (
	// ErrNoDocuments is returned by FindOne and the FindOneAnd methods
	// when no document matched.
	ErrNoDocuments = errors.New("client: no documents in result")
	// ErrInvalidArgument classifies an argument refused before anything
	// was sent: an update without operators, a replacement with them, a
	// nil document, an empty list of documents.
	ErrInvalidArgument = errors.New("client: invalid argument")
	// ErrCursorClosed is returned by a cursor used after Close.
	ErrCursorClosed = errors.New("client: cursor closed")
)

// IsDuplicateKey reports a duplicate key error (code 11000 and kin), as a
// command error, a write error or a write concern error.
func IsDuplicateKey(err error) bool { return operation.IsDuplicateKey(err) }

// IsTimeout reports an operation that ran out of time: a context deadline,
// a socket or pool wait timeout, or a server time limit (maxTimeMS,
// wtimeout).
func IsTimeout(err error) bool { return operation.IsTimeout(err) }

// IsNetworkError reports a failed socket read, write or dial.
func IsNetworkError(err error) bool { return operation.IsNetworkError(err) }

// HasErrorLabel reports whether err carries the error label.
func HasErrorLabel(err error, label string) bool { return operation.HasErrorLabel(err, label) }
