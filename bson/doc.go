// Package bson encodes and decodes BSON, the binary document format of
// MongoDB, and its text form, MongoDB Extended JSON v2.
//
// # Three ways to work with documents
//
//   - Go values: Marshal and Unmarshal convert between BSON and structs,
//     maps, slices and the document types D (ordered), M (unordered) and A
//     (array). Struct fields follow `bson:"name,omitempty,omitzero,inline"`
//     tags; untagged fields use their lower-cased name, as the official Go
//     driver does, so the two produce the same bytes.
//   - Views: Raw, RawValue and RawArray read encoded bytes in place. Lookup,
//     Path and Iter never copy and never allocate; Validate checks a whole
//     document once. Values read from a view share its memory.
//   - Appenders: AppendDocumentStart, the AppendXElement functions and
//     AppendDocumentEnd build a document into a caller's buffer, the way
//     strconv.AppendInt does, for hot paths that know their shape.
//
// # Errors
//
// Malformed input never panics. Readers report a *DecodeError naming the
// byte offset, the key when known, and the problem; nesting is limited to
// MaxNestingDepth levels.
package bson
