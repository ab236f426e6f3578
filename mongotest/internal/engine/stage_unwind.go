package engine

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

func init() { stageParsers["$unwind"] = parseUnwind }

type unwindStage struct {
	path     []string
	index    []string // includeArrayIndex
	preserve bool
}

func (unwindStage) name() string { return "$unwind" }

func parseUnwind(_ *Env, _ string, spec bson.RawValue) (stage, error) {
	s := unwindStage{}
	pathV := spec
	if d, ok := spec.DocumentOK(); ok {
		pathV = d.Lookup("path")
		if err := s.options(d); err != nil {
			return nil, err
		}
	} else if spec.Type != bson.TypeString {
		return nil, errorf(15981, "expected either a string or an object as specification for $unwind stage, got %s", typeName(spec.Type))
	}
	p, ok := pathV.StringValueOK()
	switch {
	case pathV.Type == 0:
		return nil, errorf(28812, "no path specified to $unwind stage")
	case !ok:
		return nil, errorf(28808, "expected a string as the path for $unwind stage, got %s", typeName(pathV.Type))
	case !strings.HasPrefix(p, "$"):
		return nil, errorf(28818, "path option to $unwind stage should be prefixed with a '$': %s", p)
	}
	path, err := parseFieldPath(p[1:], true)
	if err != nil {
		return nil, err
	}
	s.path = path
	return s, nil
}

func (s *unwindStage) options(d bson.Raw) error {
	it := d.Iter()
	for it.Next() {
		v := it.Value()
		switch it.Key() {
		case "path":
		case "includeArrayIndex":
			idx, ok := v.StringValueOK()
			if !ok || idx == "" || strings.HasPrefix(idx, "$") {
				return errorf(28822, "includeArrayIndex option to $unwind stage should not be prefixed with a '$': %s", formatValue(v))
			}
			s.index = splitPath(idx)
		case "preserveNullAndEmptyArrays":
			if v.Type != bson.TypeBoolean {
				return errorf(28809, "expected a boolean for the preserveNullAndEmptyArrays option to $unwind stage, got %s", typeName(v.Type))
			}
			s.preserve = v.Boolean()
		default:
			return errorf(28811, "unrecognized option to $unwind stage: %s", it.Key())
		}
	}
	return nil
}

func (s unwindStage) run(_ *runCtx, in []bson.Raw) ([]bson.Raw, error) {
	var out []bson.Raw
	for _, d := range in {
		v := evalPath(valDoc(d), s.path)
		switch {
		case v.Type == bson.TypeArray && bson.RawArray(v.Value).Len() > 0:
			for i, e := range arrayValues(v) {
				out = append(out, s.withIndex(setPath(d, s.path, e), valInt64(int64(i))))
			}
		case v.Type == bson.TypeArray:
			if s.preserve {
				out = append(out, s.withIndex(setPath(d, s.path, bson.RawValue{}), valNull))
			}
		case isNullish(v):
			if s.preserve {
				out = append(out, s.withIndex(d, valNull))
			}
		default:
			out = append(out, s.withIndex(d, valNull))
		}
	}
	return out, nil
}

func (s unwindStage) withIndex(d bson.Raw, idx bson.RawValue) bson.Raw {
	if s.index == nil {
		return d
	}
	return setPath(d, s.index, idx)
}

// setPath returns d with the dotted path set to v (removed when v is
// missing), creating or replacing sub-documents along the way.
func setPath(d bson.Raw, path []string, v bson.RawValue) bson.Raw {
	f := fieldsOf(d)
	if len(path) == 1 {
		f.set(path[0], v)
		return f.doc()
	}
	sub := emptyDoc
	if cur, ok := f.get(path[0]).DocumentOK(); ok {
		sub = cur
	}
	f.set(path[0], valDoc(setPath(sub, path[1:], v)))
	return f.doc()
}
