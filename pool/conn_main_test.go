package pool_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test of the package leaves a goroutine behind:
// no connection, fake server or context watcher may outlive its test. It
// is the package's only TestMain; the pool's tests share it.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
