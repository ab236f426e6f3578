package unified

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/cwal-go/cwal/bson"
)

// Result is what an entity operation returned.
type Result struct {
	// Value is the result as BSON; the zero value means "no result".
	Value bson.RawValue
	// RootElements marks Value as the array of documents read from a
	// cursor, whose elements match as root-level documents.
	RootElements bool
	// Entity is a result that is not BSON, such as a cursor or a change
	// stream, and Kind its entity kind; saveResultAsEntity stores it.
	Entity any
	Kind   EntityKind
}

// OpFunc runs one operation on the entity called object with the
// operation's arguments (nil when none).
type OpFunc func(ctx context.Context, ents *EntityMap, object string, args bson.Raw) (Result, error)

// OpTable maps an entity kind and operation name to its implementation;
// keys are OpKey(kind, name), such as "collection.find" or
// "testRunner.failPoint".
type OpTable map[string]OpFunc

// KindTestRunner is the pseudo-kind of special test operations
// (object "testRunner").
const KindTestRunner EntityKind = "testRunner"

// ErrUnsupportedOperation is wrapped by OpTable.Lookup for an operation
// the table does not hold.
var ErrUnsupportedOperation = errors.New("unsupported operation")

// OpKey returns the OpTable key of an operation.
func OpKey(kind EntityKind, name string) string { return string(kind) + "." + name }

// Register adds f for operations called name on entities of kind.
func (t OpTable) Register(kind EntityKind, name string, f OpFunc) { t[OpKey(kind, name)] = f }

// Lookup returns the function for name on an entity of kind.
func (t OpTable) Lookup(kind EntityKind, name string) (OpFunc, error) {
	if f, ok := t[OpKey(kind, name)]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("%s on a %s: %w", name, kind, ErrUnsupportedOperation)
}

// ErrUnknownArgument is wrapped by CheckArguments for an argument the
// operation does not take.
var ErrUnknownArgument = errors.New("unsupported argument")

// CheckArguments verifies that args holds every required key and no key
// outside required and optional, as the format requires runners to do.
func CheckArguments(args bson.Raw, required, optional []string) error {
	allowed := map[string]bool{}
	for _, k := range append(append([]string{}, required...), optional...) {
		allowed[k] = true
	}
	var missing []string
	for _, k := range required {
		if args.Lookup(k).IsZero() {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing required argument(s) %q", missing)
	}
	if args == nil {
		return nil // an operation without arguments
	}
	it := args.Iter()
	for it.Next() {
		if !allowed[it.Key()] {
			return fmt.Errorf("argument %q: %w", it.Key(), ErrUnknownArgument)
		}
	}
	return it.Err()
}

// CheckOutcome applies an operation's expectations to what it returned:
// with ignoreResultAndError nothing is checked; an expected error must have
// happened and match expectError; otherwise the operation must have
// succeeded, its result must match expectResult, and saveResultAsEntity
// stores it in ents.
func CheckOutcome(op *Operation, res Result, opErr error, ents *EntityMap, opts MatchOptions) error {
	if op.IgnoreResultAndError {
		return nil
	}
	if op.ExpectError != nil {
		return CheckError(op.ExpectError, opErr, opts)
	}
	if opErr != nil {
		return fmt.Errorf("%s on %s: unexpected error: %w", op.Name, op.Object, opErr)
	}
	if !op.ExpectResult.IsZero() {
		mo := opts
		mo.RootElements = res.RootElements
		if err := Match(op.ExpectResult, res.Value, mo); err != nil {
			return fmt.Errorf("%s on %s: result: %w", op.Name, op.Object, err)
		}
	}
	if op.SaveResultAsEntity != "" {
		return saveResult(op, res, ents)
	}
	return nil
}

func saveResult(op *Operation, res Result, ents *EntityMap) error {
	switch {
	case res.Entity != nil:
		return ents.Add(op.SaveResultAsEntity, res.Kind, res.Entity)
	case !res.Value.IsZero():
		return ents.AddBSON(op.SaveResultAsEntity, res.Value)
	}
	return fmt.Errorf("%s on %s: no result to save as %q", op.Name, op.Object, op.SaveResultAsEntity)
}

// Keys returns the table's keys sorted, for listing what a runner supports.
func (t OpTable) Keys() []string {
	out := make([]string, 0, len(t))
	for k := range t {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
