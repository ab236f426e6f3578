package bson

import (
	"reflect"
)

// The reflection-side decoders of the interface-holding types (D, M, A,
// []any, map[string]any, any). With the default codecs they hand over to the
// fast readers; when a registration overrides a built-in type (the
// registry is not "fast"), every value goes through codecFor instead, so
// the override is honoured inside documents too.

// anyValue decodes the value (t, b) as an interface value.
func (d *decState) anyValue(t Type, b []byte) (any, error) {
	if d.s.fast {
		x, _ := d.readAny(t, d.offsetOf(b))
		return x, nil
	}
	return d.anySlow(t, b)
}

// anySlow decodes through the codec of the default Go type of t.
func (d *decState) anySlow(t Type, b []byte) (any, error) {
	gt := d.defaultType(t)
	if gt == nil {
		return nil, nil
	}
	nv := reflect.New(gt).Elem()
	if err := d.child(d.s.codecFor(gt), t, b, nv); err != nil {
		return nil, err
	}
	x := nv.Interface()
	if bin, ok := x.(Binary); ok && d.s.opts.BinaryAsSlice &&
		(bin.Subtype == BinaryGeneric || bin.Subtype == BinaryBinaryOld) {
		return bin.Data, nil
	}
	return x, nil
}

// defaultGoTypes maps BSON types to the Go types interface values get.
var defaultGoTypes = map[Type]reflect.Type{
	TypeDouble: reflect.TypeFor[float64](), TypeString: tString, TypeEmbeddedDoc: tD,
	TypeArray: tA, TypeBinary: tBinary, TypeUndefined: tUndefined, TypeObjectID: tObjectID,
	TypeBoolean: reflect.TypeFor[bool](), TypeDateTime: tDateTime, TypeRegex: tRegex,
	TypeDBPointer: tDBPointer, TypeJavaScript: tJavaScript, TypeSymbol: tSymbol,
	TypeCodeWithScope: tCodeWithScope, TypeInt32: reflect.TypeFor[int32](),
	TypeTimestamp: tTimestamp, TypeInt64: reflect.TypeFor[int64](),
	TypeDecimal128: tDecimal128, TypeMinKey: tMinKey, TypeMaxKey: tMaxKey,
}

func (d *decState) defaultType(t Type) reflect.Type {
	if t == TypeEmbeddedDoc && d.s.opts.DocumentsAsM {
		return tM
	}
	return defaultGoTypes[t] // nil for null
}

// elemsSlow walks the elements of the document (or array) b, calling fn
// with each key, type and value view. It consumes the document's entry in
// the count table; fn must decode doc-ish values through d.child.
func (d *decState) elemsSlow(b []byte, fn func(key []byte, t Type, val []byte) error) error {
	cnt := d.enterDoc()
	base := d.offsetOf(b)
	for i, p := 0, 4; i < cnt; i++ {
		t := Type(b[p])
		ke := d.nextKey(base)
		n := trustedLen(t, b, ke+1)
		if err := fn(b[p+1:ke], t, b[ke+1:ke+1+n]); err != nil {
			return withPath(err, string(b[p+1:ke]), false)
		}
		p = ke + 1 + n
	}
	return nil
}

// decodeD decodes a document into a D (or a named []E type).
func decodeD(d *decState, t Type, b []byte, v reflect.Value) error {
	if isNullish(t) {
		v.SetZero()
		return nil
	}
	if t != TypeEmbeddedDoc {
		return mismatch(t, v.Type())
	}
	if d.s.fast {
		setAs(v, d.readD(d.offsetOf(b)))
		return nil
	}
	out := D{}
	err := d.elemsSlow(b, func(key []byte, t Type, val []byte) error {
		x, err := d.anySlow(t, val)
		out = append(out, E{Key: d.strAt(d.offsetOf(key), d.offsetOf(key)+len(key)), Value: x})
		return err
	})
	setAs(v, out)
	return err
}

// decodeA decodes an array into an A or []any.
func decodeA(d *decState, t Type, b []byte, v reflect.Value) error {
	if isNullish(t) {
		v.SetZero()
		return nil
	}
	if t != TypeArray {
		return mismatch(t, v.Type())
	}
	if d.s.fast {
		setAs(v, []any(d.readA(d.offsetOf(b))))
		return nil
	}
	out := []any{}
	err := d.elemsSlow(b, func(_ []byte, t Type, val []byte) error {
		x, err := d.anySlow(t, val)
		out = append(out, x)
		return err
	})
	setAs(v, out)
	return err
}

// decodeMapAny decodes a document into M or map[string]any, adding to a
// non-nil map as the official driver does (ZeroMaps empties it first).
func decodeMapAny(d *decState, t Type, b []byte, v reflect.Value) error {
	if isNullish(t) {
		if v.CanSet() {
			v.SetZero()
		}
		return nil
	}
	if t != TypeEmbeddedDoc {
		return mismatch(t, v.Type())
	}
	m := valueAs[map[string]any](v)
	if d.s.fast {
		m = d.readM(d.offsetOf(b), m)
	} else {
		if m == nil {
			m = map[string]any{}
		} else if d.s.opts.ZeroMaps {
			clear(m)
		}
		err := d.elemsSlow(b, func(key []byte, t Type, val []byte) error {
			x, err := d.anySlow(t, val)
			m[string(key)] = x
			return err
		})
		if err != nil {
			return err
		}
	}
	if v.CanSet() {
		setAs(v, m)
	}
	return nil
}

// setAs stores x in v, whose type has T's underlying type.
func setAs[T any](v reflect.Value, x T) {
	pt := reflect.TypeFor[*T]()
	p := v.Addr()
	if p.Type() != pt {
		p = p.Convert(pt)
	}
	*p.Interface().(*T) = x
}
