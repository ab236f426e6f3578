package pool_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/pool"
)

// cmapTest is one file of the CMAP unit/integration format.
type cmapTest struct {
	Version     int               `json:"version"`
	Style       string            `json:"style"`
	Description string            `json:"description"`
	PoolOptions map[string]any    `json:"poolOptions"`
	Operations  []map[string]any  `json:"operations"`
	Error       map[string]any    `json:"error"`
	Events      []any             `json:"events"`
	Ignore      []string          `json:"ignore"`
	RunOn       []json.RawMessage `json:"runOn"`
	FailPoint   json.RawMessage   `json:"failPoint"`
}

// cmapRun is the state of one test: the pool, its events, the labelled
// connections and the named threads.
type cmapRun struct {
	t       *testing.T
	p       *pool.Pool
	rec     *cmapRecorder
	mu      sync.Mutex
	labels  map[string]*pool.Conn
	threads map[string]*cmapThread
}

// cmapThread runs the operations sent to it in order; after an error it
// skips the rest, and waitForThread reports that error.
type cmapThread struct {
	ops  chan map[string]any
	done chan struct{}
	err  error
}

// cmapConfig translates poolOptions into a pool.Config.
func cmapConfig(opts map[string]any) pool.Config {
	var cfg pool.Config
	num := func(k string) (int, bool) {
		v, ok := opts[k].(float64)
		return int(v), ok
	}
	if n, ok := num("maxPoolSize"); ok {
		cfg.MaxPoolSize = n
		if n == 0 {
			cfg.MaxPoolSize = pool.NoLimit
		}
	}
	if n, ok := num("minPoolSize"); ok {
		cfg.MinPoolSize = n
	}
	if n, ok := num("maxConnecting"); ok {
		cfg.MaxConnecting = n
	}
	if n, ok := num("maxIdleTimeMS"); ok {
		cfg.MaxIdleTime = time.Duration(n) * time.Millisecond
	}
	if n, ok := num("waitQueueTimeoutMS"); ok {
		cfg.WaitQueueTimeout = time.Duration(n) * time.Millisecond
	}
	if n, ok := num("backgroundThreadIntervalMS"); ok {
		cfg.MaintainInterval = time.Duration(n) * time.Millisecond
		if n < 0 {
			cfg.MaintainInterval = pool.NoLimit
		}
	}
	if s, ok := opts["appName"].(string); ok {
		cfg.Conn.AppName = s
	}
	return cfg
}

// runCMAP runs one test against a pool made from cfg (Address and Dial
// set by the caller).
func runCMAP(t *testing.T, tc *cmapTest, cfg pool.Config) {
	r := &cmapRun{t: t, rec: &cmapRecorder{}, labels: map[string]*pool.Conn{}, threads: map[string]*cmapThread{}}
	cfg.Events = r.rec.hooks()
	// SDAM's part: an establishment failure in the background clears the
	// pool (pool-create-min-size-error).
	var p *pool.Pool
	cfg.BackgroundError = func(err *pool.ConnectionError) { p.Clear(pool.ClearOptions{Cause: err}) }
	p = pool.New(cfg)
	r.p = p

	mainErr := r.runOps(tc.Operations)
	r.finish()
	checkCMAPError(t, tc.Error, mainErr)
	checkCMAPEvents(t, tc, r.rec)
}

// runOps runs the main thread's operations; an error stops them.
func (r *cmapRun) runOps(ops []map[string]any) error {
	for i, op := range ops {
		if th, _ := op["thread"].(string); th != "" {
			r.mu.Lock()
			thread := r.threads[th]
			r.mu.Unlock()
			if thread == nil {
				return fmt.Errorf("operation %d: unknown thread %q", i, th)
			}
			thread.ops <- op
			continue
		}
		if err := r.exec(op); err != nil {
			return err
		}
	}
	return nil
}

// finish closes the pool and ends every thread.
func (r *cmapRun) finish() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_ = r.p.Close(ctx)
	r.mu.Lock()
	threads := r.threads
	for _, th := range threads {
		if th.ops != nil {
			close(th.ops)
			th.ops = nil
		}
	}
	r.mu.Unlock()
	for name, th := range threads {
		select {
		case <-th.done:
		case <-time.After(10 * time.Second):
			r.t.Errorf("thread %s did not finish", name)
		}
	}
	bg, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	if err := r.p.Close(bg); err != nil {
		r.t.Errorf("pool goroutines did not end: %v", err)
	}
}

func (r *cmapRun) startThread(name string) {
	th := &cmapThread{ops: make(chan map[string]any, 64), done: make(chan struct{})}
	r.mu.Lock()
	r.threads[name] = th
	r.mu.Unlock()
	ops := th.ops // waitThread clears th.ops once it closed the channel
	go func() {
		defer close(th.done)
		for op := range ops {
			if th.err == nil {
				th.err = r.exec(op)
			}
		}
	}()
}

