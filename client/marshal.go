package client

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// emptyDoc is {}: the filter of "every document".
var emptyDoc = bson.Raw{5, 0, 0, 0, 0}

// marshalDoc encodes v, a document (struct, map, bson.D, bson.Raw...), for
// the named parameter. nil gives nil: the parameter is not sent.
func marshalDoc(name string, v any) (bson.Raw, error) {
	switch d := v.(type) {
	case nil:
		return nil, nil
	case bson.Raw:
		return d, nil
	case []byte:
		return bson.Raw(d), nil
	}
	b, err := bson.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("client: %s: %w", name, err)
	}
	return b, nil
}

// marshalFilter is marshalDoc where nil means {}.
func marshalFilter(v any) (bson.Raw, error) {
	d, err := marshalDoc("filter", v)
	if d == nil && err == nil {
		d = emptyDoc
	}
	return d, err
}

// marshalValue encodes any value (a comment, a hint, an update given as a
// document or a pipeline). nil gives the zero RawValue: not sent.
func marshalValue(name string, v any) (bson.RawValue, error) {
	switch x := v.(type) {
	case nil:
		return bson.RawValue{}, nil
	case bson.RawValue:
		return x, nil
	case bson.Raw:
		return operation.DocValue(x), nil
	case string:
		return operation.StringValue(x), nil
	}
	t, b, err := bson.MarshalValue(v)
	if err != nil {
		return bson.RawValue{}, fmt.Errorf("client: %s: %w", name, err)
	}
	return bson.RawValue{Type: t, Value: b}, nil
}

// marshalArray encodes v, a slice of documents (a pipeline, array
// filters); nil gives nil.
func marshalArray(name string, v any) (bson.RawArray, error) {
	if v == nil {
		return nil, nil
	}
	rv, err := marshalValue(name, v)
	if err != nil {
		return nil, err
	}
	a, ok := rv.ArrayOK()
	if !ok {
		return nil, fmt.Errorf("client: %s: %w: want an array, got %s", name, ErrInvalidArgument, rv.Type)
	}
	return a, nil
}

// withID encodes doc and makes sure it has an _id, generating an ObjectID
// first when it has none (CRUD specification: the driver generates it so
// that it can report it). A bson.Raw is used as it is when it has an _id.
// Any encoding is appended to buf, when not nil, which may grow (the
// document is a view into it); else to a new buffer.
func withID(buf *[]byte, doc any) (bson.Raw, bson.RawValue, error) {
	if r, ok := doc.(bson.Raw); ok {
		id, err := r.LookupErr("_id")
		if err == nil {
			return r, id, nil
		}
		if !errors.Is(err, bson.ErrElementNotFound) {
			return nil, bson.RawValue{}, fmt.Errorf("client: document: %w", err)
		}
	}
	var dst []byte
	if buf != nil {
		dst = *buf
	}
	dst, start, err := appendWithID(dst, doc)
	if buf != nil {
		*buf = dst
	}
	if err != nil {
		return nil, bson.RawValue{}, err
	}
	raw := bson.Raw(dst[start:])
	return raw, raw.Lookup("_id"), nil
}

// idElementLen is the size of an ObjectID element named _id.
const idElementLen = 1 + len("_id\x00") + len(bson.ObjectID{})

// appendWithID appends doc to dst with an _id, returning the buffer and
// where the document starts in it. The document is encoded once, in
// place: it is marshaled after idElementLen spare bytes, and when it has
// no _id those bytes become its new length and a generated _id element,
// which the old length header is overwritten by, so nothing is copied.
func appendWithID(dst []byte, doc any) ([]byte, int, error) {
	if doc == nil {
		return dst, 0, fmt.Errorf("client: document: %w: nil", ErrInvalidArgument)
	}
	start := len(dst)
	dst = append(dst, make([]byte, idElementLen)...)
	dst, err := bson.MarshalAppend(dst, doc)
	if err != nil {
		return dst[:start], 0, fmt.Errorf("client: document: %w", err)
	}
	raw := bson.Raw(dst[start+idElementLen:])
	_, err = raw.LookupErr("_id")
	switch {
	case err == nil:
		return dst, start + idElementLen, nil
	case !errors.Is(err, bson.ErrElementNotFound):
		return dst[:start], 0, fmt.Errorf("client: document: %w", err)
	}
	binary.LittleEndian.PutUint32(dst[start:], uint32(len(raw)+idElementLen))
	bson.AppendObjectIDElement(dst[start+4:start+4], "_id", bson.NewObjectID())
	return dst, start, nil
}

// marshalDocs encodes n documents, each with an _id, into one buffer: its
// growth is amortized over the whole batch (and sized from the first
// document), where a buffer per document would grow from nothing each
// time. The documents and their ids are views into that buffer.
func marshalDocs(n int, doc func(i int) any) ([]bson.Raw, []bson.RawValue, error) {
	raws := make([]bson.Raw, n)
	ids := make([]bson.RawValue, n)
	starts := make([]int, n)
	var buf []byte
	for i := 0; i < n; i++ {
		d := doc(i)
		if r, ok := d.(bson.Raw); ok {
			raw, _, err := withID(nil, r)
			if err != nil {
				return nil, nil, fmt.Errorf("documents[%d]: %w", i, err)
			}
			raws[i], starts[i] = raw, -1
			continue
		}
		var err error
		buf, starts[i], err = appendWithID(buf, d)
		if err != nil {
			return nil, nil, fmt.Errorf("documents[%d]: %w", i, err)
		}
		if i == 0 && n > 1 {
			buf = slices.Grow(buf, (len(buf)+idElementLen)*(n-1))
		}
	}
	for i, s := range starts {
		if s >= 0 {
			size := int(binary.LittleEndian.Uint32(buf[s:]))
			raws[i] = bson.Raw(buf[s : s+size : s+size])
		}
		ids[i] = raws[i].Lookup("_id")
	}
	return raws, ids, nil
}

// marshaler encodes several options, keeping the first error.
type marshaler struct{ err error }

func (m *marshaler) doc(name string, v any) bson.Raw {
	d, err := marshalDoc(name, v)
	if m.err == nil {
		m.err = err
	}
	return d
}

func (m *marshaler) value(name string, v any) bson.RawValue {
	rv, err := marshalValue(name, v)
	if m.err == nil {
		m.err = err
	}
	return rv
}

func (m *marshaler) array(name string, v any) bson.RawArray {
	a, err := marshalArray(name, v)
	if m.err == nil {
		m.err = err
	}
	return a
}

func (m *marshaler) filter(v any) bson.Raw {
	d, err := marshalFilter(v)
	if m.err == nil {
		m.err = err
	}
	return d
}
