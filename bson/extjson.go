package bson

import "strconv"

// Extended JSON v2 is MongoDB's text form of BSON (specification
// "extended-json"). Canonical mode keeps every BSON type through type
// wrappers such as {"$numberInt": "1"}; relaxed mode writes numbers and
// recent dates as plain JSON and is meant for people, not round trips.
//
// The functions here translate directly between BSON bytes and JSON text,
// with no intermediate D, so they see every BSON type exactly as stored.

// AppendExtJSON appends doc as one extended JSON object to dst: canonical
// extended JSON when canonical is true, relaxed otherwise. Keys keep their
// BSON order, the output has no insignificant whitespace, non-ASCII text is
// written as UTF-8, and regular-expression options are written sorted. doc is
// validated first; on malformed BSON it returns dst unchanged and a
// *DecodeError.
func AppendExtJSON(dst []byte, doc Raw, canonical bool) ([]byte, error) {
	if err := doc.Validate(); err != nil {
		return dst, err
	}
	out, err := extWriter{canonical: canonical}.appendDocument(dst, doc, false)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// AppendExtJSONValue appends v as one extended JSON value (a JSON string,
// number, literal, array or object) to dst, as AppendExtJSON does for a
// document. On malformed bytes it returns dst unchanged and an error.
func AppendExtJSONValue(dst []byte, v RawValue, canonical bool) ([]byte, error) {
	if err := v.Validate(); err != nil {
		return dst, err
	}
	out, err := extWriter{canonical: canonical}.appendValue(dst, v)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// String returns r as relaxed extended JSON. It never panics: for a
// malformed document it returns a short marker holding the error.
func (r Raw) String() string {
	b, err := AppendExtJSON(nil, r, false)
	if err != nil {
		return "<malformed BSON document: " + err.Error() + ">"
	}
	return string(b)
}

// String returns v as relaxed extended JSON. It never panics: for a zero or
// malformed value it returns a short marker holding the error.
func (v RawValue) String() string {
	b, err := AppendExtJSONValue(nil, v, false)
	if err != nil {
		return "<malformed BSON value: " + err.Error() + ">"
	}
	return string(b)
}

// ParseExtJSON parses one extended JSON object from data and appends it to
// dst as one BSON document, written directly without an intermediate value.
// The object may be followed only by whitespace; a top-level array or
// scalar is an error.
//
// It accepts canonical and relaxed extended JSON v2 and, unless
// canonicalOnly is set, the legacy forms {"$regex": string, "$options":
// string} and {"$binary": string, "$type": string}. {"$uuid": ...} is read in
// both modes. With canonicalOnly, the relaxed forms (bare JSON numbers and
// ISO-8601 $date strings) are errors and $regex, $options and $type are
// ordinary keys, so MongoDB query operators keep their meaning. A $date
// holding a bare number, a legacy form some tools write, is refused in both
// modes, as the bson-corpus requires.
//
// Bare numbers become int32 when they are integers that fit, else int64,
// else double. Objects with keys starting with "$" that are not type
// wrappers (including DBRefs) become ordinary documents, but an object that
// holds a type-wrapper key must be exactly that wrapper. Nesting deeper than
// MaxNestingDepth documents is refused.
//
// On error it returns dst unchanged and an *ExtJSONError naming the byte
// offset in data and the problem.
func ParseExtJSON(dst []byte, data []byte, canonicalOnly bool) ([]byte, error) {
	p := extParser{data: data, canonicalOnly: canonicalOnly}
	out, err := p.parseTop(dst)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// ExtJSONError reports extended JSON that cannot be parsed.
type ExtJSONError struct {
	Offset int    // byte offset in the JSON text where the problem was found
	Msg    string // what is wrong
	Err    error  // the underlying error, such as a *Decimal128Error, or nil
}

// Error names the offset and the problem.
func (e *ExtJSONError) Error() string {
	return "bson: invalid extended JSON at offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// Unwrap returns the underlying error, if any.
func (e *ExtJSONError) Unwrap() error { return e.Err }
