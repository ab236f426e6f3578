package compressor

import "errors"

// Causes carried by *Error; test for them with errors.Is.
var (
	// ErrUnknown means the compressor id is reserved (4-255).
	ErrUnknown = errors.New("unknown compressor id")
	// ErrTooLarge means the data decompresses to more than the caller's limit,
	// or the input is too large to compress.
	ErrTooLarge = errors.New("size exceeds the limit")
	// ErrLevel means a zlib level outside -1..9.
	ErrLevel = errors.New("zlib level must be in -1..9")
)

// Error reports a failed compression or decompression: which compressor,
// which direction, and why. Err is one of the sentinels above or the
// underlying library's error (corrupt input, bad checksum).
type Error struct {
	ID  ID
	Op  string // "compress", "decompress" or "new"
	Err error
}

func (e *Error) Error() string {
	return "compressor: " + e.ID.String() + " " + e.Op + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }
