package unified_test

import (
	"strings"
	"testing"

	"github.com/cwal-go/cwal/spec-tests/unified"
)

func requirements(t *testing.T, js string) []unified.RunOnRequirement {
	t.Helper()
	f, err := unified.Parse([]byte(`{"description": "d", "schemaVersion": "1.25", "runOnRequirements": ` + js +
		`, "tests": [{"description": "t", "operations": []}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return f.RunOnRequirements
}

func TestSatisfied(t *testing.T) {
	rs80 := unified.ServerInfo{
		Version:  "8.0.4",
		Topology: unified.TopologyReplicaSet,
		ServerParameters: doc(t, `{"enableTestCommands": 1, "featureFlagX": {"value": true},
			"authenticationMechanisms": ["SCRAM-SHA-1", "SCRAM-SHA-256"], "ratio": 0.5}`),
	}
	sharded := rs80
	sharded.Topology = unified.TopologySharded
	cases := []struct {
		name, reqs string
		info       unified.ServerInfo
		ok         bool
		why        string
	}{
		{"min met", `[{"minServerVersion": "4.4"}]`, rs80, true, ""},
		{"min equal", `[{"minServerVersion": "8.0.4"}]`, rs80, true, ""},
		{"min unmet", `[{"minServerVersion": "8.1"}]`, rs80, false, "requires server >= 8.1 (have 8.0.4)"},
		{"max met", `[{"maxServerVersion": "8.0.99"}]`, rs80, true, ""},
		{"max unmet", `[{"maxServerVersion": "7.99"}]`, rs80, false, "requires server <= 7.99"},
		{"patch compares numerically", `[{"maxServerVersion": "8.0.10"}]`, rs80, true, ""},
		{"pre-release server", `[{"minServerVersion": "8.0"}]`, unified.ServerInfo{Version: "8.0.0-rc3", Topology: "single"}, true, ""},
		{"topology met", `[{"topologies": ["single", "replicaset"]}]`, rs80, true, ""},
		{"topology unmet", `[{"topologies": ["sharded", "load-balanced"]}]`, rs80, false, "requires topology sharded or load-balanced (have replicaset)"},
		{"sharded-replicaset on sharded", `[{"topologies": ["sharded-replicaset"]}]`, sharded, true, ""},
		{"sharded-replicaset on replicaset", `[{"topologies": ["sharded-replicaset"]}]`, rs80, false, "requires topology"},
		{"any of several", `[{"minServerVersion": "9.0"}, {"topologies": ["replicaset"]}]`, rs80, true, ""},
		{"none of several", `[{"minServerVersion": "9.0"}, {"topologies": ["single"]}]`, rs80, false, "requires server >= 9.0 (have 8.0.4); or requires topology single"},
		{"all fields of one must hold", `[{"minServerVersion": "4.0", "topologies": ["single"]}]`, rs80, false, "requires topology single"},
		{"serverless require", `[{"serverless": "require"}]`, rs80, false, "requires Atlas Serverless"},
		{"serverless forbid", `[{"serverless": "forbid"}]`, rs80, true, ""},
		{"auth true", `[{"auth": true}]`, rs80, false, "requires authentication"},
		{"auth false", `[{"auth": false}]`, rs80, true, ""},
		{"auth mechanism case-insensitive", `[{"authMechanism": "scram-sha-256"}]`, rs80, true, ""},
		{"auth mechanism missing", `[{"authMechanism": "MONGODB-X509"}]`, rs80, false, "requires auth mechanism MONGODB-X509"},
		{"csfle true unsupported", `[{"csfle": true}]`, rs80, false, "requires client-side encryption"},
		{"csfle false", `[{"csfle": false}]`, rs80, true, ""},
		{"csfle object", `[{"csfle": {"minLibmongocryptVersion": "1.9.0"}}]`,
			unified.ServerInfo{Version: "8.0", CSFLE: true, LibmongocryptVersion: "1.8.1"}, false, "requires libmongocrypt >= 1.9.0"},
		{"csfle object met", `[{"csfle": {"minLibmongocryptVersion": "1.8.0"}}]`,
			unified.ServerInfo{Version: "8.0", CSFLE: true, LibmongocryptVersion: "1.8.1"}, true, ""},
		{"parameter flexible number", `[{"serverParameters": {"enableTestCommands": true}}]`, rs80, false, "requires server parameter enableTestCommands"},
		{"parameter int vs double", `[{"serverParameters": {"enableTestCommands": 1.0, "ratio": 0.5}}]`, rs80, true, ""},
		{"parameter document", `[{"serverParameters": {"featureFlagX": {"value": true}}}]`, rs80, true, ""},
		{"parameter document differs", `[{"serverParameters": {"featureFlagX": {"value": false}}}]`, rs80, false, "featureFlagX"},
		{"parameter missing", `[{"serverParameters": {"nope": 1}}]`, rs80, false, "not reported by the server"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ok, why := unified.Satisfied(requirements(t, c.reqs), c.info)
			if ok != c.ok || !strings.Contains(why, c.why) || (ok && why != "") {
				t.Fatalf("Satisfied = %v %q, want %v %q", ok, why, c.ok, c.why)
			}
		})
	}
	if ok, _ := unified.Satisfied(nil, rs80); !ok {
		t.Fatal("no requirements must be satisfied")
	}
}