// exec runs one operation.
func (r *cmapRun) exec(op map[string]any) error {
	name, _ := op["name"].(string)
	num := func(k string) float64 { v, _ := op[k].(float64); return v }
	str := func(k string) string { v, _ := op[k].(string); return v }
	switch name {
	case "start":
		r.startThread(str("target"))
	case "wait":
		time.Sleep(time.Duration(num("ms")) * time.Millisecond)
	case "waitForThread":
		return r.waitThread(str("target"))
	case "waitForEvent":
		return r.waitEvent(str("event"), int(num("count")), time.Duration(num("timeout"))*time.Millisecond)
	case "checkOut":
		c, err := r.p.Checkout(context.Background(), pool.OwnerOperation)
		if err != nil {
			return err
		}
		if l := str("label"); l != "" {
			r.mu.Lock()
			r.labels[l] = c
			r.mu.Unlock()
		}
	case "checkIn":
		r.mu.Lock()
		c := r.labels[str("connection")]
		r.mu.Unlock()
		return r.p.Checkin(c)
	case "clear":
		interrupt, _ := op["interruptInUseConnections"].(bool)
		r.p.Clear(pool.ClearOptions{InterruptInUse: interrupt})
	case "close":
		// Close waits for checked-out connections; the tests expect it
		// to return at once and close them when they come back.
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_ = r.p.Close(ctx)
	case "ready":
		r.p.Ready()
	default:
		return fmt.Errorf("unknown operation %q", name)
	}
	return nil
}

func (r *cmapRun) waitThread(name string) error {
	r.mu.Lock()
	th := r.threads[name]
	if th == nil {
		r.mu.Unlock()
		return fmt.Errorf("unknown thread %q", name)
	}
	if th.ops != nil {
		close(th.ops)
		th.ops = nil
	}
	r.mu.Unlock()
	select {
	case <-th.done:
		return th.err
	case <-time.After(30 * time.Second):
		return fmt.Errorf("thread %s did not finish", name)
	}
}

func (r *cmapRun) waitEvent(typ string, count int, timeout time.Duration) error {
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	deadline := time.Now().Add(timeout)
	for r.rec.count(typ) < count {
		if time.Now().After(deadline) {
			return fmt.Errorf("waitForEvent: %d %s events after %v, want %d", r.rec.count(typ), typ, timeout, count)
		}
		time.Sleep(time.Millisecond)
	}
	return nil
}

// cmapErrorType names a pool error as the CMAP format does.
func cmapErrorType(err error) string {
	var (
		closed  *pool.PoolClosedError
		cleared *pool.PoolClearedError
		wqt     *pool.WaitQueueTimeoutError
	)
	switch {
	case errors.As(err, &closed):
		return "PoolClosedError"
	case errors.As(err, &cleared):
		return "PoolClearedError"
	case errors.As(err, &wqt):
		return "WaitQueueTimeoutError"
	}
	return fmt.Sprintf("%T", err)
}

// checkCMAPError compares the main thread's error with the expected one.
// Messages match when ours contains the expected text, case aside: our
// messages start with "pool: " and name the address.
func checkCMAPError(t *testing.T, want map[string]any, got error) {
	t.Helper()
	if want == nil {
		if got != nil {
			t.Errorf("unexpected error: %v", got)
		}
		return
	}
	if got == nil {
		t.Errorf("no error, want %v", want)
		return
	}
	if typ, _ := want["type"].(string); typ != "" && cmapErrorType(got) != typ {
		t.Errorf("error %v is a %s, want %s", got, cmapErrorType(got), typ)
	}
	if msg, _ := want["message"].(string); msg != "" && !strings.Contains(strings.ToLower(got.Error()), strings.ToLower(msg)) {
		t.Errorf("error %q does not say %q", got.Error(), msg)
	}
}

// checkCMAPEvents matches the expected events against the recorded ones
// not ignored, in order. Events that follow an operation asynchronously
// get a moment to arrive.
func checkCMAPEvents(t *testing.T, tc *cmapTest, rec *cmapRecorder) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for len(rec.filtered(tc.Ignore)) < len(tc.Events) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	got := rec.filtered(tc.Ignore)
	for i, want := range tc.Events {
		if i >= len(got) {
			t.Errorf("event %d: missing, want %v", i, want)
			continue
		}
		if err := cmapMatch(want, got[i], fmt.Sprintf("event[%d]", i)); err != nil {
			t.Errorf("%v\n  got  %v\n  want %v", err, got[i], want)
		}
	}
	if t.Failed() {
		for i, e := range got {
			t.Logf("actual event %d: %v", i, e)
		}
	}
}
