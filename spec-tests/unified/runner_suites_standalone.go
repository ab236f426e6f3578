package unified

// StandaloneSuites are the suites also run against a standalone server:
// most of their tests require topology "single" and are skipped by
// runOnRequirements on the replica set the DefaultSuites run against.
var StandaloneSuites = []string{
	"server-selection/logging", "connection-monitoring-and-pooling/logging", "server-discovery-and-monitoring",
}

// AuthSuites are the suites also run against a replica set with
// authentication on, for their tests that require auth.
var AuthSuites = []string{"server-discovery-and-monitoring"}
