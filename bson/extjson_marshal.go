package bson

// MarshalExtJSON encodes v as Marshal does and returns the document as
// extended JSON: canonical when canonical is true, relaxed otherwise. With
// escapeHTML, the characters <, > and & in strings and keys are written as
// \u003c, \u003e and \u0026, as encoding/json does by default, so the output
// can be embedded in HTML.
func MarshalExtJSON(v any, canonical, escapeHTML bool) ([]byte, error) {
	doc, err := Marshal(v)
	if err != nil {
		return nil, err
	}
	// Marshal passes Raw values through as given; validating keeps
	// malformed bytes from reaching the writer.
	if err := Raw(doc).Validate(); err != nil {
		return nil, err
	}
	return extWriter{canonical: canonical, escapeHTML: escapeHTML}.appendDocument(nil, doc, false)
}

// UnmarshalExtJSON parses data as ParseExtJSON does (canonicalOnly when
// canonical is true) and decodes the document into v as Unmarshal does.
func UnmarshalExtJSON(data []byte, canonical bool, v any) error {
	doc, err := ParseExtJSON(nil, data, canonical)
	if err != nil {
		return err
	}
	return Unmarshal(doc, v)
}
