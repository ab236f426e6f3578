package bson

import (
	"reflect"
	"sync"
)

// Unmarshaler is implemented by types that decode themselves from BSON.
// UnmarshalBSON receives a copy of the value's bytes (a whole document for a
// document; the value bytes for other types, empty for null), which it may
// keep.
type Unmarshaler interface {
	UnmarshalBSON([]byte) error
}

// ValueUnmarshaler is implemented by types that decode themselves from any
// BSON value. UnmarshalBSONValue receives the type and a copy of the value
// bytes, which it may keep.
type ValueUnmarshaler interface {
	UnmarshalBSONValue(Type, []byte) error
}

// Unmarshal decodes the BSON document data into v, which must be a non-nil
// pointer (or a non-nil map), using the default registry.
//
// The whole input is validated first (lengths, terminators, types, UTF-8,
// nesting depth); malformed input gives a *DecodeError and leaves v
// untouched. A value that does not fit its Go type gives an *UnmarshalError
// naming the key path and both types.
//
// Into interface values (any, and the values of D, M and A) documents
// decode as D, arrays as A, int32 as int32, int64 as int64, double as
// float64, null as nil, and the other types as the BSON types of this
// package. When v is a *D, *M, *A, *[]any, *map[string]any or *any, the
// keys and strings of the result share one copy of data, and numbers share
// a few blocks of memory: decoding allocates a handful of times instead of
// once per value, and any retained part keeps its block alive. data itself
// is never referenced after Unmarshal returns.
func Unmarshal(data []byte, v any) error { return defaultRegistry.Unmarshal(data, v) }

// UnmarshalValue decodes one BSON value of type t, whose bytes are data,
// into v, using the default registry.
func UnmarshalValue(t Type, data []byte, v any) error {
	return defaultRegistry.UnmarshalValue(t, data, v)
}

// Unmarshal decodes the document r into v, like the package function.
func (r Raw) Unmarshal(v any) error { return Unmarshal(r, v) }

// Unmarshal decodes the value into v, like UnmarshalValue.
func (v RawValue) Unmarshal(into any) error { return UnmarshalValue(v.Type, v.Value, into) }

// Unmarshal is the package function Unmarshal using r.
func (r *Registry) Unmarshal(data []byte, v any) error {
	d := r.load().getDec(data)
	defer putDec(d)
	if err := d.scanTop(); err != nil {
		return err
	}
	return d.decodeTop(TypeEmbeddedDoc, v)
}

// UnmarshalValue is the package function UnmarshalValue using r.
func (r *Registry) UnmarshalValue(t Type, data []byte, v any) error {
	d := r.load().getDec(data)
	defer putDec(d)
	if err := d.scanValueTop(t); err != nil {
		return err
	}
	return d.decodeTop(t, v)
}

var decPool = sync.Pool{New: func() any { return new(decState) }}

func (s *regState) getDec(data []byte) *decState {
	d := decPool.Get().(*decState)
	d.s, d.doc, d.truncate = s, data, s.opts.AllowTruncatingDoubles
	return d
}

// putDec returns d to the pool keeping only its scratch table: the slabs
// and the shared string belong to the values it produced.
func putDec(d *decState) {
	if cap(d.keys) > maxPooledEntries || cap(d.counts) > maxPooledEntries {
		return // a huge document's tables would stay pinned in the pool
	}
	counts, keys := d.counts[:0], d.keys[:0]
	*d = decState{counts: counts, keys: keys}
	decPool.Put(d)
}

// maxPooledEntries bounds the scratch tables kept with a pooled decState.
const maxPooledEntries = 1 << 16

// decodeTop stores the validated value (t, d.doc) in v.
func (d *decState) decodeTop(t Type, v any) error {
	if u, ok := v.(Unmarshaler); ok && t == TypeEmbeddedDoc && !isNilPointer(reflect.ValueOf(v)) {
		return u.UnmarshalBSON(append([]byte(nil), d.doc...))
	}
	if d.s.fast && d.decodeTopFast(t, v) {
		return nil
	}
	if v == nil {
		return &UnmarshalError{Type: t, Err: ErrInvalidTarget}
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.Kind() == reflect.Map && !rv.IsNil():
		// The official driver accepts a map itself as the target.
	case rv.Kind() != reflect.Pointer || rv.IsNil():
		return &UnmarshalError{Type: t, GoType: rv.Type(), Err: ErrInvalidTarget}
	default:
		rv = rv.Elem()
	}
	d.setPure(rv.Type())
	return d.child(d.s.codecFor(rv.Type()), t, d.doc, rv)
}

// child decodes one value into v and then moves the cursors past the
// value's documents and keys, whether or not the decoder read them all (it
// may have skipped them, kept them raw, or failed).
func (d *decState) child(c *codec, t Type, b []byte, v reflect.Value) error {
	if !isDocish(t) {
		return c.dec(d, t, b, v)
	}
	ci, ki := d.ci, d.ki
	err := c.dec(d, t, b, v)
	d.ci, d.ki = ci+1+int(d.counts[ci].sub), ki+int(d.counts[ci].elems)
	return err
}

// skip moves the cursors past the document value at them.
func (d *decState) skip() {
	c := d.counts[d.ci]
	d.ci += 1 + int(c.sub)
	d.ki += int(c.elems)
}

// enterDoc consumes the count entry of the document at the cursor and
// returns its element count.
func (d *decState) enterDoc() int {
	n := d.counts[d.ci].n
	d.ci++
	return int(n)
}

// nextKey returns the offset of the NUL ending the next key, relative to
// base (the offset of the view being walked).
func (d *decState) nextKey(base int) int {
	ke := int(d.keys[d.ki]) - base
	d.ki++
	return ke
}
