package engine_test

import (
	"errors"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

// Matching of actual values against the expectations of the unified test
// format: extra fields are allowed in root documents only, numbers compare
// by value, and the $$ operators this runner understands are $$exists,
// $$type, $$unsetOrMatches and $$lte.

// errUnsupportedExpectation marks an expectation the runner cannot check.
var errUnsupportedExpectation = errors.New("unsupported expectation operator")

func expectMatch(exp, act bson.RawValue, root bool) error {
	if d, ok := exp.DocumentOK(); ok {
		if op, arg, special := specialOp(d); special {
			return matchSpecial(op, arg, act, root)
		}
		ad, ok := act.DocumentOK()
		if !ok {
			return fmt.Errorf("expected document %s, got %s", render(exp), render(act))
		}
		return expectDoc(d, ad, root)
	}
	if exp.Type == bson.TypeArray {
		if act.Type != bson.TypeArray {
			return fmt.Errorf("expected array %s, got %s", render(exp), render(act))
		}
		ev, av := mustValues(exp), mustValues(act)
		if len(ev) != len(av) {
			return fmt.Errorf("expected %d elements %s, got %d: %s", len(ev), render(exp), len(av), render(act))
		}
		for i := range ev {
			// The documents of a result array are root documents.
			if err := expectMatch(ev[i], av[i], root); err != nil {
				return fmt.Errorf("element %d: %w", i, err)
			}
		}
		return nil
	}
	return expectScalar(exp, act)
}

func expectScalar(exp, act bson.RawValue) error {
	if isNum(exp.Type) && isNum(act.Type) && exp.Type != bson.TypeDecimal128 && act.Type != bson.TypeDecimal128 {
		if engine.Compare(exp, act, nil) == 0 {
			return nil
		}
	} else if exp.Type == act.Type && string(exp.Value) == string(act.Value) {
		return nil
	}
	return fmt.Errorf("expected %s, got %s", render(exp), render(act))
}

func isNum(t bson.Type) bool {
	return t == bson.TypeInt32 || t == bson.TypeInt64 || t == bson.TypeDouble || t == bson.TypeDecimal128
}

func specialOp(d bson.Raw) (string, bson.RawValue, bool) {
	it := d.Iter()
	if !it.Next() {
		return "", bson.RawValue{}, false
	}
	k, v := it.Key(), it.Value()
	if len(k) < 2 || k[:2] != "$$" || it.Next() {
		return "", bson.RawValue{}, false
	}
	return k, v, true
}

func expectDoc(exp, act bson.Raw, root bool) error {
	it := exp.Iter()
	for it.Next() {
		k, ev := it.Key(), it.Value()
		av := act.Lookup(k)
		if d, ok := ev.DocumentOK(); ok {
			if op, arg, special := specialOp(d); special && (op == "$$exists" || op == "$$unsetOrMatches") {
				if err := matchPresence(op, arg, av); err != nil {
					return fmt.Errorf("field %s: %w", k, err)
				}
				continue
			}
		}
		if av.Type == 0 {
			return fmt.Errorf("field %s missing, expected %s", k, render(ev))
		}
		if err := expectMatch(ev, av, false); err != nil {
			return fmt.Errorf("field %s: %w", k, err)
		}
	}
	if root {
		return nil
	}
	ai := act.Iter()
	for ai.Next() {
		if exp.Lookup(ai.Key()).Type == 0 {
			return fmt.Errorf("unexpected field %s: %s", ai.Key(), render(ai.Value()))
		}
	}
	return nil
}

func matchPresence(op string, arg, av bson.RawValue) error {
	if op == "$$exists" {
		if want := arg.Boolean(); want != (av.Type != 0) {
			return fmt.Errorf("$$exists %v, got %s", want, render(av))
		}
		return nil
	}
	if av.Type == 0 {
		return nil
	}
	return expectMatch(arg, av, false)
}

func matchSpecial(op string, arg, act bson.RawValue, root bool) error {
	switch op {
	case "$$unsetOrMatches":
		return expectMatch(arg, act, root)
	case "$$type":
		names := []bson.RawValue{arg}
		if arg.Type == bson.TypeArray {
			names = mustValues(arg)
		}
		for _, n := range names {
			if typeAlias(act.Type) == n.StringValue() {
				return nil
			}
		}
		return fmt.Errorf("$$type %s, got %s", render(arg), render(act))
	case "$$lte":
		if isNum(act.Type) && engine.Compare(act, arg, nil) <= 0 {
			return nil
		}
		return fmt.Errorf("$$lte %s, got %s", render(arg), render(act))
	}
	return fmt.Errorf("%w %s", errUnsupportedExpectation, op)
}

func typeAlias(t bson.Type) string {
	return map[bson.Type]string{
		bson.TypeDouble: "double", bson.TypeString: "string", bson.TypeEmbeddedDoc: "object",
		bson.TypeArray: "array", bson.TypeBinary: "binData", bson.TypeObjectID: "objectId",
		bson.TypeBoolean: "bool", bson.TypeDateTime: "date", bson.TypeNull: "null",
		bson.TypeRegex: "regex", bson.TypeInt32: "int", bson.TypeTimestamp: "timestamp",
		bson.TypeInt64: "long", bson.TypeDecimal128: "decimal",
	}[t]
}
