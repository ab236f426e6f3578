package unified

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// MatchOptions configure Match. The zero value matches a root-level value
// with no entities available.
type MatchOptions struct {
	// Entities resolves $$matchesEntity and $$sessionLsid; when nil those
	// operators fail.
	Entities EntityLookup
	// NotRoot makes a top-level expected document a nested one, so the
	// actual document may not hold extra fields (as for the values that
	// distinct returns, or server parameters).
	NotRoot bool
	// RootElements treats each element of a top-level expected array as a
	// root-level document, as for the documents of an iterated cursor.
	RootElements bool
}

// EntityLookup gives the matcher access to a test's entities.
type EntityLookup interface {
	// EntityValue returns the BSON entity called name, for $$matchesEntity.
	EntityValue(name string) (bson.RawValue, error)
	// SessionLsid returns the logical session id of the session entity
	// called name, for $$sessionLsid.
	SessionLsid(name string) (bson.Raw, error)
}

// ErrBadExpectation is wrapped by a *MatchError whose cause is the expected
// value itself (an unknown operator, a malformed operand), not the actual
// value.
var ErrBadExpectation = errors.New("malformed expectation")

// MatchError reports where and why an actual value does not match. Path
// starts at "$", as in "$.cursor.firstBatch[2].x".
type MatchError struct {
	Path    string
	Problem string
	// Err is ErrBadExpectation, an entity lookup error, or nil for a plain
	// mismatch.
	Err error
}

// Error returns "path: problem".
func (e *MatchError) Error() string { return e.Path + ": " + e.Problem }

// Unwrap returns the cause, if any.
func (e *MatchError) Unwrap() error { return e.Err }

// Match reports whether actual matches expected under the unified test
// format's "Evaluating Matches" rules: a root-level document may hold extra
// fields, nested documents may not, key order does not matter, arrays must
// have the same length, int32, int64 and double compare by value, and the
// $$ operators ($$exists, $$type, $$matchesEntity, $$matchesHexBytes,
// $$unsetOrMatches, $$sessionLsid, $$lte, $$matchAsDocument, $$matchAsRoot)
// apply. A zero actual (Type 0) means "no value". The error is a *MatchError.
func Match(expected, actual bson.RawValue, opts MatchOptions) error {
	m := &matcher{opts: opts}
	if opts.RootElements && expected.Type == bson.TypeArray {
		return m.matchArray(expected.Array(), actual, true)
	}
	return m.match(expected, actual, !opts.NotRoot)
}

// MatchDocument is Match for a root-level expected document, as used for
// command and reply documents, error responses and log data.
func MatchDocument(expected, actual bson.Raw, opts MatchOptions) error {
	return Match(docValue(expected), docValue(actual), opts)
}

// MatchExactly compares the way outcome data is compared: no operators, no
// extra fields at any level, numbers of the same type only; only key order
// may differ. The error is a *MatchError.
func MatchExactly(expected, actual bson.RawValue) error {
	m := &matcher{exact: true}
	return m.match(expected, actual, false)
}

func docValue(d bson.Raw) bson.RawValue {
	if d == nil {
		return bson.RawValue{}
	}
	return bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: d}
}

// matcher walks expected and actual together; path holds the keys and
// indexes from the root, rendered only when an error is reported.
type matcher struct {
	opts  MatchOptions
	exact bool
	path  []string
}

// push adds a path element: "." + key for a field, "[i]" for an index.
func (m *matcher) push(p string) { m.path = append(m.path, p) }
func (m *matcher) pop()          { m.path = m.path[:len(m.path)-1] }

func (m *matcher) pathString() string {
	var b strings.Builder
	b.WriteString("$")
	for _, p := range m.path {
		b.WriteString(p)
	}
	return b.String()
}

func (m *matcher) failf(format string, args ...any) error {
	return &MatchError{Path: m.pathString(), Problem: fmt.Sprintf(format, args...)}
}

// badf reports a problem in the expected value itself.
func (m *matcher) badf(format string, args ...any) error {
	return &MatchError{Path: m.pathString(), Problem: fmt.Sprintf(format, args...), Err: ErrBadExpectation}
}

func (m *matcher) match(exp, act bson.RawValue, root bool) error {
	switch exp.Type {
	case bson.TypeEmbeddedDoc:
		doc := exp.Document()
		if op, arg, ok := specialOperator(doc); ok && !m.exact {
			return m.operator(op, arg, act, root)
		}
		return m.matchDocument(doc, act, root)
	case bson.TypeArray:
		return m.matchArray(exp.Array(), act, false)
	}
	return m.matchScalar(exp, act)
}

// specialOperator reports whether doc is an operator: exactly one key, and
// it starts with "$$".
func specialOperator(doc bson.Raw) (op string, arg bson.RawValue, ok bool) {
	it := doc.Iter()
	if !it.Next() || !bytes.HasPrefix(it.KeyBytes(), []byte("$$")) {
		return "", bson.RawValue{}, false
	}
	op, arg = it.Key(), it.Value()
	if it.Next() {
		return "", bson.RawValue{}, false
	}
	return op, arg, true
}

func (m *matcher) matchDocument(exp bson.Raw, act bson.RawValue, root bool) error {
	actDoc, ok := act.DocumentOK()
	if !ok {
		return m.failf("expected a document, got %s", describe(act))
	}
	it := exp.Iter()
	for it.Next() {
		m.push("." + it.Key())
		if err := m.matchField(it.Value(), actDoc.Lookup(it.Key())); err != nil {
			return err
		}
		m.pop()
	}
	if err := it.Err(); err != nil {
		return m.badf("malformed expected document: %v", err)
	}
	if root {
		return nil
	}
	return m.noExtraFields(exp, actDoc)
}

// matchField matches one field of an expected document; $$exists and
// $$unsetOrMatches are the operators that accept a missing field.
func (m *matcher) matchField(exp, act bson.RawValue) error {
	if doc, ok := exp.DocumentOK(); ok && !m.exact {
		if op, arg, ok := specialOperator(doc); ok && (op == "$$exists" || op == "$$unsetOrMatches") {
			return m.operator(op, arg, act, false)
		}
	}
	if act.IsZero() {
		return m.failf("field is missing; expected %s", describe(exp))
	}
	return m.match(exp, act, false)
}

func (m *matcher) noExtraFields(exp, act bson.Raw) error {
	it := act.Iter()
	for it.Next() {
		if exp.Lookup(it.Key()).IsZero() {
			return m.failf("unexpected field %q in nested document (value %s)", it.Key(), describe(it.Value()))
		}
	}
	if err := it.Err(); err != nil {
		return m.failf("malformed actual document: %v", err)
	}
	return nil
}

func (m *matcher) matchArray(exp bson.RawArray, act bson.RawValue, rootElems bool) error {
	actArr, ok := act.ArrayOK()
	if !ok {
		return m.failf("expected an array, got %s", describe(act))
	}
	want, err := exp.Values()
	if err != nil {
		return m.badf("malformed expected array: %v", err)
	}
	got, err := actArr.Values()
	if err != nil {
		return m.failf("malformed actual array: %v", err)
	}
	if len(want) != len(got) {
		return m.failf("expected %d array element(s), got %d: %s", len(want), len(got), describe(act))
	}
	for i := range want {
		m.push("[" + strconv.Itoa(i) + "]")
		if err := m.match(want[i], got[i], rootElems); err != nil {
			return err
		}
		m.pop()
	}
	return nil
}
