package unified

import (
	"bytes"
	"encoding/hex"
	"math"
	"math/big"

	"github.com/cwal-go/cwal/bson"
)

// operator applies one $$ operator to act. root says whether a document
// act counts as root-level; operators that only wrap a value pass it on.
func (m *matcher) operator(op string, arg, act bson.RawValue, root bool) error {
	switch op {
	case "$$exists":
		return m.opExists(arg, act)
	case "$$unsetOrMatches":
		if act.IsZero() {
			return nil
		}
		return m.match(arg, act, root)
	case "$$placeholder":
		return m.badf("$$placeholder is not allowed in an expected value")
	}
	if act.IsZero() {
		return m.failf("value is missing; expected {%s: %s}", op, arg)
	}
	switch op {
	case "$$type":
		return m.opType(arg, act)
	case "$$matchesEntity":
		return m.opMatchesEntity(arg, act, root)
	case "$$matchesHexBytes":
		return m.opMatchesHexBytes(arg, act)
	case "$$sessionLsid":
		return m.opSessionLsid(arg, act)
	case "$$lte":
		return m.opLte(arg, act)
	case "$$matchAsDocument":
		return m.opMatchAsDocument(arg, act)
	case "$$matchAsRoot":
		return m.opMatchAsRoot(arg, act)
	}
	return m.badf("unknown special operator %s", op)
}

func (m *matcher) opExists(arg, act bson.RawValue) error {
	want, ok := arg.BooleanOK()
	if !ok {
		return m.badf("$$exists needs a boolean, got %s", describe(arg))
	}
	switch {
	case want && act.IsZero():
		return m.failf("field is missing; expected it to exist")
	case !want && !act.IsZero():
		return m.failf("expected no field, got %s", describe(act))
	}
	return nil
}

func (m *matcher) opType(arg, act bson.RawValue) error {
	names, err := typeNames(arg)
	if err != nil {
		return m.badf("$$type: %v", err)
	}
	for _, n := range names {
		ok, known := typeMatches(n, act.Type)
		if !known {
			return m.badf("$$type: unknown type name %q", n)
		}
		if ok {
			return nil
		}
	}
	return m.failf("expected type %s, got %s", arg, describe(act))
}

func (m *matcher) opMatchesEntity(arg, act bson.RawValue, root bool) error {
	name, ok := arg.StringValueOK()
	if !ok {
		return m.badf("$$matchesEntity needs an entity name, got %s", describe(arg))
	}
	if m.opts.Entities == nil {
		return m.badf("$$matchesEntity %q: no entities available", name)
	}
	want, err := m.opts.Entities.EntityValue(name)
	if err != nil {
		return &MatchError{Path: m.pathString(), Problem: "$$matchesEntity: " + err.Error(), Err: err}
	}
	return m.match(want, act, root)
}

func (m *matcher) opMatchesHexBytes(arg, act bson.RawValue) error {
	s, ok := arg.StringValueOK()
	if !ok {
		return m.badf("$$matchesHexBytes needs a hex string, got %s", describe(arg))
	}
	want, err := hex.DecodeString(s)
	if err != nil {
		return m.badf("$$matchesHexBytes: malformed hex %q: %v", s, err)
	}
	var got []byte
	if b, ok := act.BinaryOK(); ok {
		got = b.Data
	} else if sb, ok := act.StringBytes(); ok && act.Type == bson.TypeString {
		got = sb
	} else {
		return m.failf("expected bytes %s, got %s", s, describe(act))
	}
	if !bytes.Equal(want, got) {
		return m.failf("expected bytes %s, got %x", s, got)
	}
	return nil
}

func (m *matcher) opSessionLsid(arg, act bson.RawValue) error {
	name, ok := arg.StringValueOK()
	if !ok {
		return m.badf("$$sessionLsid needs a session entity name, got %s", describe(arg))
	}
	if m.opts.Entities == nil {
		return m.badf("$$sessionLsid %q: no entities available", name)
	}
	lsid, err := m.opts.Entities.SessionLsid(name)
	if err != nil {
		return &MatchError{Path: m.pathString(), Problem: "$$sessionLsid: " + err.Error(), Err: err}
	}
	if MatchExactly(docValue(lsid), act) != nil {
		return m.failf("expected the lsid of session %q %s, got %s", name, lsid, describe(act))
	}
	return nil
}

func (m *matcher) opLte(arg, act bson.RawValue) error {
	if !isFlexNumber(arg.Type) {
		return m.badf("$$lte needs a number, got %s", describe(arg))
	}
	if !isFlexNumber(act.Type) {
		return m.failf("expected a number <= %s, got %s", arg, describe(act))
	}
	if c, ok := compareNumbers(act, arg); !ok || c > 0 {
		return m.failf("expected a number <= %s, got %s", arg, describe(act))
	}
	return nil
}

func (m *matcher) opMatchAsDocument(arg, act bson.RawValue) error {
	s, ok := act.StringValueOK()
	if !ok {
		return m.failf("$$matchAsDocument needs an extended JSON string, got %s", describe(act))
	}
	doc, err := bson.ParseExtJSON(nil, []byte(s), false)
	if err != nil {
		return m.failf("$$matchAsDocument: %q is not an extended JSON document: %v", s, err)
	}
	return m.match(arg, docValue(doc), false)
}

func (m *matcher) opMatchAsRoot(arg, act bson.RawValue) error {
	if arg.Type != bson.TypeEmbeddedDoc {
		return m.badf("$$matchAsRoot needs a document, got %s", describe(arg))
	}
	if act.Type != bson.TypeEmbeddedDoc {
		return m.failf("$$matchAsRoot needs a document, got %s", describe(act))
	}
	return m.match(arg, act, true)
}

// isFlexNumber reports the numeric types that compare by value; Decimal128
// is not one of them.
func isFlexNumber(t bson.Type) bool {
	return t == bson.TypeInt32 || t == bson.TypeInt64 || t == bson.TypeDouble
}

// compareNumbers compares two int32, int64 or double values exactly (an
// int64 beyond 2^53 is not rounded); ok is false if either is NaN.
func compareNumbers(a, b bson.RawValue) (c int, ok bool) {
	ai, aInt := integerOf(a)
	bi, bInt := integerOf(b)
	if aInt && bInt {
		switch {
		case ai < bi:
			return -1, true
		case ai > bi:
			return 1, true
		}
		return 0, true
	}
	x, okx := exactNumber(a)
	y, oky := exactNumber(b)
	if !okx || !oky {
		return 0, false
	}
	return x.Cmp(y), true
}

// exactNumber returns v as a big.Float without rounding, or false for NaN.
func exactNumber(v bson.RawValue) (*big.Float, bool) {
	if n, ok := integerOf(v); ok {
		return new(big.Float).SetInt64(n), true
	}
	f, _ := v.AsFloat64OK()
	if math.IsNaN(f) {
		return nil, false
	}
	return new(big.Float).SetFloat64(f), true
}

func integerOf(v bson.RawValue) (int64, bool) {
	switch v.Type {
	case bson.TypeInt32:
		return int64(v.Int32()), true
	case bson.TypeInt64:
		return v.Int64(), true
	}
	return 0, false
}
