package bson

import (
	"reflect"
	"time"
)

type zeroer interface{ IsZero() bool }

// structInfoFor analyses t once per registry state (buildMu held).
func (s *regState) structInfoFor(t reflect.Type) (*structInfo, error) {
	if s.structs == nil {
		s.structs = map[reflect.Type]structResult{}
	}
	if r, ok := s.structs[t]; ok {
		return r.si, r.err
	}
	si, err := s.analyzeStruct(t)
	s.structs[t] = structResult{si, err}
	return si, err
}

type structResult struct {
	si  *structInfo
	err error
}

func (s *regState) structEncoder(t reflect.Type) encodeFunc {
	si, err := s.structInfoFor(t)
	if err != nil {
		return errEncoder(err)
	}
	var mapElems mapElemsFunc
	if si.mapIdx != nil {
		mapElems = s.mapElems(si.mapTyp)
	}
	taken := func(k string) bool { _, ok := si.byName[k]; return ok }
	return func(e *encState, dst []byte, v reflect.Value) (Type, []byte, error) {
		if err := e.enter(); err != nil {
			return 0, dst, err
		}
		dst, start := AppendDocumentStart(dst)
		dst, err := e.appendFields(dst, si, v)
		if err != nil {
			return 0, dst, err
		}
		if mapElems != nil {
			if mv := v.FieldByIndex(si.mapIdx); !mv.IsNil() {
				if dst, err = mapElems(e, dst, mv, taken); err != nil {
					return 0, dst, err
				}
			}
		}
		e.depth--
		return TypeEmbeddedDoc, AppendDocumentEnd(dst, start), nil
	}
}

// appendFields appends the elements of the struct fields of v.
func (e *encState) appendFields(dst []byte, si *structInfo, v reflect.Value) ([]byte, error) {
	omitAll := e.s.opts.OmitEmpty
	for i := range si.fields {
		f := &si.fields[i]
		fv, ok := fieldForEncode(v, f.index)
		if !ok {
			continue
		}
		if (f.tag.omitEmpty || omitAll) && f.c.empty(e, fv) {
			continue
		}
		if f.tag.omitZero && isZeroForOmit(fv) {
			continue
		}
		pos := len(dst)
		dst = append(dst, f.hdr...)
		saved := e.minSize
		e.minSize = saved || f.tag.minSize
		t, out, err := f.c.enc(e, dst, fv)
		e.minSize = saved
		if err != nil {
			return dst, withPath(err, f.name, true)
		}
		dst = out
		dst[pos] = byte(t)
	}
	return dst, nil
}

// fieldForEncode follows an index path; a nil embedded pointer on the way
// means the inlined fields are absent, and they are skipped.
func fieldForEncode(v reflect.Value, index []int) (reflect.Value, bool) {
	if len(index) == 1 {
		return v.Field(index[0]), true
	}
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// isZeroForOmit is the omitzero test: the type's IsZero method when it has
// one, else the Go zero value.
func isZeroForOmit(v reflect.Value) bool {
	if isNilPointer(v) {
		return true
	}
	if z, ok := ifaceOf(v).(zeroer); ok {
		return z.IsZero()
	}
	return v.IsZero()
}

// emptyFunc compiles the omitempty test of the official driver: IsZero()
// for types that have it, length zero for strings, slices, maps and arrays,
// never for other structs (unless OmitZeroStruct), the zero value otherwise.
func emptyFunc(t reflect.Type) func(*encState, reflect.Value) bool {
	if t.Implements(tZeroer) {
		return func(_ *encState, v reflect.Value) bool {
			if isNilPointer(v) {
				return true
			}
			return ifaceOf(v).(zeroer).IsZero()
		}
	}
	switch t.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return func(_ *encState, v reflect.Value) bool { return v.Len() == 0 }
	case reflect.Interface:
		return func(_ *encState, v reflect.Value) bool { return v.IsNil() }
	case reflect.Struct:
		return func(e *encState, v reflect.Value) bool {
			return e.s.opts.OmitZeroStruct && emptyStruct(v)
		}
	}
	return func(_ *encState, v reflect.Value) bool { return v.IsZero() }
}

// emptyStruct is the OmitZeroStruct test: every exported field empty.
func emptyStruct(v reflect.Value) bool {
	t := v.Type()
	if t == tTime {
		return valueAs[time.Time](v).IsZero()
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() && !sf.Anonymous {
			continue
		}
		if !emptyDeep(v.Field(i)) {
			return false
		}
	}
	return true
}

func emptyDeep(v reflect.Value) bool {
	if v.Kind() != reflect.Pointer || !v.IsNil() {
		if v.CanInterface() {
			if z, ok := ifaceOf(v).(zeroer); ok {
				return z.IsZero()
			}
		}
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Struct:
		return emptyStruct(v)
	}
	return v.IsZero()
}
