package bson

import (
	"reflect"
	"strings"
	"unicode/utf8"
)

func (s *regState) structDecoder(t reflect.Type) decodeFunc {
	si, err := s.structInfoFor(t)
	if err != nil {
		return errDecoder(err)
	}
	var inline *codec
	if si.mapIdx != nil {
		inline = s.codecLocked(si.mapTyp.Elem())
	}
	return func(d *decState, bt Type, b []byte, v reflect.Value) error {
		switch {
		case bt == TypeEmbeddedDoc:
		case isNullish(bt):
			v.SetZero()
			return nil
		default:
			return mismatch(bt, v.Type())
		}
		if d.s.opts.ZeroStructs {
			v.SetZero()
		}
		return d.decodeStruct(si, inline, b, v)
	}
}

// decodeStruct decodes the elements of document b into the fields of v.
// Keys without a field go to the inline map if there is one and are
// skipped otherwise; fields without a key keep their values.
func (d *decState) decodeStruct(si *structInfo, inline *codec, b []byte, v reflect.Value) error {
	n := d.enterDoc()
	base := d.offsetOf(b)
	hint := 0
	for i, p := 0, 4; i < n; i++ {
		t := Type(b[p])
		ke := d.nextKey(base)
		key := b[p+1 : ke]
		n := trustedLen(t, b, ke+1)
		val := b[ke+1 : ke+1+n]
		p = ke + 1 + n
		f := si.lookup(key, &hint)
		var err error
		switch {
		case f != nil:
			err = d.decodeField(f, t, val, v)
		case inline != nil:
			err = d.decodeInline(si, inline, key, t, val, v)
		case isDocish(t):
			d.skip()
		}
		if err != nil {
			return withPath(err, string(key), false)
		}
	}
	return nil
}

// lookup finds the field of a key. Documents usually list the fields in
// struct order, so the field after the previous match is tried first.
// Like the official driver, a key with no exact match is tried in lower case.
func (si *structInfo) lookup(key []byte, hint *int) *structField {
	if h := *hint; h < len(si.fields) && si.fields[h].name == string(key) {
		*hint = h + 1
		return &si.fields[h]
	}
	i, ok := si.byName[string(key)]
	if !ok && hasUpper(key) {
		i, ok = si.byName[strings.ToLower(string(key))]
	}
	if !ok {
		return nil
	}
	*hint = i + 1
	return &si.fields[i]
}

func hasUpper(b []byte) bool {
	for _, c := range b {
		if ('A' <= c && c <= 'Z') || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

func (d *decState) decodeField(f *structField, t Type, val []byte, v reflect.Value) error {
	fv := fieldForDecode(v, f.index)
	// The official driver decodes into what a non-nil pointer held by an
	// interface field points at, keeping its type.
	if fv.Kind() == reflect.Interface && !fv.IsNil() {
		if pv := fv.Elem(); pv.Kind() == reflect.Pointer && !pv.IsNil() {
			return d.child(d.s.codecFor(pv.Type().Elem()), t, val, pv.Elem())
		}
	}
	saved := d.truncate
	d.truncate = saved || f.tag.truncate
	err := d.child(f.c, t, val, fv)
	d.truncate = saved
	return err
}

// fieldForDecode follows an index path, allocating nil embedded pointers.
func fieldForDecode(v reflect.Value, index []int) reflect.Value {
	if len(index) == 1 {
		return v.Field(index[0])
	}
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// decodeInline stores an unmatched key in the inline map.
func (d *decState) decodeInline(si *structInfo, elem *codec, key []byte, t Type, val []byte, v reflect.Value) error {
	m := v.FieldByIndex(si.mapIdx)
	if m.IsNil() {
		m.Set(reflect.MakeMap(si.mapTyp))
	}
	ev := reflect.New(si.mapTyp.Elem()).Elem()
	if err := d.child(elem, t, val, ev); err != nil {
		return err
	}
	m.SetMapIndex(reflect.ValueOf(string(key)), ev)
	return nil
}
