package topology_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

type rttFile struct {
	AvgRTTMS  json.RawMessage `json:"avg_rtt_ms"`
	NewRTTMS  float64         `json:"new_rtt_ms"`
	NewAvgRTT float64         `json:"new_avg_rtt"`
}

func ms(f float64) time.Duration { return time.Duration(math.Round(f * float64(time.Millisecond))) }

// TestRTTSpec seeds an RTT with avg_rtt_ms as its first sample (none for
// "NULL"), adds new_rtt_ms and checks the average.
func TestRTTSpec(t *testing.T) {
	root := spectest.Dir(t, "server-selection")
	for _, path := range spectest.Files(t, filepath.Join(root, "rtt"), "*.json") {
		name := "rtt/" + filepath.Base(path)
		var c spectest.Counts
		c.Run(t, name, nil, func(t *testing.T) {
			var f rttFile
			spectest.ReadJSON(t, path, &f)
			var r topology.RTT
			if string(f.AvgRTTMS) != `"NULL"` {
				var old float64
				if err := json.Unmarshal(f.AvgRTTMS, &old); err != nil {
					t.Fatal(err)
				}
				mustAdd(t, &r, ms(old))
			}
			mustAdd(t, &r, ms(f.NewRTTMS))
			if got, want := r.Average(), ms(f.NewAvgRTT); absDur(got-want) > time.Nanosecond {
				t.Errorf("average %v, want %v", got, want)
			}
		})
		c.Report(t, "selection", name)
	}
}

func mustAdd(t *testing.T, r *topology.RTT, d time.Duration) {
	t.Helper()
	if err := r.Add(d); err != nil {
		t.Fatal(err)
	}
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

type inWindowFile struct {
	Topology    selTopology `json:"topology_description"`
	MockedState []struct {
		Address        string `json:"address"`
		OperationCount int64  `json:"operation_count"`
	} `json:"mocked_topology_state"`
	Iterations int `json:"iterations"`
	Outcome    struct {
		Tolerance           float64            `json:"tolerance"`
		ExpectedFrequencies map[string]float64 `json:"expected_frequencies"`
	} `json:"outcome"`
}

// TestInWindowSpec selects with mode nearest `iterations` times, picking
// by operation count with a seeded random source, and compares the
// frequencies with the expected ones (exactly for 0 and 1).
func TestInWindowSpec(t *testing.T) {
	root := spectest.Dir(t, "server-selection")
	for _, path := range spectest.Files(t, filepath.Join(root, "in_window"), "*.json") {
		name := "in_window/" + filepath.Base(path)
		var c spectest.Counts
		c.Run(t, name, nil, func(t *testing.T) {
			var f inWindowFile
			spectest.ReadJSON(t, path, &f)
			runInWindow(t, f)
		})
		c.Report(t, "selection", name)
	}
}

func runInWindow(t *testing.T, f inWindowFile) {
	d := buildDescription(t, f.Topology, nil)
	ops := map[string]int64{}
	for _, m := range f.MockedState {
		ops[description.NormalizeAddr(m.Address)] = m.OperationCount
	}
	count := func(addr string) int64 { return ops[addr] }
	r := rand.New(rand.NewPCG(5, 42))
	tally := map[string]int{}
	var buf []description.Server
	for range f.Iterations {
		var err error
		buf, err = topology.AppendSelected(buf[:0], d, topology.Criteria{ReadPref: topology.ReadPref{Mode: topology.Nearest}})
		if err != nil {
			t.Fatal(err)
		}
		s, ok := topology.PickLeastBusy(buf, count, r)
		if !ok {
			t.Fatal("no server selected")
		}
		tally[s.Addr]++
	}
	for addr, want := range f.Outcome.ExpectedFrequencies {
		got := float64(tally[description.NormalizeAddr(addr)]) / float64(f.Iterations)
		exact := want == 0 || want == 1
		if (exact && got != want) || math.Abs(got-want) > f.Outcome.Tolerance {
			t.Errorf("%s selected %.4f of the time, want %.4f ± %.3f", addr, got, want, f.Outcome.Tolerance)
		}
	}
}
