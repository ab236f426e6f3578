package client_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/pool"
)

// retryEnv is a client on its own mongotest replica set with command and
// pool events recorded, and a second client for configuring fail points
// from inside event callbacks.
type retryEnv struct {
	c, admin *client.Client
	coll     *client.Collection

	mu      sync.Mutex
	started []string // command names, and "<name>+txnNumber" for each that carried one
	pool    []string // "checkedOut", "cleared", "checkOutFailed:<reason>"
}

// newRetryEnv connects with the URI options query (heartbeatFrequencyMS
// is short: a state change error marks the server Unknown and the retry
// waits for the next streamed hello). mon, when not nil, also sees the
// command events.
func newRetryEnv(t *testing.T, query string, mon *operation.CommandMonitor) *retryEnv {
	t.Helper()
	srv := mongotest.NewServer()
	t.Cleanup(srv.Close)
	e := &retryEnv{}
	m := &operation.CommandMonitor{Started: func(ev operation.CommandStartedEvent) {
		e.mu.Lock()
		e.started = append(e.started, ev.CommandName)
		if !ev.Command.Lookup("txnNumber").IsZero() {
			e.started = append(e.started, ev.CommandName+"+txnNumber")
		}
		e.mu.Unlock()
	}}
	if mon != nil {
		m.Succeeded, m.Failed = mon.Succeeded, mon.Failed
	}
	ev := &pool.Events{
		CheckedOut:     func(pool.CheckedOutEvent) { e.addPool("checkedOut") },
		PoolCleared:    func(pool.PoolClearedEvent) { e.addPool("cleared") },
		CheckOutFailed: func(f pool.CheckOutFailedEvent) { e.addPool("checkOutFailed:" + f.Reason) },
	}
	e.c = connect(t, srv.URI()+"&heartbeatFrequencyMS=500&"+query, client.WithMonitor(m), client.WithPoolEvents(ev))
	e.admin = connect(t, srv.URI())
	e.coll = e.c.Database("retry_prose").Collection("coll")
	return e
}

func connect(t *testing.T, uri string, opts ...client.Option) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Connect(ctx, uri, opts...)
	if err != nil {
		t.Fatalf("Connect %s: %v", uri, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := c.Disconnect(ctx); err != nil {
			t.Errorf("Disconnect: %v", err)
		}
	})
	return c
}

func (e *retryEnv) addPool(s string) {
	e.mu.Lock()
	e.pool = append(e.pool, s)
	e.mu.Unlock()
}

// count returns how many commands named name were started.
func (e *retryEnv) count(name string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, s := range e.started {
		if s == name {
			n++
		}
	}
	return n
}

// failPoint configures a fail point through the admin client.
func (e *retryEnv) failPoint(t *testing.T, fp string) {
	t.Helper()
	if err := e.admin.Database("admin").RunCommand(context.Background(), ext(t, fp)).Err(); err != nil {
		t.Errorf("configureFailPoint: %v", err)
	}
}

// checkPoolClearedRetry asserts the CMAP order of the PoolClearedError
// prose tests: a checkout succeeds, the pool is cleared, then a checkout
// fails with a connection error.
func (e *retryEnv) checkPoolClearedRetry(t *testing.T) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	next := 0
	for _, want := range []string{"checkedOut", "cleared", "checkOutFailed:" + pool.FailedConnectionError} {
		for next < len(e.pool) && e.pool[next] != want {
			next++
		}
		if next == len(e.pool) {
			t.Fatalf("pool events %v: no %s in order", e.pool, want)
		}
	}
}

// Retryable writes prose 2 and retryable reads prose 1: an operation
// whose checkout fails because another one's error cleared the pool is
// retried, and both succeed.
func TestProseRetryAfterPoolCleared(t *testing.T) {
	cases := []struct {
		name, cmd, labels string
		op                func(ctx context.Context, c *client.Collection) error
	}{
		{"insertOne", "insert", `, "errorLabels": ["RetryableWriteError"]`, func(ctx context.Context, c *client.Collection) error {
			_, err := c.InsertOne(ctx, bson.D{{Key: "x", Value: 1}})
			return err
		}},
		{"findOne", "find", "", func(ctx context.Context, c *client.Collection) error {
			err := c.FindOne(ctx, bson.D{}).Err()
			if errors.Is(err, client.ErrNoDocuments) {
				return nil
			}
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newRetryEnv(t, "maxPoolSize=1&retryWrites=true&retryReads=true", nil)
			e.failPoint(t, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["`+tc.cmd+
				`"], "errorCode": 91, "blockConnection": true, "blockTimeMS": 1000`+tc.labels+`}}`)
			ctx := ctxT(t)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = tc.op(ctx, e.coll)
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("operation %d: %v", i, err)
				}
			}
			e.checkPoolClearedRetry(t)
			if n := e.count(tc.cmd); n != 3 {
				t.Errorf("%d %s commands started, want 3", n, tc.cmd)
			}
		})
	}
}
