package unified_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cwal-go/cwal/spec-tests/unified"
)

func TestThreadRunsInOrder(t *testing.T) {
	th := unified.NewThread()
	defer th.Close()
	var order []int
	release := make(chan struct{})
	for i := 0; i < 5; i++ {
		i := i
		if err := th.Run(func() error {
			if i == 0 {
				<-release // the test goes on while the thread works
			}
			order = append(order, i)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	if err := th.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait before the work is done = %v, want deadline", err)
	}
	cancel()
	close(release)
	if err := th.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i, v := range order {
		if v != i {
			t.Fatalf("order %v", order)
		}
	}
}

func TestThreadErrorsAndPanics(t *testing.T) {
	th := unified.NewThread()
	boom := errors.New("boom")
	var ran atomic.Int32
	_ = th.Run(func() error { ran.Add(1); return boom })
	_ = th.Run(func() error { ran.Add(1); return errors.New("second") })
	if err := th.Wait(context.Background()); !errors.Is(err, boom) {
		t.Fatalf("Wait = %v, want the first error", err)
	}
	if err := th.Wait(context.Background()); err != nil {
		t.Fatalf("the error is reported once, got %v", err)
	}
	_ = th.Run(func() error { panic("oops") })
	if err := th.Wait(context.Background()); err == nil {
		t.Fatal("a panic must be reported as an error")
	}
	th.Close()
	if ran.Load() != 2 {
		t.Fatalf("ran %d operations", ran.Load())
	}
	if err := th.Run(func() error { return nil }); !errors.Is(err, unified.ErrThreadClosed) {
		t.Fatalf("Run after Close = %v", err)
	}
	if err := th.Wait(context.Background()); err != nil {
		t.Fatalf("Wait after Close = %v", err)
	}
}

func TestThreadIdleWait(t *testing.T) {
	th := unified.NewThread()
	defer th.Close()
	if err := th.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}
