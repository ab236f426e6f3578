package engine

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// $rename and $bit.

// renameSource finds the value $rename moves; a zero value when the source
// does not resolve, which leaves everything alone. Neither end of a rename
// may lie inside an array.
func (a *applyCtx) renameSource(op *updateOp) (bson.RawValue, bool, error) {
	n, arrayField := a.resolve(splitPath(op.from))
	if n == nil {
		return bson.RawValue{}, false, nil
	}
	if arrayField != "" {
		return bson.RawValue{}, false, a.renameArrayErr("source", op.from, arrayField)
	}
	to := splitPath(op.path)
	parent, arrayField := a.resolve(to[:len(to)-1])
	if arrayField == "" && parent != nil && parent.isArray() {
		arrayField = to[len(to)-2]
	}
	if arrayField != "" {
		return bson.RawValue{}, false, a.renameArrayErr("destination", op.path, arrayField)
	}
	return n.value(), false, nil
}

func (a *applyCtx) renameArrayErr(role, path, arrayField string) error {
	id := "no id"
	if v := a.orig.Lookup("_id"); v.Type != 0 {
		id = formatElemSpaced("_id", v)
	}
	return badValue("The %s field cannot be an array element, '%s' in doc with %s has an array field called '%s'", role, path, id, arrayField)
}

// resolve follows parts through documents and, by index, arrays. It
// returns the node found (nil when the path does not resolve completely)
// and the name of the first array crossed.
func (a *applyCtx) resolve(parts []string) (*node, string) {
	cur, arrayField, prev := a.root, "", ""
	for _, p := range parts {
		if cur.isArray() && arrayField == "" {
			arrayField = prev
		}
		next := cur.child(p)
		if next == nil {
			return nil, arrayField
		}
		cur, prev = next, p
	}
	return cur, arrayField
}

// detachRenameSource removes the source field once the target is written.
func (a *applyCtx) detachRenameSource(op *updateOp) error {
	parts := splitPath(op.from)
	parent, _ := a.resolve(parts[:len(parts)-1])
	if parent != nil && parent.isDoc() {
		parent.asDoc().remove(parts[len(parts)-1])
	}
	return nil
}

// rename moves the source value to the target, which is where the op sits.
func (a *applyCtx) rename(op *updateOp, parent *node, name string, full []string) error {
	v, _, err := a.renameSource(op)
	if err != nil || v.Type == 0 {
		return err
	}
	if err := a.detachRenameSource(op); err != nil {
		return err
	}
	return a.place(parent, name, nodeFromValue(v), full[:len(full)-1])
}

func checkBit(arg bson.RawValue) error {
	d, ok := arg.DocumentOK()
	if !ok {
		return badValue("The $bit modifier is not compatible with a %s. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}", typeName(arg.Type))
	}
	if d.Len() == 0 {
		return badValue("You must pass in at least one bitwise operation. The format is: {$bit: {field: {and/or/xor: #}}")
	}
	it := d.Iter()
	for it.Next() {
		k, v := it.Key(), it.Value()
		if k != "and" && k != "or" && k != "xor" {
			return badValue("The $bit modifier only supports 'and', 'or', and 'xor', not '%s' which is an unknown operator: %s", k, formatElem(k, v))
		}
		if v.Type != bson.TypeInt32 && v.Type != bson.TypeInt64 {
			return badValue("The $bit modifier field must be an Integer(32/64 bit); a '%s' is not supported here: %s", typeName(v.Type), formatElem(k, v))
		}
	}
	return nil
}

func (a *applyCtx) bit(op *updateOp, cur bson.RawValue, full []string) (bson.RawValue, error) {
	res := valInt32(0)
	if cur.Type != 0 {
		if cur.Type != bson.TypeInt32 && cur.Type != bson.TypeInt64 {
			return bson.RawValue{}, badValue("Cannot apply $bit to a value of non-integral type.%s has the field %s of non-integer type %s", strings.Trim(formatIDOf(a.orig), "{}"), full[len(full)-1], typeName(cur.Type))
		}
		res = cur
	}
	it := bson.Raw(op.arg.Value).Iter()
	for it.Next() {
		x, y := numInt64(res), numInt64(it.Value())
		var r int64
		switch it.Key() {
		case "and":
			r = x & y
		case "or":
			r = x | y
		default:
			r = x ^ y
		}
		if res.Type == bson.TypeInt64 || it.Value().Type == bson.TypeInt64 {
			res = valInt64(r)
		} else {
			res = valInt32(int32(r))
		}
	}
	return res, nil
}
