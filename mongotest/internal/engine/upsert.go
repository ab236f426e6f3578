package engine

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// Upsert builds the document an upsert inserts when its filter matched
// nothing: the equality conditions of the filter (top level and inside
// $and; {a: 1}, {a: {$eq: 1}}, {"a.b": 1}) make the base document, the
// update is applied to it with $setOnInsert in effect, and _id comes first,
// generated when neither filter nor update supplies it. A replacement is
// inserted as given with the filter's _id when it has none.
func (u *Update) Upsert(filter bson.Raw) (bson.Raw, error) {
	base, err := upsertBase(filter)
	if err != nil {
		return nil, err
	}
	var out bson.Raw
	if u.kind == UpdateReplacement {
		out, err = u.applyReplacement(base, true)
	} else {
		out, err = u.apply(base, -1, true)
	}
	if err != nil {
		return nil, err
	}
	id := out.Lookup("_id")
	if id.Type == 0 {
		id = bson.RawValue{Type: bson.TypeObjectID, Value: bson.AppendObjectID(nil, u.env.newID())}
	}
	out = withIDFirst(out, id)
	return out, checkStorage(out)
}

// upsertBase collects the equality conditions of filter into a document.
func upsertBase(filter bson.Raw) (bson.Raw, error) {
	root := emptyDocNode()
	var seen []string
	if err := collectEqualities(filter, root, &seen); err != nil {
		return nil, err
	}
	return root.asDoc().appendTo(nil), nil
}

func collectEqualities(filter bson.Raw, root *node, seen *[]string) error {
	it := filter.Iter()
	for it.Next() {
		k, v := it.Key(), it.Value()
		if k == "$and" && v.Type == bson.TypeArray {
			for _, c := range arrayValues(v) {
				if d, ok := c.DocumentOK(); ok {
					if err := collectEqualities(d, root, seen); err != nil {
						return err
					}
				}
			}
			continue
		}
		eq, ok := equalityValue(k, v)
		if !ok {
			continue
		}
		if err := addEquality(root, k, eq, seen); err != nil {
			return err
		}
	}
	return nil
}

// equalityValue returns the value {k: v} pins k to, if any.
func equalityValue(k string, v bson.RawValue) (bson.RawValue, bool) {
	if strings.HasPrefix(k, "$") || v.Type == bson.TypeRegex {
		return bson.RawValue{}, false
	}
	if d, ok := v.DocumentOK(); ok && isOperatorDoc(d) {
		eq := d.Lookup("$eq")
		if eq.Type == 0 || d.Len() != 1 {
			return bson.RawValue{}, false
		}
		return eq, true
	}
	return v, true
}

func addEquality(root *node, path string, v bson.RawValue, seen *[]string) error {
	for _, s := range *seen {
		switch {
		case s == path:
			return errorf(CodeNotSingleValueField, "cannot infer query fields to set, path '%s' is matched twice", path)
		case strings.HasPrefix(s, path+".") || strings.HasPrefix(path, s+"."):
			return errorf(CodeNotSingleValueField, "cannot infer query fields to set, both paths '%s' and '%s' are matched", path, s)
		}
	}
	*seen = append(*seen, path)
	parts := splitPath(path)
	cur := root
	for _, p := range parts[:len(parts)-1] {
		next := cur.asDoc().get(p)
		if next == nil {
			next = emptyDocNode()
			cur.asDoc().set(p, next)
		}
		if !next.isDoc() {
			return nil
		}
		cur = next
	}
	cur.asDoc().set(parts[len(parts)-1], leafNode(v))
	return nil
}
