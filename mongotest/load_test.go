package mongotest_test

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/wire"
	"go.uber.org/goleak"
)

func TestNoGoroutinesAfterClose(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	s := mongotest.NewServer()
	c := dial(t, s)
	expect(t, c.cmd("test", `{"create": "cap", "capped": true, "size": 4096}`), `{"ok": 1}`)
	insertN(t, c, "cap", 1)
	// Leave work in every blocking state: a streaming hello, an awaitData
	// getMore, a blocked fail point, an idle connection.
	tv := c.cmd("admin", `{"hello": 1}`).Lookup("topologyVersion").Document()
	stream := dial(t, s)
	stream.send(mustMsgFlags(t, rawCmd(func(d *docB) {
		d.int32("hello", 1)
		d.b = appendDocElem(d.b, "topologyVersion", tv)
		d.b = appendInt64Elem(d.b, "maxAwaitTimeMS", 60000)
		d.str("$db", "admin")
	}), wire.ExhaustAllowed))
	id := cursorID(t, c.cmd("test", `{"find": "cap", "tailable": true, "awaitData": true}`))
	tail := dial(t, s)
	tail.send(mustMsg(t, withDB(ext(t, fmt.Sprintf(`{"getMore": {"$numberLong": "%d"}, "collection": "cap", "maxTimeMS": 60000}`, id)), "test")))
	expect(t, c.cmd("admin", `{"configureFailPoint": "failCommand", "mode": "alwaysOn", "data": {"failCommands": ["ping"], "blockConnection": true, "blockTimeMS": 60000}}`), `{"ok": 1}`)
	blocked := dial(t, s)
	blocked.send(mustMsg(t, withDB(ext(t, `{"ping": 1}`), "admin")))
	dial(t, s)
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
}

// TestLoad runs clients doing mixed CRUD concurrently. By default it is
// small (50 clients for 1 s, 20 for 0.5 s with -short); set
// MONGOTEST_LOAD=full for the 500 clients for 10 s.
func TestLoad(t *testing.T) {
	clients, dur := 50, time.Second
	if testing.Short() {
		clients, dur = 20, 500*time.Millisecond
	}
	if os.Getenv("MONGOTEST_LOAD") == "full" {
		clients, dur = 500, 10*time.Second
	}
	baseline := runtime.NumGoroutine()
	s := newServer(t)
	var ops, failures atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(dur)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			n, f := loadClient(t, s, i, stop)
			ops.Add(n)
			failures.Add(f)
		}(i)
	}
	wg.Wait()
	rate := float64(ops.Load()) / dur.Seconds()
	t.Logf("load: %d clients, %v: %d operations, %.0f ops/s, %d failures", clients, dur, ops.Load(), rate, failures.Load())
	fmt.Printf("LOAD mongotest: %d clients, %v: %.0f ops/s, %d failures\n", clients, dur, rate, failures.Load())
	if failures.Load() > 0 {
		t.Errorf("%d operations failed", failures.Load())
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.NumConnections() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := s.NumConnections(); n != 0 {
		t.Errorf("%d server connections left after the clients disconnected", n)
	}
	for runtime.NumGoroutine() > baseline+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > baseline+2 {
		t.Errorf("goroutines grew from %d to %d", baseline, g)
	}
}

// loadClient runs insert, find, update, count and delete in a loop on its
// own connection until stop, and returns the operations done and failed.
func loadClient(t *testing.T, s *mongotest.Server, i int, stop time.Time) (ops, failed int64) {
	c := dial(t, s)
	defer c.nc.Close()
	coll := fmt.Sprintf("load%d", i%10)
	for k := 0; time.Now().Before(stop); k++ {
		id := fmt.Sprintf(`"%d-%d"`, i, k)
		for _, tc := range []struct{ cmd, want string }{
			{`{"insert": "` + coll + `", "documents": [{"_id": ` + id + `, "n": 0, "c": ` + fmt.Sprint(i) + `}]}`, `{"n": 1}`},
			{`{"find": "` + coll + `", "filter": {"_id": ` + id + `}}`, `{"cursor": {"firstBatch": [{"n": 0}]}}`},
			{`{"update": "` + coll + `", "updates": [{"q": {"_id": ` + id + `}, "u": {"$inc": {"n": 1}}}]}`, `{"nModified": 1}`},
			{`{"count": "` + coll + `", "query": {"c": ` + fmt.Sprint(i) + `}}`, `{"n": 1}`},
			{`{"delete": "` + coll + `", "deletes": [{"q": {"_id": ` + id + `}, "limit": 1}]}`, `{"n": 1}`},
		} {
			r := c.cmd("load", tc.cmd)
			ops++
			if matchDoc(ext(t, tc.want), r, "") != nil {
				failed++
			}
		}
	}
	return ops, failed
}
