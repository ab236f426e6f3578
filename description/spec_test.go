package description_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/description"
)

// TestSDAMResponses parses every hello reply in the SDAM specification's
// JSON tests (rs, single, sharded, load-balanced, errors, monitoring). The
// topology package checks the state machine against their outcomes; here
// each reply must give a known type when ok is 1 and Unknown otherwise, so
// every field form the tests use (null, $numberLong, $oid, mixed case) is
// read without a parse error.
func TestSDAMResponses(t *testing.T) {
	dir := specDir(t, "server-discovery-and-monitoring")
	for _, sub := range []string{"rs", "single", "sharded", "load-balanced", "errors", "monitoring"} {
		files, _ := filepath.Glob(filepath.Join(dir, sub, "*.json"))
		sort.Strings(files)
		for _, f := range files {
			name := sub + "/" + filepath.Base(f)
			passed, failed := checkResponses(t, f)
			t.Logf("SUITE %s: %d passed, 0 skipped, %d failed", name, passed, failed)
			fmt.Printf("SUITE sdam-responses %s: %d passed, 0 skipped, %d failed\n", name, passed, failed)
		}
	}
}

func checkResponses(t *testing.T, path string) (passed, failed int) {
	var file struct {
		Phases []struct {
			Responses [][2]json.RawMessage `json:"responses"`
		} `json:"phases"`
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, ph := range file.Phases {
		for _, r := range ph.Responses {
			var addr string
			_ = json.Unmarshal(r[0], &addr)
			var ok struct {
				OK *float64 `json:"ok"`
			}
			_ = json.Unmarshal(r[1], &ok)
			s := description.NewServer(addr, doc(t, string(r[1])))
			wantKnown := ok.OK != nil && *ok.OK == 1
			if wantKnown != (s.Error == nil) || (s.Type == description.Unknown) != (s.Error != nil) {
				t.Errorf("%s: reply %s gave type %v, error %v", path, r[1], s.Type, s.Error)
				failed++
				continue
			}
			passed++
		}
	}
	return passed, failed
}

// specDir returns source/<spec>/tests from $MONGO_SPEC_DIR, else from
// ../shared/specifications beside the repository root. A missing directory
// fails the test under CI and skips it otherwise.
func specDir(t *testing.T, spec string) string {
	t.Helper()
	return spectest.Dir(t, spec)
}
