package unified

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/cwal-go/cwal/bson"
)

// FormatError reports a test file that does not follow the unified test
// format: Path is a JSON path into the file such as
// "$.tests[2].operations[0].name".
type FormatError struct {
	File    string
	Path    string
	Problem string
}

// Error returns "unified: file: path: problem".
func (e *FormatError) Error() string {
	if e.File == "" {
		return "unified: " + e.Path + ": " + e.Problem
	}
	return "unified: " + e.File + ": " + e.Path + ": " + e.Problem
}

// decoder keeps the first problem found while a file is decoded, so each
// step can carry on without checking errors and the caller reports one
// precise error.
type decoder struct {
	err *FormatError
}

func (d *decoder) failf(path, format string, args ...any) {
	if d.err == nil {
		d.err = &FormatError{Path: path, Problem: fmt.Sprintf(format, args...)}
	}
}

// object is one JSON object of the file whose keys are checked against the
// ones the format allows (the schema sets additionalProperties: false).
type object struct {
	d     *decoder
	path  string
	m     map[string]json.RawMessage
	known map[string]bool
}

func (d *decoder) object(path string, raw json.RawMessage) *object {
	o := &object{d: d, path: path, known: map[string]bool{}}
	if jsonKind(raw) != '{' {
		d.failf(path, "expected an object, got %s", kindName(raw))
		return o
	}
	if err := json.Unmarshal(raw, &o.m); err != nil {
		d.failf(path, "invalid JSON: %v", err)
	}
	return o
}

func (o *object) at(key string) string { return o.path + "." + key }

// raw returns the value of key, marking key as allowed.
func (o *object) raw(key string) (json.RawMessage, bool) {
	o.known[key] = true
	r, ok := o.m[key]
	return r, ok
}

func (o *object) has(key string) bool { _, ok := o.m[key]; return ok }

func (o *object) require(keys ...string) {
	for _, k := range keys {
		if !o.has(k) {
			o.d.failf(o.path, "missing required field %q", k)
		}
	}
}

// allow marks keys as permitted without reading them.
func (o *object) allow(keys ...string) {
	for _, k := range keys {
		o.known[k] = true
	}
}

// close reports the first key that no reader asked for, in sorted order so
// the error is stable.
func (o *object) close() {
	var extra []string
	for k := range o.m {
		if !o.known[k] {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		o.d.failf(o.path, "unknown field %q", extra[0])
	}
}

func (o *object) str(key string) string {
	r, ok := o.raw(key)
	if !ok {
		return ""
	}
	var s string
	if jsonKind(r) != '"' || json.Unmarshal(r, &s) != nil {
		o.d.failf(o.at(key), "expected a string, got %s", kindName(r))
	}
	return s
}

func (o *object) enum(key string, allowed ...string) string {
	s := o.str(key)
	if s != "" || o.has(key) {
		checkEnum(o.d, o.at(key), s, allowed)
	}
	return s
}

func checkEnum(d *decoder, path, s string, allowed []string) {
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	d.failf(path, "%q is not one of %q", s, allowed)
}

func (o *object) boolPtr(key string) *bool {
	r, ok := o.raw(key)
	if !ok {
		return nil
	}
	var b bool
	if k := jsonKind(r); (k != 't' && k != 'f') || json.Unmarshal(r, &b) != nil {
		o.d.failf(o.at(key), "expected a boolean, got %s", kindName(r))
	}
	return &b
}

func (o *object) boolean(key string) bool {
	p := o.boolPtr(key)
	return p != nil && *p
}

// integer reads a JSON integer (an integral number, or a $numberInt or
// $numberLong wrapper).
func (o *object) integer(key string) *int64 {
	r, ok := o.raw(key)
	if !ok {
		return nil
	}
	v := o.d.value(o.at(key), r)
	if n, ok := integralValue(v); ok {
		return &n
	}
	o.d.failf(o.at(key), "expected an integer, got %s", kindName(r))
	return nil
}

func integralValue(v bson.RawValue) (int64, bool) {
	switch v.Type {
	case bson.TypeInt32, bson.TypeInt64:
		return v.AsInt64OK()
	case bson.TypeDouble:
		f := v.Double()
		if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f), true
		}
	}
	return 0, false
}

// document reads an object as one BSON document, keeping its key order.
func (o *object) document(key string) bson.Raw {
	r, ok := o.raw(key)
	if !ok {
		return nil
	}
	return o.d.document(o.at(key), r)
}

// value reads any JSON value as BSON; the zero RawValue means absent.
func (o *object) value(key string) bson.RawValue {
	r, ok := o.raw(key)
	if !ok {
		return bson.RawValue{}
	}
	return o.d.value(o.at(key), r)
}

func (o *object) array(key string, minItems int) []json.RawMessage {
	r, ok := o.raw(key)
	if !ok {
		return nil
	}
	return o.d.array(o.at(key), r, minItems)
}

func (o *object) strings(key string, minItems int, allowed ...string) []string {
	items := o.array(key, minItems)
	out := make([]string, 0, len(items))
	for i, it := range items {
		var s string
		p := fmt.Sprintf("%s[%d]", o.at(key), i)
		if jsonKind(it) != '"' || json.Unmarshal(it, &s) != nil {
			o.d.failf(p, "expected a string, got %s", kindName(it))
			continue
		}
		if len(allowed) > 0 {
			checkEnum(o.d, p, s, allowed)
		}
		out = append(out, s)
	}
	return out
}

func (d *decoder) array(path string, raw json.RawMessage, minItems int) []json.RawMessage {
	var items []json.RawMessage
	if jsonKind(raw) != '[' || json.Unmarshal(raw, &items) != nil {
		d.failf(path, "expected an array, got %s", kindName(raw))
		return nil
	}
	if len(items) < minItems {
		d.failf(path, "expected at least %d item(s), got %d", minItems, len(items))
	}
	if items == nil {
		items = []json.RawMessage{}
	}
	return items
}

func (d *decoder) document(path string, raw json.RawMessage) bson.Raw {
	if jsonKind(raw) != '{' {
		d.failf(path, "expected an object, got %s", kindName(raw))
		return nil
	}
	doc, err := bson.ParseExtJSON(nil, raw, false)
	if err != nil {
		d.failf(path, "extended JSON: %v", err)
		return nil
	}
	return doc
}

// value parses any JSON value by wrapping it as {"v": value}, since the
// extended JSON parser reads only documents.
func (d *decoder) value(path string, raw json.RawMessage) bson.RawValue {
	buf := make([]byte, 0, len(raw)+6)
	buf = append(buf, `{"v":`...)
	buf = append(buf, raw...)
	buf = append(buf, '}')
	doc, err := bson.ParseExtJSON(nil, buf, false)
	if err != nil {
		d.failf(path, "extended JSON: %v", err)
		return bson.RawValue{}
	}
	return bson.Raw(doc).Lookup("v")
}

// jsonKind returns the first significant byte of a JSON value: '{', '[',
// '"', 't', 'f', 'n', or '0' for numbers; 0 when empty.
func jsonKind(raw json.RawMessage) byte {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return 0
	}
	switch c := raw[0]; c {
	case '{', '[', '"', 't', 'f', 'n':
		return c
	}
	return '0'
}

func kindName(raw json.RawMessage) string {
	switch jsonKind(raw) {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '0':
		n := string(bytes.TrimSpace(raw))
		if len(n) > 32 {
			n = n[:32] + "…"
		}
		return "the number " + n
	}
	return "nothing"
}
