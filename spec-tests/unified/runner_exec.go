package unified

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// testTimeout bounds one test, so a hung operation fails the test instead
// of the whole run.
const testTimeout = 60 * time.Second

// runTest runs the steps of one test in the order of the format's
// "Executing a Test": initial data, entities, operations, events, fail
// point cleanup, outcome, entity cleanup, leak check.
func (r *Runner) runTest(ctx context.Context, f *File, t *Test) (err error) {
	ctx, cancel := context.WithTimeout(ctx, testTimeout)
	defer cancel()
	if err := r.loadInitialData(ctx, f.InitialData); err != nil {
		return fmt.Errorf("initialData: %w", err)
	}
	ents := NewEntityMap()
	r.fastHeartbeat = setsFailPoints(t.Operations)
	clients, err := r.createEntities(ctx, f.CreateEntities, ents)
	r.clients = clients
	defer func() {
		if cerr := closeEntities(ctx, ents, clients); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if err != nil {
		return fmt.Errorf("createEntities: %w", err)
	}
	opErr := r.runOperations(ctx, t.Operations, ents)
	for _, c := range clients {
		c.rec.Stop()
		// Messages of the clients' own cleanup (endSessions at
		// Disconnect) are not the test's.
		c.logs.Stop()
	}
	fpErr := r.disableFailPoints(ctx)
	if opErr != nil {
		return joinNonNil(opErr, fpErr)
	}
	if err := checkEvents(t.ExpectEvents, clients, ents); err != nil {
		return joinNonNil(err, fpErr)
	}
	if fpErr != nil {
		return fpErr
	}
	if err := r.checkOutcome(ctx, t.Outcome); err != nil {
		return err
	}
	return checkLogs(t.ExpectLogMessages, clients, ents)
}

// checkLogs applies expectLogMessages to what each client logged.
func checkLogs(exp []ExpectedLogsForClient, clients map[string]*clientEntity, ents *EntityMap) error {
	for _, e := range exp {
		c, ok := clients[e.Client]
		if !ok {
			return fmt.Errorf("expectLogMessages: client %q: %w", e.Client, ErrNoEntity)
		}
		opts := LogMatchOptions{MatchOptions: MatchOptions{Entities: ents}, Redacted: redactedFailure}
		if err := MatchLogMessages(e, c.logs.Messages(), opts); err != nil {
			return fmt.Errorf("expectLogMessages: %w", err)
		}
	}
	return nil
}

// runOperations runs ops in order and stops at the first one whose
// outcome is not as expected.
func (r *Runner) runOperations(ctx context.Context, ops []Operation, ents *EntityMap) error {
	for i := range ops {
		if err := r.runOperation(ctx, &ops[i], ents); err != nil {
			return fmt.Errorf("operation %d (%s): %w", i, ops[i].Name, err)
		}
	}
	return nil
}

// runOperation runs one operation and checks it.
func (r *Runner) runOperation(ctx context.Context, op *Operation, ents *EntityMap) error {
	kind := KindTestRunner
	if op.Object != TestRunnerObject {
		k, ok := ents.Kind(op.Object)
		if !ok {
			return fmt.Errorf("object %q: %w", op.Object, ErrNoEntity)
		}
		kind = k
	}
	fn, err := r.Ops.Lookup(kind, op.Name)
	if err != nil {
		return err
	}
	res, opErr := fn(ctx, ents, op.Object, op.Arguments)
	var argErr *ArgumentError
	if (kind == KindTestRunner && opErr != nil) || errors.As(opErr, &argErr) {
		return opErr
	}
	return CheckOutcome(op, res, opErr, ents, MatchOptions{Entities: ents})
}

// checkEvents applies expectEvents to what each client recorded.
func checkEvents(exp []ExpectedEventsForClient, clients map[string]*clientEntity, ents *EntityMap) error {
	for _, e := range exp {
		c, ok := clients[e.Client]
		if !ok {
			return fmt.Errorf("expectEvents: client %q: %w", e.Client, ErrNoEntity)
		}
		if err := MatchEvents(e, c.rec.Events(), MatchOptions{Entities: ents}); err != nil {
			return fmt.Errorf("expectEvents: %w", err)
		}
	}
	return nil
}

// checkOutcome reads each outcome collection in _id order with the
// internal client, with read concern local, and compares it.
func (r *Runner) checkOutcome(ctx context.Context, outcome []CollectionData) error {
	for _, exp := range outcome {
		coll := r.internal.Database(exp.DatabaseName).Collection(exp.CollectionName)
		cur, err := coll.Find(ctx, nil, findSortByID)
		if err != nil {
			return fmt.Errorf("outcome %s.%s: %w", exp.DatabaseName, exp.CollectionName, err)
		}
		var docs []bson.Raw
		for d, err := range cur.Docs(ctx) {
			if err != nil {
				return fmt.Errorf("outcome %s.%s: %w", exp.DatabaseName, exp.CollectionName, err)
			}
			docs = append(docs, append(bson.Raw(nil), d...))
		}
		if err := MatchOutcome(exp, docs); err != nil {
			return err
		}
	}
	return nil
}

// redactedFailure recognises cwal's redacted failures as well as the
// default forms: the client logs an error as its Error() text, and a
// redacted server error keeps only its code and code name, so its text
// ("server error CommandNotFound (code 59)") lacks the ": errmsg" part an
// unredacted one has.
func redactedFailure(failure bson.RawValue) bool {
	if DefaultRedacted(failure) {
		return true
	}
	s, ok := failure.StringValueOK()
	return ok && strings.HasPrefix(s, "server error ") && !strings.Contains(s, ": ")
}
