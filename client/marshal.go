package client

import (
	"errors"
	"fmt"

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
// as the first element when it has none (CRUD specification: "_id is
// generated first"). It returns the document and its _id, a view into it.
func withID(dst []byte, doc any) (bson.Raw, bson.RawValue, error) {
	var raw bson.Raw
	switch d := doc.(type) {
	case nil:
		return nil, bson.RawValue{}, fmt.Errorf("client: document: %w: nil", ErrInvalidArgument)
	case bson.Raw:
		raw = d
	default:
		b, err := bson.MarshalAppend(dst[len(dst):], doc)
		if err != nil {
			return nil, bson.RawValue{}, fmt.Errorf("client: document: %w", err)
		}
		raw = b
	}
	id, err := raw.LookupErr("_id")
	switch {
	case err == nil:
		return raw, id, nil
	case !errors.Is(err, bson.ErrElementNotFound):
		return nil, bson.RawValue{}, fmt.Errorf("client: document: %w", err)
	}
	out, start := bson.AppendDocumentStart(make([]byte, 0, len(raw)+17))
	out = bson.AppendObjectIDElement(out, "_id", bson.NewObjectID())
	out = append(out, raw[4:len(raw)-1]...)
	out = bson.AppendDocumentEnd(out, start)
	return out, bson.Raw(out).Lookup("_id"), nil
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
