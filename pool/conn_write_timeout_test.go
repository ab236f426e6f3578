package pool_test

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/pool"
)

// timeoutOnceConn fails its first Write with a deadline error before any
// byte is sent, as a socket does when the deadline passes just before the
// call, and discards later writes.
type timeoutOnceConn struct {
	net.Conn
	writes int
}

func (c *timeoutOnceConn) Write(b []byte) (int, error) {
	c.writes++
	if c.writes == 1 {
		return 0, os.ErrDeadlineExceeded
	}
	return len(b), nil
}

// A write that times out before sending anything leaves the connection in
// step with the server, so it must stay usable instead of being closed
// (closing turns every timeout into a reconnect).
func TestWriteTimeoutBeforeAnyByteKeepsConnection(t *testing.T) {
	a, b := net.Pipe()
	defer b.Close()
	nc := &timeoutOnceConn{Conn: a}
	c := pool.WrapConn(nc, "pipe", pool.ConnConfig{}, nil)
	defer c.Close()

	doc, _ := bson.AppendDocumentStart(nil)
	doc = bson.AppendInt32Element(doc, "ping", 1)
	doc = bson.AppendDocumentEnd(doc, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := c.RunCommand(ctx, "admin", doc)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("RunCommand error = %v, want a deadline error", err)
	}
	if c.State() != pool.StateReady {
		t.Fatalf("state after a write timeout with nothing sent = %v, want ready", c.State())
	}
}
