package pool_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/wire"
)

// A context cancelled while a read blocks ends it promptly with ctx.Err();
// the connection keeps the pending reply, which Drain later reads, so the
// connection is reused rather than closed.
func TestCancelDuringRead(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var start time.Time
	s := newFakeServer(t, fakeOptions{onCommand: func(name string) {
		if name == "block" {
			start = time.Now()
			cancel()
		}
	}})
	c := dialFake(t, s, pool.ConnConfig{})
	_, err := c.RunCommand(ctx, "admin", fakeDoc("block", 1, "ms", 10_000))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("returned after %v", d)
	}
	var ne *pool.NetError
	if !errors.As(err, &ne) || ne.Op != "read" || ne.Timeout() {
		t.Fatalf("err = %#v, want a read *NetError that is not a timeout", err)
	}
	if c.State() != pool.StateReplyPending || !errors.Is(c.Err(), context.Canceled) {
		t.Fatalf("state %v, err %v; want reply pending with the cause", c.State(), c.Err())
	}
	if _, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("ping", 1)); !errors.Is(err, pool.ErrReplyPending) {
		t.Fatalf("command on a pending connection: %v", err)
	}
	s.Release()
	if err := c.Drain(connTestCtx(t)); err != nil || c.State() != pool.StateReady || c.Err() != nil {
		t.Fatalf("Drain: %v, state %v, err %v", err, c.State(), c.Err())
	}
	pingConn(t, c)
}

// A deadline that passes in the middle of a message keeps what was read;
// Drain resumes the same message rather than reading its tail as a header.
func TestDeadlineMidMessage(t *testing.T) {
	s := newFakeServer(t, fakeOptions{compressors: []string{"snappy"}})
	c := dialFake(t, s, pool.ConnConfig{Compressors: []string{"snappy"}})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := c.RunCommand(ctx, "admin", fakeDoc("partial", 1))
	var ne *pool.NetError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() || !ne.Temporary() {
		t.Fatalf("err = %v, want a timeout wrapping context.DeadlineExceeded", err)
	}
	if c.State() != pool.StateReplyPending {
		t.Fatalf("state %v", c.State())
	}
	// A drain with too short a deadline fails the same way and keeps the state.
	short, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	if err := c.Drain(short); !errors.Is(err, context.DeadlineExceeded) || c.State() != pool.StateReplyPending {
		t.Fatalf("short drain: %v, state %v", err, c.State())
	}
	s.Release()
	if err := c.Drain(connTestCtx(t)); err != nil || c.State() != pool.StateReady {
		t.Fatalf("Drain: %v, state %v", err, c.State())
	}
	pingConn(t, c)
}

