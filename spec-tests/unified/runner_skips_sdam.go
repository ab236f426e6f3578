package unified

// sdamSkips are the tests of the SDAM, server selection logging and CMAP
// logging suites that cannot pass against mongotest, each with what is
// missing. They join Skips at init, like runnerSkips.
var sdamSkips = map[string]string{
	"server-discovery-and-monitoring/interruptInUse-pool-clear.json":                                                                                                "mongotest: $where (sleep) is refused with BadValue, so the find does not block while the monitor's hello times out",
	"server-discovery-and-monitoring/replicaset-emit-topology-changed-before-close.json":                                                                            threeMembersReason,
	"server-discovery-and-monitoring/logging-replicaset.json/Topology lifecycle":                                                                                    threeMembersReason,
	"server-discovery-and-monitoring/logging-replicaset.json/Successful heartbeat":                                                                                  "mongotest: a one-member replica set; the test waits for 3 successful heartbeats, one per member of a three-member set (one server streams one every heartbeatFrequencyMS, 10 s)",
	"server-discovery-and-monitoring/logging-replicaset.json/Failing heartbeat":                                                                                     awaitedHelloReason,
	"server-discovery-and-monitoring/logging-standalone.json/Failing heartbeat":                                                                                     awaitedHelloReason,
	"server-selection/logging/replica-set.json":                                                                                                                     threeMembersReason,
	"connection-monitoring-and-pooling/logging/connection-pool-options.json/waitQueueSize should be included in connection pool created message when specified":     "client: waitQueueSize is not an option of cwal (removed from the URI options specification)",
	"connection-monitoring-and-pooling/logging/connection-pool-options.json/waitQueueMultiple should be included in connection pool created message when specified": "client: waitQueueMultiple is not an option of cwal (removed from the URI options specification)",
}

const (
	threeMembersReason = "mongotest: a one-member replica set gives 2 topologyDescriptionChangedEvents; the test waits for the 4 of a three-member set (multi-member replica sets are not implemented)"
	awaitedHelloReason = "mongotest: the fail point reaches the monitor only with the next streamed (awaited) hello, heartbeatFrequencyMS (10 s) after it is set, which is waitForEvent's 10 s limit"
)

func init() {
	for k, v := range sdamSkips {
		if _, ok := Skips[k]; !ok {
			Skips[k] = v
		}
	}
}
