package bson

import (
	"reflect"
	"sync"
)

// Marshaler is implemented by types that encode themselves as a BSON
// document. MarshalBSON returns the whole document, length prefix included.
type Marshaler interface {
	MarshalBSON() ([]byte, error)
}

// ValueMarshaler is implemented by types that encode themselves as any BSON
// value. MarshalBSONValue returns the type and the value bytes.
type ValueMarshaler interface {
	MarshalBSONValue() (Type, []byte, error)
}

// encState is the state of one Marshal call.
type encState struct {
	s       *regState
	minSize bool // the minsize tag (or IntMinSize) is in force
	depth   int
	scratch []E // sorting space for map keys, shared by nested maps
}

var encPool = sync.Pool{New: func() any { return new(encState) }}

// bufPool holds output buffers for Marshal, which copies the result out, so
// a steady stream of Marshal calls allocates once per call.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// maxPooledBuf bounds the buffers kept in bufPool so one huge document does
// not pin its buffer forever.
const maxPooledBuf = 1 << 20

func (s *regState) getEnc() *encState {
	e := encPool.Get().(*encState)
	e.s, e.minSize, e.depth = s, s.opts.IntMinSize, 0
	return e
}

func putEnc(e *encState) {
	if cap(e.scratch) > maxPooledEntries {
		return
	}
	clear(e.scratch[:cap(e.scratch)])
	e.scratch, e.s = e.scratch[:0], nil
	encPool.Put(e)
}

// Marshal encodes v as a BSON document using the default registry. v is a
// struct or a pointer to one, D, M, a map with string (or integer, or
// encoding.TextMarshaler) keys, Raw, a Marshaler, or anything a registered
// encoder turns into a document. See the package documentation for how Go
// types map to BSON.
func Marshal(v any) ([]byte, error) { return defaultRegistry.Marshal(v) }

// MarshalAppend is Marshal appending to dst. With a dst of enough capacity
// it does not allocate for D, M and structs of plain fields.
func MarshalAppend(dst []byte, v any) ([]byte, error) {
	return defaultRegistry.MarshalAppend(dst, v)
}

// MarshalValue encodes v as a single BSON value and returns its type and
// bytes.
func MarshalValue(v any) (Type, []byte, error) { return defaultRegistry.MarshalValue(v) }

// AppendValue is MarshalValue appending the value bytes to dst.
func AppendValue(dst []byte, v any) (Type, []byte, error) {
	return defaultRegistry.AppendValue(dst, v)
}

// Marshal is the package function Marshal using r.
func (r *Registry) Marshal(v any) ([]byte, error) {
	bp := bufPool.Get().(*[]byte)
	buf, err := r.MarshalAppend((*bp)[:0], v)
	var out []byte
	if err == nil {
		out = append([]byte(nil), buf...)
	}
	if cap(buf) <= maxPooledBuf {
		*bp = buf[:0]
		bufPool.Put(bp)
	}
	return out, err
}

// MarshalAppend is the package function MarshalAppend using r.
func (r *Registry) MarshalAppend(dst []byte, v any) ([]byte, error) {
	t, out, err := r.AppendValue(dst, v)
	if err != nil {
		return dst, err
	}
	if t == TypeNull && v != nil && reflect.TypeOf(v).Kind() == reflect.Map {
		// A nil map at the top is an empty document, as in the official driver.
		return append(out, 5, 0, 0, 0, 0), nil
	}
	if t != TypeEmbeddedDoc {
		return dst, marshalErr(reflect.TypeOf(v), ErrNotDocument)
	}
	return out, nil
}

// MarshalValue is the package function MarshalValue using r.
func (r *Registry) MarshalValue(v any) (Type, []byte, error) {
	return r.AppendValue(nil, v)
}

// AppendValue is the package function AppendValue using r.
func (r *Registry) AppendValue(dst []byte, v any) (Type, []byte, error) {
	e := r.load().getEnc()
	t, out, err := e.appendAny(dst, v)
	putEnc(e)
	if err != nil {
		return 0, dst, err
	}
	return t, out, nil
}
