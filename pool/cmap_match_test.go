package pool_test

import (
	"fmt"
	"sync"
	"time"

	"github.com/cwal-go/cwal/pool"
)

// cmapRecorder captures a pool's events in order, as the JSON shapes the
// CMAP test format uses.
type cmapRecorder struct {
	mu     sync.Mutex
	events []map[string]any
}

func (r *cmapRecorder) add(typ string, fields map[string]any) {
	fields["type"] = typ
	r.mu.Lock()
	r.events = append(r.events, fields)
	r.mu.Unlock()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// hooks returns pool.Events feeding the recorder.
func (r *cmapRecorder) hooks() *pool.Events {
	return &pool.Events{
		PoolCreated: func(e pool.PoolCreatedEvent) {
			r.add("ConnectionPoolCreated", map[string]any{"address": e.Address, "options": optionsJSON(e.Options)})
		},
		PoolReady: func(e pool.PoolReadyEvent) { r.add("ConnectionPoolReady", map[string]any{"address": e.Address}) },
		PoolCleared: func(e pool.PoolClearedEvent) {
			f := map[string]any{"address": e.Address, "interruptInUseConnections": e.InterruptInUseConnections}
			if e.ServiceID != nil {
				f["serviceId"] = e.ServiceID.Hex()
			}
			r.add("ConnectionPoolCleared", f)
		},
		PoolClosed: func(e pool.PoolClosedEvent) { r.add("ConnectionPoolClosed", map[string]any{"address": e.Address}) },
		ConnectionCreated: func(e pool.ConnectionCreatedEvent) {
			r.add("ConnectionCreated", map[string]any{"address": e.Address, "connectionId": float64(e.ConnectionID)})
		},
		ConnectionReady: func(e pool.ConnectionReadyEvent) {
			r.add("ConnectionReady", map[string]any{"address": e.Address, "connectionId": float64(e.ConnectionID), "duration": ms(e.Duration)})
		},
		ConnectionClosed: func(e pool.ConnectionClosedEvent) {
			r.add("ConnectionClosed", map[string]any{"address": e.Address, "connectionId": float64(e.ConnectionID), "reason": e.Reason})
		},
		CheckOutStarted: func(e pool.CheckOutStartedEvent) {
			r.add("ConnectionCheckOutStarted", map[string]any{"address": e.Address})
		},
		CheckOutFailed: func(e pool.CheckOutFailedEvent) {
			r.add("ConnectionCheckOutFailed", map[string]any{"address": e.Address, "reason": e.Reason, "duration": ms(e.Duration)})
		},
		CheckedOut: func(e pool.CheckedOutEvent) {
			r.add("ConnectionCheckedOut", map[string]any{"address": e.Address, "connectionId": float64(e.ConnectionID), "duration": ms(e.Duration)})
		},
		CheckedIn: func(e pool.CheckedInEvent) {
			r.add("ConnectionCheckedIn", map[string]any{"address": e.Address, "connectionId": float64(e.ConnectionID)})
		},
	}
}

// optionsJSON renders the options a pool was given, as the URI names them.
func optionsJSON(o pool.Options) map[string]any {
	out := map[string]any{}
	if o.MaxPoolSize != 0 {
		n := o.MaxPoolSize
		if n < 0 {
			n = 0
		}
		out["maxPoolSize"] = float64(n)
	}
	if o.MinPoolSize != 0 {
		out["minPoolSize"] = float64(o.MinPoolSize)
	}
	if o.MaxConnecting != 0 {
		out["maxConnecting"] = float64(o.MaxConnecting)
	}
	if o.MaxIdleTime != 0 {
		out["maxIdleTimeMS"] = ms(o.MaxIdleTime)
	}
	if o.WaitQueueTimeout != 0 {
		out["waitQueueTimeoutMS"] = ms(o.WaitQueueTimeout)
	}
	return out
}

// count returns how many events of typ were seen, ignore list or not.
func (r *cmapRecorder) count(typ string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.events {
		if e["type"] == typ {
			n++
		}
	}
	return n
}

// filtered returns the events whose type is not ignored.
func (r *cmapRecorder) filtered(ignore []string) []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []map[string]any
	for _, e := range r.events {
		skip := false
		for _, typ := range ignore {
			if e["type"] == typ {
				skip = true
			}
		}
		if !skip {
			out = append(out, e)
		}
	}
	return out
}

// isPlaceholder reports the CMAP format's "any value" markers, 42 and "42".
func isPlaceholder(v any) bool {
	switch x := v.(type) {
	case float64:
		return x == 42
	case string:
		return x == "42"
	}
	return false
}

// cmapMatch reports, per the CMAP format's MATCH, whether actual matches
// expected: objects match on the expected keys, arrays by index, and the
// placeholders match any present value.
func cmapMatch(expected, actual any, path string) error {
	if isPlaceholder(expected) {
		if actual == nil {
			return fmt.Errorf("%s: missing", path)
		}
		return nil
	}
	switch want := expected.(type) {
	case map[string]any:
		got, ok := actual.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: got %T %v, want an object", path, actual, actual)
		}
		for k, v := range want {
			if err := cmapMatch(v, got[k], path+"."+k); err != nil {
				return err
			}
		}
		return nil
	case []any:
		got, ok := actual.([]any)
		if !ok || len(got) < len(want) {
			return fmt.Errorf("%s: got %v, want %v", path, actual, expected)
		}
		for i, v := range want {
			if err := cmapMatch(v, got[i], fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if expected != actual {
		return fmt.Errorf("%s: got %v (%T), want %v (%T)", path, actual, actual, expected, expected)
	}
	return nil
}
