package operation_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine behind: every
// pool, server and topology the tests start must be closed.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
