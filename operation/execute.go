package operation

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/cwal-go/cwal/topology"
)

// ErrUnacknowledgedSession: an explicit session cannot carry an
// unacknowledged write (driver sessions specification).
var ErrUnacknowledgedSession = errors.New("operation: an explicit session cannot be used with an unacknowledged write concern")

// ErrNoDeployment: Execute was given neither a Deployment nor a pinned
// server.
var ErrNoDeployment = errors.New("operation: no deployment to run the command on")

// operationIDs numbers the operations of the process for monitoring.
var operationIDs atomic.Int64

// Execute runs cmd on d: select a server, check out a connection, encode,
// round trip, decode, handle errors, retry once when the command and the
// error allow it, check the connection in. A Batched command is sent in as
// many batches as the server's limits require. The results are in the
// command's Result field; the error is a *ServerError, a *WriteException, a
// *BulkWriteException, a network or pool error, or a client error such as
// ErrDocumentTooLarge.
//
// Every connection checked out is checked in exactly once and every
// selected server's Done is called exactly once, also when ctx ends or a
// hook or Decode panics.
func Execute(ctx context.Context, d Deployment, cmd Command, opts ExecOptions) error {
	x := newExecution(d, cmd, opts)
	defer x.release()
	if err := x.check(); err != nil {
		return err
	}
	if x.batched == nil {
		return x.runBatch(ctx)
	}
	x.batched.Begin()
	for {
		more, final := x.batched.Advance(x.runBatch(ctx))
		if !more {
			return final
		}
	}
}

// executions recycles the state of finished operations, so that a
// command's round trip allocates nothing in the steady state.
var executions = sync.Pool{New: func() any { return new(execution) }}

// maxKeptBuffer is the largest message buffer kept for reuse; larger ones
// (big inserts) are left to the garbage collector.
const maxKeptBuffer = 1 << 20

// newExecution prepares the state of one Execute.
func newExecution(d Deployment, cmd Command, opts ExecOptions) *execution {
	x := executions.Get().(*execution)
	x.d, x.cmd, x.opts = d, cmd, opts
	x.batched, _ = cmd.(Batched)
	x.clock, _ = d.(ClusterClock)
	x.provider, _ = d.(SessionProvider)
	x.traits = cmd.Traits()
	x.unack = x.traits.WriteConcern && !opts.WriteConcern.Acknowledged()
	x.opID = opts.OperationID
	if x.opID == 0 {
		x.opID = operationIDs.Add(1)
	}
	return x
}

// check refuses what cannot be sent at all.
func (x *execution) check() error {
	if x.d == nil && x.opts.Server == nil {
		return ErrNoDeployment
	}
	if x.traits.WriteConcern {
		if err := x.opts.WriteConcern.Validate(); err != nil {
			return err
		}
	}
	if x.unack && x.opts.Session != nil {
		return ErrUnacknowledgedSession
	}
	return nil
}

// kind returns the topology type, Unknown without a Deployment.
func (x *execution) kind() topology.Kind {
	if x.d == nil {
		return topology.Unknown
	}
	return x.d.Kind()
}

// release ends the implicit session unless a result kept it, and recycles
// the state.
func (x *execution) release() {
	if x.implicit && !x.kept && x.provider != nil {
		x.provider.EndImplicitSession(x.sess)
	}
	buf, mbuf := x.buf[:0], x.mbuf[:0]
	if cap(buf) > maxKeptBuffer {
		buf = nil
	}
	if cap(mbuf) > maxKeptBuffer {
		mbuf = nil
	}
	*x = execution{buf: buf, mbuf: mbuf}
	executions.Put(x)
}
