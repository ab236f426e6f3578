package unified

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrThreadClosed is returned by Thread.Run after Close.
var ErrThreadClosed = errors.New("unified: thread closed")

// Thread is a thread entity: a goroutine that runs the operations given to
// it by runOnThread one at a time, in order, while the test goes on.
// waitForThread is Wait. It is safe for concurrent use.
type Thread struct {
	mu         sync.Mutex
	queue      []func() error
	idle       chan struct{} // closed while nothing is queued or running
	idleClosed bool
	err        error
	closed     bool
	wake       chan struct{}
	exited     chan struct{}
}

// NewThread starts an idle thread.
func NewThread() *Thread {
	t := &Thread{idle: make(chan struct{}), wake: make(chan struct{}, 1), exited: make(chan struct{})}
	go t.loop()
	return t
}

// Run queues op. Its error, or a panic in it, is reported by the next Wait.
func (t *Thread) Run(op func() error) error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return ErrThreadClosed
	}
	t.queue = append(t.queue, op)
	if t.idleClosed {
		t.idle, t.idleClosed = make(chan struct{}), false
	}
	t.mu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default: // the loop is already awake
	}
	return nil
}

// Wait blocks until every queued operation has run, then returns the first
// error since the previous Wait, or ctx's error if ctx ends first.
func (t *Thread) Wait(ctx context.Context) error {
	t.mu.Lock()
	idle := t.idle
	t.mu.Unlock()
	select {
	case <-idle:
	case <-ctx.Done():
		return ctx.Err()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	err := t.err
	t.err = nil
	return err
}

// Close lets queued operations finish, then stops the goroutine.
func (t *Thread) Close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default:
	}
	<-t.exited
}

func (t *Thread) loop() {
	defer close(t.exited)
	for {
		op, ok := t.next()
		if !ok {
			return
		}
		err := runRecovered(op)
		if err != nil {
			t.mu.Lock()
			if t.err == nil {
				t.err = err
			}
			t.mu.Unlock()
		}
	}
}

// next waits for an operation; false means the thread is closed and idle.
func (t *Thread) next() (func() error, bool) {
	t.mu.Lock()
	for len(t.queue) == 0 {
		if !t.idleClosed {
			close(t.idle)
			t.idleClosed = true
		}
		if t.closed {
			t.mu.Unlock()
			return nil, false
		}
		t.mu.Unlock()
		<-t.wake
		t.mu.Lock()
	}
	op := t.queue[0]
	t.queue = t.queue[1:]
	t.mu.Unlock()
	return op, true
}

func runRecovered(op func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unified: thread operation panicked: %v", r)
		}
	}()
	return op()
}
