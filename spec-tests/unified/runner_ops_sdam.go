package unified

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

// eventPollInterval is how often waitForEvent and waitForPrimaryChange
// look again; the recorder is read under its lock, so a short poll is
// cheap and keeps the recorder free of waiters.
const eventPollInterval = 5 * time.Millisecond

// defaultEventWait bounds waitForEvent, as the unified format suggests
// (ten seconds), within the test's own timeout.
const defaultEventWait = 10 * time.Second

// registerSDAMOps adds the test runner operations for entities created
// mid-test, events awaited or counted, topology descriptions and threads,
// and the client entity's close.
func (r *Runner) registerSDAMOps() {
	t := r.Ops
	t.Register(KindTestRunner, "createEntities", r.opCreateEntities)
	t.Register(KindTestRunner, "waitForEvent", opWaitForEvent)
	t.Register(KindTestRunner, "assertEventCount", opAssertEventCount)
	t.Register(KindTestRunner, "recordTopologyDescription", opRecordTopology)
	t.Register(KindTestRunner, "assertTopologyType", opAssertTopologyType)
	t.Register(KindTestRunner, "waitForPrimaryChange", opWaitForPrimaryChange)
	t.Register(KindTestRunner, "wait", opWait)
	t.Register(KindTestRunner, "runOnThread", r.opRunOnThread)
	t.Register(KindTestRunner, "waitForThread", opWaitForThread)
	t.Register(KindClient, "close", opCloseClient)
}

// ParseEntities decodes the entities argument of a createEntities
// operation, as createEntities at the top of a file would be.
func ParseEntities(args bson.Raw) ([]EntityDescription, error) {
	js, err := bson.AppendExtJSON(nil, args, true)
	if err != nil {
		return nil, err
	}
	var body struct {
		Entities []json.RawMessage `json:"entities"`
	}
	if err := json.Unmarshal(js, &body); err != nil {
		return nil, err
	}
	if len(body.Entities) == 0 {
		return nil, errors.New("createEntities: entities must hold at least one entity")
	}
	d := &decoder{}
	out := make([]EntityDescription, 0, len(body.Entities))
	for i, raw := range body.Entities {
		out = append(out, decodeEntity(d, fmt.Sprintf("$.entities[%d]", i), raw))
	}
	if d.err != nil {
		return nil, d.err
	}
	return out, nil
}

// opCreateEntities creates entities mid-test; they are closed with the
// test's others.
func (r *Runner) opCreateEntities(ctx context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
	descs, err := ParseEntities(args)
	if err != nil {
		return Result{}, err
	}
	clients, err := r.createEntities(ctx, descs, ents)
	if r.clients == nil {
		r.clients = map[string]*clientEntity{}
	}
	for id, ce := range clients {
		r.clients[id] = ce
	}
	return Result{}, err
}

// eventArgs reads the client, event and count arguments of waitForEvent
// and assertEventCount.
func eventArgs(ents *EntityMap, args bson.Raw) (*clientEntity, ExpectedEvent, int, error) {
	if err := CheckArguments(args, []string{"client", "event", "count"}, nil); err != nil {
		return nil, ExpectedEvent{}, 0, err
	}
	ce, err := Lookup[*clientEntity](ents, args.Lookup("client").StringValue(), KindClient)
	if err != nil {
		return nil, ExpectedEvent{}, 0, err
	}
	doc, ok := args.Lookup("event").DocumentOK()
	if !ok {
		return nil, ExpectedEvent{}, 0, errors.New("event: expected a document")
	}
	want, err := ParseExpectedEvent(doc)
	if err != nil {
		return nil, ExpectedEvent{}, 0, fmt.Errorf("event: %w", err)
	}
	n, ok := args.Lookup("count").AsInt64OK()
	if !ok {
		return nil, ExpectedEvent{}, 0, errors.New("count: expected an integer")
	}
	return ce, want, int(n), nil
}

// opWaitForEvent waits until the client has recorded count matching
// events.
func opWaitForEvent(ctx context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
	ce, want, n, err := eventArgs(ents, args)
	if err != nil {
		return Result{}, err
	}
	opts := MatchOptions{Entities: ents}
	err = pollUntil(ctx, defaultEventWait, func() bool {
		return CountEvents(want, ce.rec.Events(), opts) >= n
	})
	if err != nil {
		got := CountEvents(want, ce.rec.Events(), opts)
		return Result{}, fmt.Errorf("waitForEvent %s: %d of %d observed: %w", want.Name, got, n, err)
	}
	return Result{}, nil
}

// opAssertEventCount checks that the client recorded exactly count
// matching events.
func opAssertEventCount(_ context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
	ce, want, n, err := eventArgs(ents, args)
	if err != nil {
		return Result{}, err
	}
	if got := CountEvents(want, ce.rec.Events(), MatchOptions{Entities: ents}); got != n {
		return Result{}, fmt.Errorf("assertEventCount %s: observed %d, want %d", want.Name, got, n)
	}
	return Result{}, nil
}

// errWaitTimeout is wrapped by a wait that ran out of time.
var errWaitTimeout = errors.New("timed out")

