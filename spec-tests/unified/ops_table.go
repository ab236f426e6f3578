package unified

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// runFunc runs an operation whose arguments were already read.
type runFunc func(ctx context.Context) (Result, error)

// ClientOps registers the entity operations implemented with cwal's
// client on collection, database, client and cursor entities.
func ClientOps(t OpTable) {
	registerCollectionReads(t)
	registerCollectionWrites(t)
	registerBulk(t)
	registerDatabaseOps(t)
	registerClientOps(t)
	registerCursorOps(t)
	registerGridFSOps(t)
	registerClientFeatureOps(t)
	registerSessionOps(t)
	registerRetryOps(t)
}

// entityOp adapts a function that reads its arguments and returns the
// step that runs the operation: arguments the function did not read fail
// the operation before anything is sent, and errors are presented through
// the runner's error interfaces.
func entityOp[T any](kind EntityKind, prepare func(e T, a *args) runFunc) OpFunc {
	return func(ctx context.Context, ents *EntityMap, object string, raw bson.Raw) (Result, error) {
		e, err := Lookup[T](ents, object, kind)
		if err != nil {
			return Result{}, err
		}
		a := newArgs(raw)
		// rawData is for servers 8.2 and newer; older servers must not
		// see it, and cwal's client has no such option yet.
		a.val("rawData")
		ctx, err = withSessionArg(ctx, ents, a)
		if err != nil {
			return Result{}, &ArgumentError{Err: err}
		}
		run := prepare(e, a)
		if err := a.done(); err != nil {
			return Result{}, &ArgumentError{Err: err}
		}
		res, err := run(ctx)
		if err != nil {
			return res, adaptError(err, res.Value)
		}
		return res, nil
	}
}

func collOp(prepare func(c *client.Collection, a *args) runFunc) OpFunc {
	return entityOp(KindCollection, prepare)
}

func dbOp(prepare func(db *client.Database, a *args) runFunc) OpFunc {
	return entityOp(KindDatabase, prepare)
}

func clientOp(prepare func(c *clientEntity, a *args) runFunc) OpFunc {
	return entityOp(KindClient, prepare)
}

// ArgumentError reports an operation whose arguments the runner cannot
// use: it fails the test even under ignoreResultAndError or expectError,
// since it is a malformed test or a missing feature, not a result.
type ArgumentError struct{ Err error }

// Error returns the problem.
func (e *ArgumentError) Error() string { return "arguments: " + e.Err.Error() }

// Unwrap returns the problem.
func (e *ArgumentError) Unwrap() error { return e.Err }

// failed is a runFunc for arguments that cannot be used.
func failed(err error) runFunc {
	return func(context.Context) (Result, error) { return Result{}, &ArgumentError{Err: err} }
}
