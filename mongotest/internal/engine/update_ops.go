package engine

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// initOp checks and pre-parses the argument of one operator.
func (u *Update) initOp(op *updateOp) error {
	switch op.name {
	case "$inc", "$mul":
		if !isNumber(op.arg) {
			verb := map[string]string{"$inc": "increment", "$mul": "multiply"}[op.name]
			return errorf(CodeTypeMismatch, "Cannot %s with non-numeric argument: %s", verb, formatElem(op.path, op.arg))
		}
	case "$pop":
		n, ok := numExactInt64(op.arg)
		if !isNumber(op.arg) || !ok || (n != 1 && n != -1) {
			return failedToParse("$pop expects 1 or -1, found: %s", formatValue(op.arg))
		}
	case "$pullAll":
		if op.arg.Type != bson.TypeArray {
			return badValue("$pullAll requires an array argument but was given a %s", typeName(op.arg.Type))
		}
	case "$rename":
		return checkRename(op.path, op.arg)
	case "$currentDate":
		return initCurrentDate(op)
	case "$push", "$addToSet":
		spec, err := parsePushSpec(op.name, op.arg, u.env)
		op.push = spec
		return err
	case "$pull":
		spec, err := parsePullSpec(op.arg, u.env)
		op.pull = spec
		return err
	case "$bit":
		return checkBit(op.arg)
	}
	return nil
}

func checkRename(from string, arg bson.RawValue) error {
	to, ok := arg.StringValueOK()
	if !ok {
		return badValue("The 'to' field for $rename must be a string: %s: %s", from, formatValue(arg))
	}
	switch {
	case strings.Contains(from, "$"):
		return badValue("The source field for $rename may not be dynamic: %s", from)
	case strings.Contains(to, "$"):
		return badValue("The destination field for $rename may not be dynamic: %s", to)
	case to == "":
		return errorf(CodeEmptyFieldName, "An empty update path is not valid.")
	case from == to:
		return badValue("The source and target field for $rename must differ: %s: %s", from, formatValue(arg))
	case strings.HasPrefix(to, from+".") || strings.HasPrefix(from, to+"."):
		return badValue("The source and target field for $rename must not be on the same path: %s: %s", from, formatValue(arg))
	}
	return checkUpdatePath(to)
}

func initCurrentDate(op *updateOp) error {
	if op.arg.Type == bson.TypeBoolean {
		return nil
	}
	d, ok := op.arg.DocumentOK()
	if !ok {
		return badValue("%s is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).", typeName(op.arg.Type))
	}
	it := d.Iter()
	for it.Next() {
		if it.Key() != "$type" {
			return badValue("Unrecognized $currentDate option: %s", it.Key())
		}
		switch it.Value().StringValue() {
		case "timestamp":
			op.ts = true
		case "date":
		default:
			return badValue("The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}")
		}
	}
	return nil
}

// leaf applies one operator at parent.name; existing is its current value
// or nil.
func (a *applyCtx) leaf(op *updateOp, parent *node, name string, existing *node, full []string) error {
	if op.name == "" || op.name == "$setOnInsert" && !a.insert {
		return nil // a $rename source placeholder, or $setOnInsert on update
	}
	if err := a.record(full); err != nil {
		return err
	}
	if op.name == "$rename" {
		return a.rename(op, parent, name, full)
	}
	v, remove, err := a.compute(op, existing, full)
	if err != nil || (v.Type == 0 && !remove) {
		return err
	}
	if remove {
		return a.remove(parent, name, existing)
	}
	if existing != nil && sameValue(existing.value(), v) {
		return nil
	}
	return a.place(parent, name, nodeFromValue(v), full[:len(full)-1])
}

// remove unsets a field; an array element becomes null, as on the server.
func (a *applyCtx) remove(parent *node, name string, existing *node) error {
	if existing == nil {
		return nil
	}
	if parent.isArray() {
		i, _ := arrayIndex(name)
		parent.asArr().vals[i] = leafNode(valNull)
		return nil
	}
	parent.asDoc().remove(name)
	return nil
}

