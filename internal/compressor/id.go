// Package compressor implements the wire compressors MongoDB negotiates in
// the handshake (OP_COMPRESSED): noop, snappy, zlib and zstd.
//
// Compression appends to a caller's buffer. Decompression never produces more
// than the caller's size limit, so a hostile peer cannot make it allocate
// beyond that limit (plus, for zstd, at most one block of slack).
//
// Everything here is safe for concurrent use: encoders and decoders are
// created once and shared (zstd) or pooled (zlib).
package compressor

import "strconv"

// ID is a compressor id as carried in the compressorId byte of OP_COMPRESSED.
type ID uint8

// The compressor ids assigned by the OP_COMPRESSED specification. Ids 4-255
// are reserved; Decompress rejects them.
const (
	Noop   ID = 0
	Snappy ID = 1
	Zlib   ID = 2
	Zstd   ID = 3
)

// String returns the handshake name of id ("noop", "snappy", "zlib", "zstd"),
// or "compressor(N)" for a reserved id.
func (id ID) String() string {
	switch id {
	case Noop:
		return "noop"
	case Snappy:
		return "snappy"
	case Zlib:
		return "zlib"
	case Zstd:
		return "zstd"
	}
	return "compressor(" + strconv.Itoa(int(id)) + ")"
}

// Known reports whether id is one of the four ids this package implements.
func (id ID) Known() bool { return id <= Zstd }

// ByName returns the id for a name used in the compressors URI option and in
// the handshake: "snappy", "zlib" or "zstd". Names are matched exactly, and
// "noop" is not accepted because it is not a compressor a client may offer.
func ByName(name string) (ID, bool) {
	switch name {
	case "snappy":
		return Snappy, true
	case "zlib":
		return Zlib, true
	case "zstd":
		return Zstd, true
	}
	return 0, false
}
