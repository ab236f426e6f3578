package unified

import (
	"bytes"
	"fmt"
	"math"

	"github.com/cwal-go/cwal/bson"
)

func (m *matcher) matchScalar(exp, act bson.RawValue) error {
	if act.IsZero() {
		return m.failf("value is missing; expected %s", describe(exp))
	}
	if !m.exact && isFlexNumber(exp.Type) && isFlexNumber(act.Type) {
		if c, ok := compareNumbers(exp, act); (ok && c == 0) || (!ok && bothNaN(exp, act)) {
			return nil
		}
		return m.failf("expected %s, got %s", describe(exp), describe(act))
	}
	if exp.Type != act.Type {
		return m.failf("expected %s, got %s", describe(exp), describe(act))
	}
	if exp.Type == bson.TypeCodeWithScope {
		return m.matchCodeWithScope(exp, act)
	}
	if exp.Type == bson.TypeDouble && exp.Double() == act.Double() {
		return nil // 0.0 and -0.0 are equal
	}
	if !bytes.Equal(exp.Value, act.Value) && !bothNaN(exp, act) {
		return m.failf("expected %s, got %s", describe(exp), describe(act))
	}
	return nil
}

func bothNaN(a, b bson.RawValue) bool {
	x, okx := a.DoubleOK()
	y, oky := b.DoubleOK()
	return okx && oky && math.IsNaN(x) && math.IsNaN(y)
}

// matchCodeWithScope compares code and scope; the scope must match exactly
// except for key order, as the format requires for documents held inside
// other types.
func (m *matcher) matchCodeWithScope(exp, act bson.RawValue) error {
	ec, es, _ := exp.CodeWithScopeOK()
	ac, as, ok := act.CodeWithScopeOK()
	if !ok || ec != ac || MatchExactly(docValue(es), docValue(as)) != nil {
		return m.failf("expected %s, got %s", describe(exp), describe(act))
	}
	return nil
}

// typeAliases maps the $type query operator's names to BSON types.
var typeAliases = map[string][]bson.Type{
	"double":              {bson.TypeDouble},
	"string":              {bson.TypeString},
	"object":              {bson.TypeEmbeddedDoc},
	"array":               {bson.TypeArray},
	"binData":             {bson.TypeBinary},
	"undefined":           {bson.TypeUndefined},
	"objectId":            {bson.TypeObjectID},
	"bool":                {bson.TypeBoolean},
	"date":                {bson.TypeDateTime},
	"null":                {bson.TypeNull},
	"regex":               {bson.TypeRegex},
	"dbPointer":           {bson.TypeDBPointer},
	"javascript":          {bson.TypeJavaScript},
	"symbol":              {bson.TypeSymbol},
	"javascriptWithScope": {bson.TypeCodeWithScope},
	"int":                 {bson.TypeInt32},
	"timestamp":           {bson.TypeTimestamp},
	"long":                {bson.TypeInt64},
	"decimal":             {bson.TypeDecimal128},
	"minKey":              {bson.TypeMinKey},
	"maxKey":              {bson.TypeMaxKey},
	"number":              {bson.TypeInt32, bson.TypeInt64, bson.TypeDouble, bson.TypeDecimal128},
}

// typeMatches reports whether t is one of the types called name, and
// whether name is known at all.
func typeMatches(name string, t bson.Type) (ok, known bool) {
	types, known := typeAliases[name]
	for _, want := range types {
		if want == t {
			return true, true
		}
	}
	return false, known
}

// typeNames reads the operand of $$type: one name or an array of names.
func typeNames(arg bson.RawValue) ([]string, error) {
	if s, ok := arg.StringValueOK(); ok {
		return []string{s}, nil
	}
	arr, ok := arg.ArrayOK()
	if !ok {
		return nil, fmt.Errorf("want a type name or an array of them, got %s", describe(arg))
	}
	vals, err := arr.Values()
	if err != nil || len(vals) == 0 {
		return nil, fmt.Errorf("want a non-empty array of type names, got %s", describe(arg))
	}
	names := make([]string, 0, len(vals))
	for _, v := range vals {
		s, ok := v.StringValueOK()
		if !ok {
			return nil, fmt.Errorf("type names must be strings, got %s", describe(v))
		}
		names = append(names, s)
	}
	return names, nil
}

// typeName returns the $type alias of t, the name test authors use.
func typeName(t bson.Type) string {
	for name, types := range typeAliases {
		if len(types) == 1 && types[0] == t {
			return name
		}
	}
	return t.String()
}

// maxDescribe bounds the extended JSON shown in a mismatch message.
const maxDescribe = 300

// describe renders a value for a message: its type alias and relaxed
// extended JSON, shortened when long; "nothing" for the zero value.
func describe(v bson.RawValue) string {
	if v.IsZero() {
		return "nothing"
	}
	s := v.String()
	if len(s) > maxDescribe {
		s = truncateUTF8(s, maxDescribe) + "…"
	}
	return typeName(v.Type) + " " + s
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
