package mongotest_test

import (
	"net"
	"testing"
	"time"

	"github.com/cwal-go/cwal/mongotest"
)

func TestPeakConnections(t *testing.T) {
	srv := mongotest.NewServer()
	defer srv.Close()
	var conns []net.Conn
	for i := 0; i < 3; i++ {
		c, err := net.Dial("tcp", srv.Addr())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	waitFor(t, func() bool { return srv.NumConnections() == 3 })
	for _, c := range conns {
		c.Close()
	}
	waitFor(t, func() bool { return srv.NumConnections() == 0 })
	if got := srv.PeakConnections(); got != 3 {
		t.Errorf("PeakConnections = %d, want 3", got)
	}
	srv.ResetPeakConnections()
	if got := srv.PeakConnections(); got != 0 {
		t.Errorf("PeakConnections after reset = %d, want 0", got)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(time.Millisecond)
	}
}
