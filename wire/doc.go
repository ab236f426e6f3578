// Package wire frames MongoDB wire protocol messages: the header, OP_MSG
// with its body and document-sequence sections, flag bits and CRC-32C
// checksum, OP_COMPRESSED, and the legacy OP_QUERY / OP_REPLY pair that a
// server needs to answer an old client's first hello.
//
// # Writing
//
// Encoders append to a buffer the caller keeps and reuses. An OP_MSG is
// built in place: BeginMsg, AppendBodySection, then for each document
// sequence BeginSequence, AppendSequenceDocument per document and
// EndSequence, and finally FinishMsg, which writes the length, adds the
// checksum if asked, and refuses a message that would not parse. Streaming
// any number of documents into a sequence costs no allocation beyond the
// buffer's growth. AppendMsg does all of it for a body-only command.
//
// To compress, wrap the finished message with AppendCompressed, unless
// ShouldCompress says the command must travel uncompressed.
//
// # Reading
//
// ReadMessage reads one message into a reused buffer, refusing a declared
// length above the size limit before allocating. Dispatch on the header's
// opcode: AppendDecompressed unwraps OP_COMPRESSED into the original
// message; ParseMsg, ParseQuery and ParseReply return views into the bytes
// (bson.Raw documents, allocation-free document iterators), valid until the
// buffer is reused.
//
// Parsers check framing, not document contents: every length is within
// bounds and every document ends in 0x00, so iterating cannot run off the
// end; the bson package validates what is inside. Malformed input yields a
// *MessageError naming the offset, the field and the problem, classified by
// ErrTruncated, ErrTooLarge, ErrMalformed, ErrChecksum or ErrUnsupported.
// Nothing in this package panics on bad input.
//
// Buffers are not shared: the functions are safe for concurrent use on
// different buffers. NextRequestID is safe for concurrent use.
package wire
