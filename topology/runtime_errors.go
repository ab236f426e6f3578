package topology

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Errors of the Topology runtime.
var (
	// ErrTopologyClosed is returned by a Topology after Close, and to the
	// server selections Close interrupts.
	ErrTopologyClosed = errors.New("topology: closed")
	// ErrNotConnected is returned by SelectServer before Connect.
	ErrNotConnected = errors.New("topology: not connected")
	// ErrServerRemoved is the Error of the description of a Server that
	// left the topology.
	ErrServerRemoved = errors.New("topology: server removed from the topology")
	// ErrServerSelectionTimeout is the cause of a *ServerSelectionError
	// when serverSelectionTimeoutMS passed.
	ErrServerSelectionTimeout = errors.New("topology: server selection timed out")
)

// ServerSelectionError is a server selection that found no suitable server
// in time. It carries the topology as it last saw it, whose server errors
// usually say why (connection refused, authentication failed...).
type ServerSelectionError struct {
	// Criteria describes the operation, such as "write" or "read with
	// read preference secondary".
	Criteria string
	// Waited is how long the selection waited.
	Waited time.Duration
	// Topology is the last Description the selection looked at.
	Topology Description
	// Err is ErrServerSelectionTimeout, the caller's ctx.Err(), or
	// ErrTopologyClosed.
	Err error
}

func (e *ServerSelectionError) Error() string {
	var b strings.Builder
	b.WriteString("topology: no server available for ")
	b.WriteString(e.Criteria)
	switch {
	case errors.Is(e.Err, ErrServerSelectionTimeout):
		b.WriteString(": timed out")
	case e.Err != nil:
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Waited > 0 {
		b.WriteString(" after ")
		b.WriteString(e.Waited.Round(time.Millisecond).String())
	}
	b.WriteString("; topology: ")
	b.WriteString(e.Topology.String())
	return b.String()
}

// Unwrap returns Err, so errors.Is(err, context.DeadlineExceeded) holds
// when the caller's context ended the wait.
func (e *ServerSelectionError) Unwrap() error { return e.Err }

// Timeout reports whether a deadline ended the selection (the selection
// timeout or the context's), as opposed to a cancellation or a closed
// topology.
func (e *ServerSelectionError) Timeout() bool {
	return errors.Is(e.Err, ErrServerSelectionTimeout) || errors.Is(e.Err, context.DeadlineExceeded)
}

// describeCriteria names what an operation wanted, for errors.
func describeCriteria(c Criteria) string {
	if c.Write {
		return "write"
	}
	return "read with read preference " + c.ReadPref.String()
}
