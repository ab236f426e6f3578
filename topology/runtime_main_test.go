package topology_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind: every Topology
// a test connects is closed by its cleanup, and Close must end every
// monitor, RTT monitor, SRV poller and pool goroutine.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
