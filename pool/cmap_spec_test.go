package pool_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/pool"
)

// cmapSkips lists the CMAP test files not run at all, with the reason.
// It is empty: every file runs.
//
// The 7 integration files run twice: against the in-memory dialer made to
// act like the fail point, and against mongotest with the file's fail
// point as written, appName filter included (mongotest, like mongod,
// applies it to the handshake hello that carries the appName).
var cmapSkips = map[string]string{}

// cmapSpecDir returns the cmap-format test directory from $MONGO_SPEC_DIR,
// else from ../shared/specifications beside the repository root. A missing
// directory fails the test under CI and skips it otherwise.
func cmapSpecDir(t *testing.T) string {
	t.Helper()
	root := os.Getenv("MONGO_SPEC_DIR")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "specifications")
	}
	dir := filepath.Join(root, "source", "connection-monitoring-and-pooling", "tests", "cmap-format")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("specification tests missing under CI: %v", err)
		}
		t.Skipf("specification tests not found (set MONGO_SPEC_DIR): %v", err)
	}
	return dir
}

// TestCMAPSpec runs every cmap-format file: the unit ones against an
// in-memory dialer, the integration ones (fail points on the handshake)
// against mongotest over real sockets.
func TestCMAPSpec(t *testing.T) {
	dir := cmapSpecDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CMAP test files in %s: %v", dir, err)
	}
	sort.Strings(files)
	var srv *mongotest.Server
	defer func() {
		if srv != nil {
			srv.Close()
		}
	}()
	var summary []string
	for _, path := range files {
		name := filepath.Base(path)
		tc := loadCMAP(t, path)
		if reason, ok := cmapSkips[name]; ok {
			summary = append(summary, fmt.Sprintf("CMAP %s: 0 passed, 1 skipped, 0 failed (%s)", name, reason))
			continue
		}
		if tc.Style != "integration" {
			ok := t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
				cfg := cmapConfig(tc.PoolOptions)
				cfg.Address = "cmap.test:27017"
				cfg.Dial = (&memDialer{}).Dial
				runCMAP(t, tc, cfg)
			})
			summary = append(summary, cmapSummary(name, b2i(ok), b2i(!ok)))
			continue
		}
		if srv == nil {
			srv = mongotest.NewServer()
		}
		base := strings.TrimSuffix(name, ".json")
		sim := t.Run(base+"/simulated", func(t *testing.T) { runCMAPSimulated(t, tc) })
		real := t.Run(base+"/mongotest", func(t *testing.T) { runCMAPMongotest(t, tc, srv) })
		summary = append(summary, cmapSummary(name, b2i(sim)+b2i(real), b2i(!sim)+b2i(!real)))
	}
	for _, line := range summary {
		t.Log(line)
		fmt.Println(line)
	}
}

func loadCMAP(t *testing.T, path string) *cmapTest {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tc cmapTest
	if err := json.Unmarshal(data, &tc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &tc
}

// cmapSummary is a file's summary line. Integration files count two
// cases: a simulated fail point, then mongotest.
func cmapSummary(name string, passed, failed int) string {
	return fmt.Sprintf("CMAP %s: %d passed, 0 skipped, %d failed", name, passed, failed)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runCMAPMongotest runs an integration file against mongotest with its
// fail point, set and unset over one admin connection opened first.
func runCMAPMongotest(t *testing.T, tc *cmapTest, srv *mongotest.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := pool.Dial(ctx, srv.Addr(), pool.ConnConfig{})
	if err != nil {
		t.Fatalf("admin connection: %v", err)
	}
	defer admin.Close()
	runFailPointCmd(t, admin, tc.FailPoint)
	defer runFailPointCmd(t, admin, json.RawMessage(`{"configureFailPoint": "failCommand", "mode": "off"}`))
	cfg := cmapConfig(tc.PoolOptions)
	cfg.Address = srv.Addr()
	runCMAP(t, tc, cfg)
}

// runFailPointCmd runs a configureFailPoint command on c.
func runFailPointCmd(t *testing.T, c *pool.Conn, cmd json.RawMessage) {
	t.Helper()
	doc, err := bson.ParseExtJSON(nil, cmd, false)
	if err != nil {
		t.Fatalf("failPoint: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.RunCommand(ctx, "admin", doc); err != nil {
		t.Fatalf("configureFailPoint: %v", err)
	}
}

// runCMAPSimulated runs an integration file against the in-memory dialer
// made to behave like the fail point on the handshake: blocked for
// blockTimeMS, or failing with errorCode, for its first "times"
// establishments or always.
func runCMAPSimulated(t *testing.T, tc *cmapTest) {
	var fp struct {
		Mode any `json:"mode"`
		Data struct {
			BlockConnection bool   `json:"blockConnection"`
			BlockTimeMS     int    `json:"blockTimeMS"`
			ErrorCode       *int32 `json:"errorCode"`
		} `json:"data"`
	}
	if err := json.Unmarshal(tc.FailPoint, &fp); err != nil {
		t.Fatalf("failPoint: %v", err)
	}
	times := int64(-1) // alwaysOn
	if m, ok := fp.Mode.(map[string]any); ok {
		n, _ := m["times"].(float64)
		times = int64(n)
	}
	d := &memDialer{}
	if fp.Data.BlockConnection {
		d.delay = time.Duration(fp.Data.BlockTimeMS) * time.Millisecond
	}
	var fired atomic.Int64
	if code := fp.Data.ErrorCode; code != nil {
		d.fail = func(int64) error {
			if times >= 0 && fired.Add(1) > times {
				return nil
			}
			return &pool.EstablishError{Stage: pool.StageHello, Addr: "cmap.test:27017",
				Err: &pool.CommandError{Code: *code, Message: "Failing command via 'failCommand' failpoint"}}
		}
	}
	cfg := cmapConfig(tc.PoolOptions)
	cfg.Address = "cmap.test:27017"
	cfg.Dial = d.Dial
	runCMAP(t, tc, cfg)
}