// pollUntil calls done until it returns true, limit passes or ctx ends.
func pollUntil(ctx context.Context, limit time.Duration, done func() bool) error {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	tick := time.NewTicker(eventPollInterval)
	defer tick.Stop()
	for !done() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline.C:
			return fmt.Errorf("%w after %v", errWaitTimeout, limit)
		case <-tick.C:
		}
	}
	return nil
}

// opRecordTopology stores the client's current topology description as
// the entity id.
func opRecordTopology(_ context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
	if err := CheckArguments(args, []string{"client", "id"}, nil); err != nil {
		return Result{}, err
	}
	ce, err := Lookup[*clientEntity](ents, args.Lookup("client").StringValue(), KindClient)
	if err != nil {
		return Result{}, err
	}
	return Result{}, ents.Add(args.Lookup("id").StringValue(), KindTopologyDescription, ce.c.Topology().Description())
}

// opAssertTopologyType compares a recorded description's type.
func opAssertTopologyType(_ context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
	if err := CheckArguments(args, []string{"topologyDescription", "topologyType"}, nil); err != nil {
		return Result{}, err
	}
	d, err := Lookup[topology.Description](ents, args.Lookup("topologyDescription").StringValue(), KindTopologyDescription)
	if err != nil {
		return Result{}, err
	}
	if want := args.Lookup("topologyType").StringValue(); d.Kind.String() != want {
		return Result{}, fmt.Errorf("assertTopologyType: topology is %s, want %s", d.Kind, want)
	}
	return Result{}, nil
}

// opWaitForPrimaryChange waits until the client knows a primary other
// than the one of a recorded description.
func opWaitForPrimaryChange(ctx context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
	if err := CheckArguments(args, []string{"client", "priorTopologyDescription"}, []string{"timeoutMS"}); err != nil {
		return Result{}, err
	}
	ce, err := Lookup[*clientEntity](ents, args.Lookup("client").StringValue(), KindClient)
	if err != nil {
		return Result{}, err
	}
	prior, err := Lookup[topology.Description](ents, args.Lookup("priorTopologyDescription").StringValue(), KindTopologyDescription)
	if err != nil {
		return Result{}, err
	}
	limit := defaultEventWait
	if ms, ok := args.Lookup("timeoutMS").AsInt64OK(); ok {
		limit = time.Duration(ms) * time.Millisecond
	}
	old := primaryOf(prior)
	err = pollUntil(ctx, limit, func() bool {
		p := primaryOf(ce.c.Topology().Description())
		return p != "" && p != old
	})
	if err != nil {
		return Result{}, fmt.Errorf("waitForPrimaryChange: %w", err)
	}
	return Result{}, nil
}

// primaryOf returns the address of d's primary, or "".
func primaryOf(d topology.Description) string {
	for _, s := range d.Servers {
		if s.Type == description.RSPrimary {
			return s.Addr
		}
	}
	return ""
}

// opWait sleeps for ms milliseconds.
func opWait(ctx context.Context, _ *EntityMap, _ string, args bson.Raw) (Result, error) {
	if err := CheckArguments(args, []string{"ms"}, nil); err != nil {
		return Result{}, err
	}
	ms, _ := args.Lookup("ms").AsInt64OK()
	t := time.NewTimer(time.Duration(ms) * time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return Result{}, ctx.Err()
	case <-t.C:
		return Result{}, nil
	}
}

// opRunOnThread queues an operation on a thread entity; its failure is
// reported by waitForThread.
func (r *Runner) opRunOnThread(ctx context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
	if err := CheckArguments(args, []string{"thread", "operation"}, nil); err != nil {
		return Result{}, err
	}
	th, err := Lookup[*Thread](ents, args.Lookup("thread").StringValue(), KindThread)
	if err != nil {
		return Result{}, err
	}
	op, err := parseOperation(args.Lookup("operation"))
	if err != nil {
		return Result{}, err
	}
	return Result{}, th.Run(func() error { return r.runOperation(ctx, &op, ents) })
}

// parseOperation decodes an operation given as an argument.
func parseOperation(v bson.RawValue) (Operation, error) {
	doc, ok := v.DocumentOK()
	if !ok {
		return Operation{}, errors.New("operation: expected a document")
	}
	js, err := bson.AppendExtJSON(nil, doc, true)
	if err != nil {
		return Operation{}, err
	}
	d := &decoder{}
	op := decodeOperation(d, "$.operation", js)
	if d.err != nil {
		return Operation{}, d.err
	}
	return op, nil
}

// opWaitForThread waits until a thread ran everything queued on it.
func opWaitForThread(ctx context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
	if err := CheckArguments(args, []string{"thread"}, nil); err != nil {
		return Result{}, err
	}
	th, err := Lookup[*Thread](ents, args.Lookup("thread").StringValue(), KindThread)
	if err != nil {
		return Result{}, err
	}
	wctx, cancel := context.WithTimeout(ctx, defaultEventWait)
	defer cancel()
	if err := th.Wait(wctx); err != nil {
		return Result{}, fmt.Errorf("waitForThread: %w", err)
	}
	return Result{}, nil
}

// opCloseClient disconnects a client entity; the entity stays, so its
// events can still be checked.
func opCloseClient(ctx context.Context, ents *EntityMap, object string, _ bson.Raw) (Result, error) {
	ce, err := Lookup[*clientEntity](ents, object, KindClient)
	if err != nil {
		return Result{}, err
	}
	return Result{}, ce.c.Disconnect(ctx)
}
