package bson

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
)

// structField is one encoded field of a struct, compiled once per type.
type structField struct {
	name  string
	hdr   string // placeholder type byte, key, NUL: the element header
	index []int  // field index path; longer than 1 for inlined structs
	typ   reflect.Type
	c     *codec
	tag   structTag
}

// structInfo is the compiled layout of a struct type.
type structInfo struct {
	fields []structField  // in encoding order
	byName map[string]int // key → index into fields
	mapIdx []int          // index path of the inline map, nil if none
	mapTyp reflect.Type   // its type
}

// analyzeStruct lays out t's fields the way the official driver does:
// exported fields only, lower-cased names unless tagged, inline structs
// flattened, one inline map for the unmatched keys. When two fields share a
// key the shallower one wins; at the same depth it is an error.
func (s *regState) analyzeStruct(t reflect.Type) (*structInfo, error) {
	si := &structInfo{}
	fields, err := s.collectFields(t, nil, si, map[reflect.Type]bool{t: true})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(fields, func(a, b structField) int {
		return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(len(a.index), len(b.index)))
	})
	si.byName = make(map[string]int, len(fields))
	for i := 0; i < len(fields); {
		j := i + 1
		for j < len(fields) && fields[j].name == fields[i].name {
			j++
		}
		if j-i > 1 && len(fields[i].index) == len(fields[i+1].index) {
			return nil, &MarshalError{Path: fields[i].name, GoType: t, Err: ErrDuplicateField}
		}
		si.fields = append(si.fields, fields[i])
		i = j
	}
	slices.SortFunc(si.fields, func(a, b structField) int { return slices.Compare(a.index, b.index) })
	for i, f := range si.fields {
		si.byName[f.name] = i
	}
	return si, nil
}

// collectFields returns the fields of t (prefixed by the index path of t
// inside the outer struct), descending into inline structs.
func (s *regState) collectFields(t reflect.Type, prefix []int, si *structInfo, seen map[reflect.Type]bool) ([]structField, error) {
	var out []structField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := parseTag(sf)
		if tag.skip {
			continue
		}
		index := append(slices.Clip(prefix), i)
		if !tag.inline {
			if !validKey(tag.name) {
				return nil, &MarshalError{Path: tag.name, GoType: t, Err: ErrInvalidKey}
			}
			out = append(out, structField{
				name: tag.name, hdr: "\x00" + tag.name + "\x00", index: index,
				typ: sf.Type, c: s.codecLocked(sf.Type), tag: tag,
			})
			continue
		}
		inl, err := s.inlineField(t, sf, index, si, seen)
		if err != nil {
			return nil, err
		}
		out = append(out, inl...)
	}
	return out, nil
}

// inlineField handles a field tagged inline: a map collects the extra keys
// (only of the outermost struct, as in the official driver), a struct or a
// pointer to one is flattened.
func (s *regState) inlineField(t reflect.Type, sf reflect.StructField, index []int, si *structInfo, seen map[reflect.Type]bool) ([]structField, error) {
	ft := sf.Type
	switch {
	case ft.Kind() == reflect.Map:
		if ft.Key() != tString {
			return nil, marshalErr(t, fmt.Errorf("%w: inline map %s must have string keys", ErrInvalidTag, sf.Name))
		}
		if len(index) > 1 {
			return nil, nil
		}
		if si.mapIdx != nil {
			return nil, marshalErr(t, fmt.Errorf("%w: more than one inline map", ErrInvalidTag))
		}
		si.mapIdx, si.mapTyp = index, ft
		return nil, nil
	case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct:
		ft = ft.Elem()
	case ft.Kind() != reflect.Struct:
		return nil, marshalErr(t, fmt.Errorf("%w: inline field %s must be a struct, a pointer to one, or a map", ErrInvalidTag, sf.Name))
	}
	if seen[ft] {
		return nil, marshalErr(t, fmt.Errorf("%w: inline field %s inlines its own type", ErrInvalidTag, sf.Name))
	}
	seen[ft] = true
	defer delete(seen, ft)
	return s.collectFields(ft, index, si, seen)
}
