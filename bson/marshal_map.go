package bson

import (
	"slices"
	"strings"
)

// Maps are written with their keys in sorted order, so that the same map
// always encodes to the same bytes (the official driver uses Go's random map
// order).

func cmpKey(a, b E) int { return strings.Compare(a.Key, b.Key) }

// appendMapAny encodes M and map[string]any. The pairs are sorted in
// e.scratch, which nested maps share: each map uses the part above the
// length it found and truncates back when done.
func (e *encState) appendMapAny(dst []byte, m map[string]any) (Type, []byte, error) {
	if m == nil && !e.s.opts.NilMapAsEmpty {
		return TypeNull, dst, nil
	}
	if err := e.enter(); err != nil {
		return 0, dst, err
	}
	base := len(e.scratch)
	for k, v := range m {
		e.scratch = append(e.scratch, E{Key: k, Value: v})
	}
	end := len(e.scratch)
	if end-base > 1 {
		slices.SortFunc(e.scratch[base:end], cmpKey)
	}
	dst, start := AppendDocumentStart(dst)
	var err error
	for i := base; i < end && err == nil; i++ {
		dst, err = e.appendElement(dst, e.scratch[i].Key, e.scratch[i].Value)
	}
	clear(e.scratch[base:end])
	e.scratch = e.scratch[:base]
	if err != nil {
		return 0, dst, err
	}
	e.depth--
	return TypeEmbeddedDoc, AppendDocumentEnd(dst, start), nil
}

// appendElement appends one element: header, value, patched type byte.
func (e *encState) appendElement(dst []byte, key string, v any) ([]byte, error) {
	dst, pos, ok := appendKey(dst, key)
	if !ok {
		return dst, &MarshalError{Path: key, Err: ErrInvalidKey}
	}
	t, out, err := e.appendAny(dst, v)
	if err != nil {
		return dst, withPath(err, key, true)
	}
	out[pos] = byte(t)
	return out, nil
}