func TestAlreadyCancelled(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.RunCommand(ctx, "admin", fakeDoc("ping", 1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if c.State() != pool.StateReady {
		t.Fatalf("state %v: nothing was sent, the connection is still ready", c.State())
	}
	pingConn(t, c)
}

func TestSocketTimeout(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{SocketTimeout: 50 * time.Millisecond})
	_, err := c.RunCommand(context.Background(), "admin", fakeDoc("block", 1, "ms", 10_000))
	var ne *pool.NetError
	if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a socket timeout that is not the context's", err)
	}
	if c.State() != pool.StateReplyPending {
		t.Fatalf("state %v", c.State())
	}
	s.Release()
	if err := c.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestServerHangsUp(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	_, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("hangup", 1))
	var ne *pool.NetError
	if !errors.As(err, &ne) || ne.Timeout() || errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want a network error", err)
	}
	if c.State() != pool.StateBroken || !c.Closed() || c.Err() == nil {
		t.Fatalf("state %v err %v, want broken", c.State(), c.Err())
	}
	_, err = c.RunCommand(connTestCtx(t), "admin", fakeDoc("ping", 1))
	if !errors.Is(err, pool.ErrConnBroken) || !errors.As(err, &ne) {
		t.Fatalf("err = %v, want ErrConnBroken with the cause", err)
	}
	if err := c.Drain(connTestCtx(t)); !errors.Is(err, pool.ErrConnBroken) {
		t.Fatalf("Drain of a broken connection: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestCloseDuringRead(t *testing.T) {
	blocked := make(chan struct{})
	s := newFakeServer(t, fakeOptions{onCommand: func(name string) {
		if name == "block" {
			close(blocked)
		}
	}})
	c := dialFake(t, s, pool.ConnConfig{})
	done := make(chan error)
	go func() {
		_, err := c.RunCommand(context.Background(), "admin", fakeDoc("block", 1, "ms", 10_000))
		done <- err
	}()
	<-blocked // the request is out: the goroutine is in the read
	if _, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("ping", 1)); !errors.Is(err, pool.ErrConcurrentUse) {
		t.Errorf("concurrent use: %v", err)
	}
	_ = c.Close()
	select {
	case err := <-done:
		if !errors.Is(err, pool.ErrConnClosed) {
			t.Errorf("blocked read ended with %v, want ErrConnClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not interrupt the read")
	}
	if c.State() != pool.StateClosed {
		t.Fatalf("state %v", c.State())
	}
}

func TestUnexpectedResponseTo(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	_, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("wrongResponseTo", 1))
	if !errors.Is(err, pool.ErrUnexpectedReply) || c.State() != pool.StateBroken {
		t.Fatalf("err = %v, state %v", err, c.State())
	}
}

func TestReplyTooLarge(t *testing.T) {
	s := newFakeServer(t, fakeOptions{maxMessage: 2000})
	c := dialFake(t, s, pool.ConnConfig{})
	if c.MaxMessageSize() != 2000 {
		t.Fatalf("max message size %d", c.MaxMessageSize())
	}
	if _, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("big", 1, "n", 1500)); err != nil {
		t.Fatalf("a reply under the limit: %v", err)
	}
	_, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("big", 1, "n", 3000))
	if !errors.Is(err, wire.ErrTooLarge) || c.State() != pool.StateBroken {
		t.Fatalf("err = %v, state %v; want ErrTooLarge and broken", err, c.State())
	}
}

func TestWriteRefusesBadMessages(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	if err := c.WriteMessage(connTestCtx(t), []byte{1, 2, 3}); err == nil {
		t.Fatal("a malformed message was sent")
	}
	if c.State() != pool.StateReady {
		t.Fatalf("state %v", c.State())
	}
	// moreToCome: no reply is expected, the connection stays ready.
	if err := c.WriteMessage(connTestCtx(t), opMsg(t, fakeDoc("ping", 1, "$db", "admin"), wire.MoreToCome)); err != nil {
		t.Fatal(err)
	}
	if c.State() != pool.StateReady {
		t.Fatalf("state %v after a moreToCome request", c.State())
	}
	pingConn(t, c)
}

func TestReplyChecksum(t *testing.T) {
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	reply, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("checksum", 1))
	if err != nil || !reply.Lookup("sum").Boolean() {
		t.Fatalf("reply %v, err %v", reply, err)
	}
	_, err = c.RunCommand(connTestCtx(t), "admin", fakeDoc("checksum", 1, "corrupt", true))
	if !errors.Is(err, wire.ErrChecksum) || c.State() != pool.StateBroken {
		t.Fatalf("err = %v, state %v; want ErrChecksum and broken", err, c.State())
	}
}

func TestWriteTooLarge(t *testing.T) {
	s := newFakeServer(t, fakeOptions{maxMessage: 2000})
	c := dialFake(t, s, pool.ConnConfig{})
	_, err := c.RunCommand(connTestCtx(t), "admin", fakeDoc("ping", 1, "pad", string(make([]byte, 3000))))
	if !errors.Is(err, wire.ErrTooLarge) || c.State() != pool.StateReady {
		t.Fatalf("err = %v, state %v; want ErrTooLarge before sending", err, c.State())
	}
	pingConn(t, c)
}
