package logging_test

import (
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/cwal-go/cwal/pool"
)

func poolReady(addr string) pool.PoolReadyEvent { return pool.PoolReadyEvent{Address: addr} }

func TestPoolEvents(t *testing.T) {
	const addr = "db.example:27017"
	host := map[string]any{"serverHost": "db.example", "serverPort": int64(27017)}
	with := func(extra map[string]any) map[string]any {
		m := map[string]any{}
		for k, v := range host {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	boom := errors.New("boom")
	tests := []struct {
		msg  string
		fire func(*pool.Events)
		want map[string]any
	}{
		{"Connection pool created", func(e *pool.Events) {
			e.PoolCreated(pool.PoolCreatedEvent{Address: addr, Options: pool.Options{
				MaxPoolSize: 5, MinPoolSize: 1, MaxConnecting: 2, MaxIdleTime: 10 * time.Second, WaitQueueTimeout: time.Second,
			}})
		}, with(map[string]any{"maxPoolSize": int64(5), "minPoolSize": int64(1), "maxConnecting": int64(2),
			"maxIdleTimeMS": int64(10000), "waitQueueTimeoutMS": int64(1000)})},
		{"Connection pool created", func(e *pool.Events) {
			e.PoolCreated(pool.PoolCreatedEvent{Address: addr, Options: pool.Options{MaxPoolSize: pool.NoLimit}})
		}, with(map[string]any{"maxPoolSize": int64(0), "minPoolSize": int64(0), "maxConnecting": int64(0),
			"maxIdleTimeMS": int64(0), "waitQueueTimeoutMS": int64(0)})},
		{"Connection pool ready", func(e *pool.Events) { e.PoolReady(pool.PoolReadyEvent{Address: addr}) }, with(nil)},
		{"Connection pool cleared", func(e *pool.Events) { e.PoolCleared(pool.PoolClearedEvent{Address: addr}) }, with(nil)},
		{"Connection pool cleared", func(e *pool.Events) {
			e.PoolCleared(pool.PoolClearedEvent{Address: addr, ServiceID: &serviceID})
		}, with(map[string]any{"serviceId": serviceID.Hex()})},
		{"Connection pool closed", func(e *pool.Events) { e.PoolClosed(pool.PoolClosedEvent{Address: addr}) }, with(nil)},
		{"Connection created", func(e *pool.Events) {
			e.ConnectionCreated(pool.ConnectionCreatedEvent{Address: addr, ConnectionID: 4})
		}, with(map[string]any{"driverConnectionId": int64(4)})},
		{"Connection ready", func(e *pool.Events) {
			e.ConnectionReady(pool.ConnectionReadyEvent{Address: addr, ConnectionID: 4, Duration: 3 * time.Millisecond})
		}, with(map[string]any{"driverConnectionId": int64(4), "durationMS": 3.0})},
		{"Connection closed", func(e *pool.Events) {
			e.ConnectionClosed(pool.ConnectionClosedEvent{Address: addr, ConnectionID: 4, Reason: pool.ReasonStale})
		}, with(map[string]any{"driverConnectionId": int64(4), "reason": "Connection became stale because the pool was cleared"})},
		{"Connection closed", func(e *pool.Events) {
			e.ConnectionClosed(pool.ConnectionClosedEvent{Address: addr, ConnectionID: 4, Reason: pool.ReasonIdle})
		}, with(map[string]any{"driverConnectionId": int64(4), "reason": "Connection has been available but unused for longer than the configured max idle time"})},
		{"Connection closed", func(e *pool.Events) {
			e.ConnectionClosed(pool.ConnectionClosedEvent{Address: addr, ConnectionID: 4, Reason: pool.ReasonError, Err: boom})
		}, with(map[string]any{"driverConnectionId": int64(4), "reason": "An error occurred while using the connection", "error": "boom"})},
		{"Connection closed", func(e *pool.Events) {
			e.ConnectionClosed(pool.ConnectionClosedEvent{Address: addr, ConnectionID: 4, Reason: pool.ReasonPoolClosed})
		}, with(map[string]any{"driverConnectionId": int64(4), "reason": "Connection pool was closed"})},
		{"Connection checkout started", func(e *pool.Events) { e.CheckOutStarted(pool.CheckOutStartedEvent{Address: addr}) }, with(nil)},
		{"Connection checkout failed", func(e *pool.Events) {
			e.CheckOutFailed(pool.CheckOutFailedEvent{Address: addr, Reason: pool.FailedConnectionError, Err: boom, Duration: time.Millisecond})
		}, with(map[string]any{"reason": "An error occurred while trying to establish a new connection", "error": "boom", "durationMS": 1.0})},
		{"Connection checkout failed", func(e *pool.Events) {
			e.CheckOutFailed(pool.CheckOutFailedEvent{Address: addr, Reason: pool.FailedTimeout})
		}, with(map[string]any{"reason": "Wait queue timeout elapsed without a connection becoming available", "durationMS": 0.0})},
		{"Connection checkout failed", func(e *pool.Events) {
			e.CheckOutFailed(pool.CheckOutFailedEvent{Address: addr, Reason: pool.FailedPoolClosed})
		}, with(map[string]any{"reason": "Connection pool was closed", "durationMS": 0.0})},
		{"Connection checked out", func(e *pool.Events) {
			e.CheckedOut(pool.CheckedOutEvent{Address: addr, ConnectionID: 4, Duration: 250 * time.Microsecond})
		}, with(map[string]any{"driverConnectionId": int64(4), "durationMS": 0.25})},
		{"Connection checked in", func(e *pool.Events) {
			e.CheckedIn(pool.CheckedInEvent{Address: addr, ConnectionID: 4})
		}, with(map[string]any{"driverConnectionId": int64(4)})},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			lg, rec := newLogger(0)
			tt.fire(lg.PoolEvents(nil))
			checkOne(t, rec.take(t), slog.LevelDebug, "connection", tt.msg, tt.want)
		})
	}
}

func TestPoolEventsCallNext(t *testing.T) {
	lg, rec := newLogger(0)
	var got []string
	next := &pool.Events{
		PoolReady:  func(pool.PoolReadyEvent) { got = append(got, "ready") },
		CheckedOut: func(pool.CheckedOutEvent) { got = append(got, "out") },
	}
	ev := lg.PoolEvents(next)
	ev.PoolReady(pool.PoolReadyEvent{Address: "a:1"})
	ev.CheckedOut(pool.CheckedOutEvent{Address: "a:1"})
	ev.CheckedIn(pool.CheckedInEvent{Address: "a:1"}) // next has none
	if len(got) != 2 || got[0] != "ready" || got[1] != "out" {
		t.Errorf("next got %v", got)
	}
	if n := len(rec.take(t)); n != 3 {
		t.Errorf("%d records, want 3", n)
	}
}

func poolCheckedIn(addr string, id int64) pool.CheckedInEvent {
	return pool.CheckedInEvent{Address: addr, ConnectionID: id}
}
