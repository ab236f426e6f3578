package logging

import (
	"unicode/utf8"

	"github.com/cwal-go/cwal/bson"
)

// Ellipsis marks a truncated document; it does not count toward the
// maximum length.
const Ellipsis = "..."

// FormatDocument returns doc as relaxed extended JSON, truncated by
// Truncate to max bytes. Malformed BSON gives a short description of the
// error instead, so a bad reply still leaves a trace in the log.
func FormatDocument(doc bson.Raw, max int) string {
	if len(doc) == 0 {
		return "{}"
	}
	// The whole document is rendered before cutting: bson offers no
	// bounded writer, so this is O(document) rather than O(max).
	out, err := bson.AppendExtJSON(make([]byte, 0, len(doc)+len(doc)/2), doc, false)
	if err != nil {
		return "<invalid BSON: " + err.Error() + ">"
	}
	return Truncate(string(out), max)
}

// Truncate returns s when it is at most max bytes long; otherwise its
// longest prefix of at most max bytes that ends on a UTF-8 character
// boundary, followed by Ellipsis. A max of 0 or less keeps nothing but the
// ellipsis for a non-empty s.
func Truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	if max < 0 {
		max = 0
	}
	i := max
	// Step back over continuation bytes so a multi-byte character is
	// never split (at most utf8.UTFMax-1 steps for valid UTF-8).
	for i > 0 && i > max-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	if !utf8.RuneStart(s[i]) {
		i = max // invalid UTF-8 in s: cut where asked
	}
	return s[:i] + Ellipsis
}
