package topology_test

import (
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

// selectionSkips lists server selection and max staleness files not run,
// with the reason. It is empty.
var selectionSkips = map[string]string{}

type selTopology struct {
	Type    string      `json:"type"`
	Servers []selServer `json:"servers"`
}

type selServer struct {
	Address        string            `json:"address"`
	AvgRTTMS       float64           `json:"avg_rtt_ms"`
	Type           string            `json:"type"`
	Tags           map[string]string `json:"tags"`
	MaxWireVersion int32             `json:"maxWireVersion"`
	LastUpdateTime int64             `json:"lastUpdateTime"`
	LastWrite      *struct {
		LastWriteDate json.RawMessage `json:"lastWriteDate"`
	} `json:"lastWrite"`
}

type selReadPref struct {
	Mode                string              `json:"mode"`
	TagSets             []map[string]string `json:"tag_sets"`
	MaxStalenessSeconds *int64              `json:"maxStalenessSeconds"`
}

type selFile struct {
	HeartbeatFrequencyMS *int64      `json:"heartbeatFrequencyMS"`
	Topology             selTopology `json:"topology_description"`
	Operation            string      `json:"operation"`
	ReadPref             selReadPref `json:"read_preference"`
	Suitable             []selServer `json:"suitable_servers"`
	InLatencyWindow      []selServer `json:"in_latency_window"`
	Deprioritized        []selServer `json:"deprioritized_servers"`
	Error                bool        `json:"error"`
}

func TestServerSelectionSpec(t *testing.T) {
	runSelectionDir(t, "selection", spectest.Dir(t, "server-selection"), "server_selection/*/*/*.json")
}

func TestMaxStalenessSpec(t *testing.T) {
	runSelectionDir(t, "max-staleness", spectest.Dir(t, "max-staleness"), "*/*.json")
}

// runSelectionDir runs each file matching pattern under root as one case.
func runSelectionDir(t *testing.T, suite, root, pattern string) {
	for _, path := range spectest.Files(t, root, pattern) {
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		var c spectest.Counts
		c.Run(t, rel, selectionSkips, func(t *testing.T) {
			var f selFile
			spectest.ReadJSON(t, path, &f)
			runSelectionFile(t, f)
		})
		c.Report(t, suite, rel)
	}
}

func runSelectionFile(t *testing.T, f selFile) {
	d := buildDescription(t, f.Topology, f.HeartbeatFrequencyMS)
	crit, err := buildCriteria(t, f)
	var suitable, window []description.Server
	if err == nil {
		suitable, err = topology.Suitable(nil, d, crit)
	}
	if err == nil {
		window, err = topology.Select(d, crit)
	}
	if f.Error {
		if err == nil {
			t.Fatalf("selected %v, want an error", addrsOf(window))
		}
		return
	}
	if err != nil {
		t.Fatalf("error %v", err)
	}
	if f.Suitable != nil {
		expectSameServers(t, "suitable", f.Suitable, suitable)
	}
	expectSameServers(t, "in latency window", f.InLatencyWindow, window)
	picked, ok := topology.PickLeastBusy(window, func(string) int64 { return 0 }, nil)
	if ok != (len(f.InLatencyWindow) > 0) {
		t.Fatalf("PickLeastBusy found a server: %v, want %v", ok, !ok)
	}
	if ok && !slices.ContainsFunc(f.InLatencyWindow, func(s selServer) bool { return description.NormalizeAddr(s.Address) == picked.Addr }) {
		t.Errorf("picked %s, not in the latency window", picked.Addr)
	}
}

// buildDescription makes the topology description a test file describes,
// with the default local threshold of 15 ms.
func buildDescription(t *testing.T, td selTopology, heartbeatMS *int64) topology.Description {
	t.Helper()
	kind, ok := topology.ParseKind(td.Type)
	if !ok {
		t.Fatalf("topology type %q", td.Type)
	}
	d := topology.Description{Kind: kind, HeartbeatFrequency: topology.DefaultHeartbeatFrequency, LocalThreshold: topology.DefaultLocalThreshold}
	if heartbeatMS != nil {
		d.HeartbeatFrequency = time.Duration(*heartbeatMS) * time.Millisecond
	}
	for _, s := range td.Servers {
		d.Servers = append(d.Servers, buildServer(t, s))
	}
	slices.SortFunc(d.Servers, func(a, b description.Server) int { return strings.Compare(a.Addr, b.Addr) })
	return d
}

func buildServer(t *testing.T, s selServer) description.Server {
	t.Helper()
	typ, ok := description.ParseServerType(s.Type)
	if !ok {
		t.Fatalf("server type %q", s.Type)
	}
	out := description.Server{Addr: description.NormalizeAddr(s.Address), Type: typ, Tags: s.Tags,
		RTT: time.Duration(math.Round(s.AvgRTTMS * float64(time.Millisecond))), MaxWireVersion: s.MaxWireVersion,
		LastUpdateTime: time.UnixMilli(s.LastUpdateTime)}
	if s.LastWrite != nil {
		ms, ok := extValue(t, s.LastWrite.LastWriteDate).AsInt64OK()
		if !ok {
			t.Fatalf("lastWriteDate %s", s.LastWrite.LastWriteDate)
		}
		out.LastWriteDate = time.UnixMilli(ms)
	}
	return out
}

// buildCriteria makes the criteria; an invalid read preference is the
// error a test may expect.
func buildCriteria(t *testing.T, f selFile) (topology.Criteria, error) {
	t.Helper()
	c := topology.Criteria{Write: f.Operation == "write"}
	for _, s := range f.Deprioritized {
		c.Deprioritized = append(c.Deprioritized, description.NormalizeAddr(s.Address))
	}
	rp := f.ReadPref
	var err error
	if rp.Mode != "" {
		if c.ReadPref.Mode, err = topology.ParseMode(rp.Mode); err != nil {
			return c, err
		}
	}
	for _, ts := range rp.TagSets {
		c.ReadPref.TagSets = append(c.ReadPref.TagSets, topology.TagSet(ts))
	}
	if rp.MaxStalenessSeconds != nil {
		c.ReadPref.MaxStaleness, err = topology.MaxStalenessFromSeconds(*rp.MaxStalenessSeconds)
	}
	return c, err
}

func expectSameServers(t *testing.T, what string, want []selServer, got []description.Server) {
	t.Helper()
	w := make([]string, len(want))
	for i, s := range want {
		w[i] = description.NormalizeAddr(s.Address)
	}
	g := addrsOf(got)
	slices.Sort(w)
	slices.Sort(g)
	if !slices.Equal(w, g) {
		t.Errorf("%s: %v, want %v", what, g, w)
	}
}

func addrsOf(servers []description.Server) []string {
	out := make([]string, len(servers))
	for i, s := range servers {
		out[i] = s.Addr
	}
	return out
}