// compute returns the new value of the field, or remove=true to unset it;
// a zero value without remove means no change.
func (a *applyCtx) compute(op *updateOp, existing *node, full []string) (bson.RawValue, bool, error) {
	var cur bson.RawValue
	if existing != nil {
		cur = existing.value()
	}
	switch op.name {
	case "$set", "$setOnInsert":
		return op.arg, false, nil
	case "$unset":
		return bson.RawValue{}, true, nil
	case "$inc", "$mul":
		v, err := a.arith(op, cur, full)
		return v, false, err
	case "$min", "$max":
		return minMaxUpdate(op, cur, a.u.env.Collation), false, nil
	case "$currentDate":
		return a.currentDate(op), false, nil
	case "$push", "$addToSet":
		v, err := a.push(op, cur, full)
		return v, false, err
	case "$pop", "$pull", "$pullAll":
		v, err := a.cull(op, cur, full)
		return v, false, err
	case "$rename":
		return a.renameSource(op)
	case "$bit":
		v, err := a.bit(op, cur, full)
		return v, false, err
	}
	return bson.RawValue{}, false, badValue("unsupported update operator %s", op.name)
}

func (a *applyCtx) arith(op *updateOp, cur bson.RawValue, full []string) (bson.RawValue, error) {
	if cur.Type == 0 {
		if op.name == "$inc" {
			return op.arg, nil
		}
		return zeroOfType(op.arg.Type), nil
	}
	if !isNumber(cur) {
		return bson.RawValue{}, errorf(CodeTypeMismatch, "Cannot apply %s to a value of non-numeric type. %s has the field '%s' of non-numeric type %s", op.name, formatIDOf(a.orig), full[len(full)-1], typeName(cur.Type))
	}
	kind := opAdd
	if op.name == "$mul" {
		kind = opMul
	}
	v, ok := numArith(kind, cur, op.arg, true)
	if !ok {
		return bson.RawValue{}, badValue("Failed to apply %s operations to current value (%s) for document %s", op.name, formatTypedNumber(cur), formatIDOf(a.orig))
	}
	return v, nil
}

// zeroOfType is what $mul stores in a missing field: zero of the
// argument's type.
func zeroOfType(t bson.Type) bson.RawValue {
	switch t {
	case bson.TypeInt64:
		return valInt64(0)
	case bson.TypeDouble:
		return valDouble(0)
	case bson.TypeDecimal128:
		return valDecimal(decFromInt(0))
	}
	return valInt32(0)
}

// formatTypedNumber renders "(NumberInt)42" as in overflow messages.
func formatTypedNumber(v bson.RawValue) string {
	prefix := map[bson.Type]string{bson.TypeInt32: "(NumberInt)", bson.TypeInt64: "(NumberLong)", bson.TypeDouble: "(NumberDouble)", bson.TypeDecimal128: "(NumberDecimal)"}[v.Type]
	s := formatValue(v)
	if v.Type == bson.TypeDecimal128 {
		s = v.Decimal128().String()
	}
	return prefix + s
}

func minMaxUpdate(op *updateOp, cur bson.RawValue, c *Collation) bson.RawValue {
	if cur.Type == 0 {
		return op.arg
	}
	x := Compare(op.arg, cur, c)
	if (op.name == "$min" && x < 0) || (op.name == "$max" && x > 0) {
		return op.arg
	}
	return bson.RawValue{}
}

func (a *applyCtx) currentDate(op *updateOp) bson.RawValue {
	env := a.u.env
	if !op.ts {
		return valDate(env.Now.UnixMilli())
	}
	ts := env.ClusterTime
	if ts.T == 0 {
		ts = bson.Timestamp{T: uint32(env.Now.Unix()), I: 1}
	}
	return valTimestamp(ts)
}
