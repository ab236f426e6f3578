package topology_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/topology"
)

type sdamOutcome struct {
	TopologyType                 string                       `json:"topologyType"`
	SetName                      json.RawMessage              `json:"setName"`
	Servers                      map[string]sdamServer        `json:"servers"`
	LogicalSessionTimeoutMinutes json.RawMessage              `json:"logicalSessionTimeoutMinutes"`
	MaxSetVersion                json.RawMessage              `json:"maxSetVersion"`
	MaxElectionID                json.RawMessage              `json:"maxElectionId"`
	Compatible                   *bool                        `json:"compatible"`
	Events                       []map[string]json.RawMessage `json:"events"`
}

type sdamServer struct {
	Type                         string          `json:"type"`
	Error                        *string         `json:"error"`
	SetName                      json.RawMessage `json:"setName"`
	SetVersion                   json.RawMessage `json:"setVersion"`
	ElectionID                   json.RawMessage `json:"electionId"`
	LogicalSessionTimeoutMinutes json.RawMessage `json:"logicalSessionTimeoutMinutes"`
	MinWireVersion               *int32          `json:"minWireVersion"`
	MaxWireVersion               *int32          `json:"maxWireVersion"`
	TopologyVersion              json.RawMessage `json:"topologyVersion"`
	Pool                         *struct {
		Generation uint64 `json:"generation"`
	} `json:"pool"`
}

// checkOutcome compares the description with an outcome; fields absent
// from the outcome are not checked.
func checkOutcome(t *testing.T, want sdamOutcome, d topology.Description, gen map[string]uint64) {
	t.Helper()
	if k, ok := topology.ParseKind(want.TopologyType); !ok || k != d.Kind {
		t.Errorf("topology type %v, want %s", d.Kind, want.TopologyType)
	}
	checkString(t, "setName", want.SetName, d.SetName)
	checkInt(t, "logicalSessionTimeoutMinutes", want.LogicalSessionTimeoutMinutes, d.LogicalSessionTimeoutMinutes)
	checkInt(t, "maxSetVersion", want.MaxSetVersion, d.MaxSetVersion)
	checkOID(t, "maxElectionId", want.MaxElectionID, d.MaxElectionID)
	if want.Compatible != nil && *want.Compatible != (d.CompatibilityErr == nil) {
		t.Errorf("compatible = %v (%v), want %v", d.CompatibilityErr == nil, d.CompatibilityErr, *want.Compatible)
	}
	var addrs []string
	for a := range want.Servers {
		addrs = append(addrs, description.NormalizeAddr(a))
	}
	slices.Sort(addrs)
	var got []string
	for _, s := range d.Servers {
		got = append(got, s.Addr)
	}
	if !slices.Equal(got, addrs) {
		t.Errorf("servers %v, want %v", got, addrs)
	}
	for a, ws := range want.Servers {
		if s, ok := d.Server(description.NormalizeAddr(a)); ok {
			checkServer(t, a, ws, s, gen)
		}
	}
	if t.Failed() {
		t.Logf("description: %v", d)
	}
}

func checkServer(t *testing.T, addr string, want sdamServer, s description.Server, gen map[string]uint64) {
	t.Helper()
	if typ, ok := description.ParseServerType(want.Type); !ok || typ != s.Type {
		t.Errorf("%s: type %v, want %s", addr, s.Type, want.Type)
	}
	if want.Error != nil && (s.Error == nil || !strings.Contains(s.Error.Error(), *want.Error)) {
		t.Errorf("%s: error %v, want it to contain %q", addr, s.Error, *want.Error)
	}
	checkString(t, addr+" setName", want.SetName, s.SetName)
	checkInt(t, addr+" setVersion", want.SetVersion, s.SetVersion)
	checkOID(t, addr+" electionId", want.ElectionID, s.ElectionID)
	checkInt(t, addr+" logicalSessionTimeoutMinutes", want.LogicalSessionTimeoutMinutes, s.LogicalSessionTimeoutMinutes)
	if want.MinWireVersion != nil && *want.MinWireVersion != s.MinWireVersion {
		t.Errorf("%s: minWireVersion %d, want %d", addr, s.MinWireVersion, *want.MinWireVersion)
	}
	if want.MaxWireVersion != nil && *want.MaxWireVersion != s.MaxWireVersion {
		t.Errorf("%s: maxWireVersion %d, want %d", addr, s.MaxWireVersion, *want.MaxWireVersion)
	}
	checkTopologyVersion(t, addr, want.TopologyVersion, s.TopologyVersion)
	if want.Pool != nil && gen[s.Addr] != want.Pool.Generation {
		t.Errorf("%s: pool generation %d, want %d", addr, gen[s.Addr], want.Pool.Generation)
	}
}

// checkString compares an optional, nullable string ("" is null).
func checkString(t *testing.T, what string, want json.RawMessage, got string) {
	t.Helper()
	if want == nil {
		return
	}
	var w string
	if !isNull(want) {
		if err := json.Unmarshal(want, &w); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	if got != w {
		t.Errorf("%s = %q, want %s", what, got, want)
	}
}

// checkInt compares an optional, nullable integer.
func checkInt(t *testing.T, what string, want json.RawMessage, got *int64) {
	t.Helper()
	if want == nil {
		return
	}
	if isNull(want) {
		if got != nil {
			t.Errorf("%s = %d, want null", what, *got)
		}
		return
	}
	w, ok := extValue(t, want).AsInt64OK()
	if !ok {
		t.Fatalf("%s: %s is not an integer", what, want)
	}
	if got == nil || *got != w {
		t.Errorf("%s = %v, want %d", what, fmtPtr(got), w)
	}
}

// checkOID compares an optional, nullable ObjectId.
func checkOID(t *testing.T, what string, want json.RawMessage, got *bson.ObjectID) {
	t.Helper()
	if want == nil {
		return
	}
	if isNull(want) {
		if got != nil {
			t.Errorf("%s = %v, want null", what, *got)
		}
		return
	}
	w, ok := extValue(t, want).ObjectIDOK()
	if !ok {
		t.Fatalf("%s: %s is not an ObjectId", what, want)
	}
	if got == nil || *got != w {
		t.Errorf("%s = %v, want %v", what, fmtPtr(got), w)
	}
}

func checkTopologyVersion(t *testing.T, addr string, want json.RawMessage, got *description.TopologyVersion) {
	t.Helper()
	if want == nil {
		return
	}
	if isNull(want) {
		if got != nil {
			t.Errorf("%s: topologyVersion %+v, want null", addr, *got)
		}
		return
	}
	doc := extValue(t, want).Document()
	pid, _ := doc.Lookup("processId").ObjectIDOK()
	counter, _ := doc.Lookup("counter").AsInt64OK()
	if got == nil || got.ProcessID != pid || got.Counter != counter {
		t.Errorf("%s: topologyVersion %v, want %s", addr, fmtPtr(got), want)
	}
}

func fmtPtr[T any](p *T) any {
	if p == nil {
		return "null"
	}
	return *p
}
