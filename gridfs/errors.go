package gridfs

import (
	"errors"
	"fmt"
)

var (
	// ErrFileNotFound is returned when no files collection document
	// matches the id or filename asked for.
	ErrFileNotFound = errors.New("gridfs: file not found")
	// ErrRevisionNotFound is returned by the by-name downloads when files
	// of that name exist but not the revision asked for. It wraps
	// ErrFileNotFound, so errors.Is(err, ErrFileNotFound) holds for both.
	ErrRevisionNotFound = fmt.Errorf("%w: no such revision", ErrFileNotFound)

	// ErrMissingChunk: a chunk the file's length calls for is absent
	// (the next chunk found has a greater n, or there is none).
	ErrMissingChunk = errors.New("gridfs: missing chunk")
	// ErrWrongChunkSize: a chunk's data is not the length the file's
	// chunkSize and length call for.
	ErrWrongChunkSize = errors.New("gridfs: chunk has the wrong size")
	// ErrExtraChunk: a chunk follows the last one the file's length calls
	// for, or a chunk number repeats.
	ErrExtraChunk = errors.New("gridfs: extra chunk")
	// ErrBadChunk: a chunk document lacks a numeric n or binary data.
	ErrBadChunk = errors.New("gridfs: malformed chunk document")
	// ErrBadFile: a files collection document has no usable length or
	// chunkSize (missing, not a number, negative, or a zero chunk size
	// for a non-empty file).
	ErrBadFile = errors.New("gridfs: malformed files collection document")

	// ErrStreamClosed is returned by a stream used after Close or Abort.
	ErrStreamClosed = errors.New("gridfs: stream closed")
	// ErrAborted is returned by Write and Close on an upload stream that
	// was aborted.
	ErrAborted = errors.New("gridfs: upload aborted")
	// ErrInvalidArgument classifies an option refused before anything was
	// sent, such as a negative chunk size.
	ErrInvalidArgument = errors.New("gridfs: invalid argument")
)

// ChunkError is a stored file whose chunks do not match its files
// collection document; Err is ErrMissingChunk, ErrWrongChunkSize,
// ErrExtraChunk or ErrBadChunk.
type ChunkError struct {
	// FileID is the file's id in extended JSON.
	FileID string
	// N is the number of the chunk expected where the problem was found.
	N int64
	// Detail says what was found instead.
	Detail string
	Err    error
}

// Error names the file, the chunk and the problem.
func (e *ChunkError) Error() string {
	return fmt.Sprintf("%v: file %s, chunk %d: %s", e.Err, e.FileID, e.N, e.Detail)
}

// Unwrap returns the sentinel that classifies the problem.
func (e *ChunkError) Unwrap() error { return e.Err }
