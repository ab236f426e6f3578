package operation

import (
	"context"
	"errors"

	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// runBatch runs the current batch (the whole command when it is not
// Batched): one attempt, and one retry when the command and the error
// allow it, on another server when the topology is sharded or the server
// is overloaded (retryable reads and writes specifications).
func (x *execution) runBatch(ctx context.Context) error {
	x.prepared = false
	var (
		first         error
		deprioritized []string
	)
	for {
		srv, pinned, err := x.selectServer(ctx, deprioritized)
		if err != nil {
			if first != nil {
				return first // no server for the retry: the attempt's error stands
			}
			return err
		}
		if first != nil && x.retryWrite && !supportsRetryableWrites(srv.Description()) {
			x.done(srv, pinned)
			return first
		}
		sent, err := x.attemptOn(ctx, srv, pinned)
		switch {
		case err == nil:
			return nil
		case first != nil:
			return x.retryOutcome(first, err, sent)
		case !x.mayRetry(ctx, err):
			return err
		}
		first = err
		if x.kind() == topology.Sharded || HasErrorLabel(err, LabelSystemOverloaded) {
			deprioritized = append(deprioritized, srv.Description().Addr)
		}
	}
}

// selectServer returns the pinned server or selects one for the command.
func (x *execution) selectServer(ctx context.Context, deprioritized []string) (srv Server, pinned bool, err error) {
	if x.opts.Server != nil {
		return x.opts.Server, true, nil
	}
	c := topology.Criteria{Write: x.traits.Write, Deprioritized: deprioritized,
		Operation: x.cmd.Name(), OperationID: x.opID}
	if x.traits.WriteStage {
		srv, err = x.selectWriteStage(ctx, c)
		return srv, false, err
	}
	if x.traits.ReadPreference && !x.traits.Write {
		c.ReadPref = x.opts.ReadPref
	}
	srv, err = x.d.SelectServer(ctx, c)
	return srv, false, err
}

// done ends the operation's use of a selected server.
func (x *execution) done(srv Server, pinned bool) {
	if !pinned {
		srv.Done()
	}
}

// prepare decides, before the first attempt of a batch, what the batch is
// and whether it may be retried.
func (x *execution) prepare(desc description.Server) error {
	x.prepared, x.txn = true, 0
	if x.batched != nil {
		if err := x.batched.Split(desc, !x.unack); err != nil {
			return err
		}
	}
	x.traits = x.cmd.Traits() // a batch of a bulk write may not be retryable
	x.retryWrite = x.opts.RetryWrites && x.traits.Retry == RetryWrite && !x.unack &&
		supportsRetryableWrites(desc) && (x.opts.Session != nil || x.provider != nil)
	x.retryRead = x.opts.RetryReads && x.traits.Retry == RetryRead
	return nil
}

// mayRetry reports whether the first attempt's error allows a retry.
func (x *execution) mayRetry(ctx context.Context, err error) bool {
	var bwe *BulkWriteException
	if ctx.Err() != nil || (errors.As(err, &bwe) && bwe.Err != nil) {
		// A bulk write whose results cursor failed has seen results: it
		// halts rather than being sent again.
		return false
	}
	switch {
	case x.retryWrite:
		return HasErrorLabel(err, LabelRetryableWrite) || HasErrorLabel(err, LabelRetryable)
	case x.retryRead:
		return retryableRead(err)
	}
	return false
}

// retryOutcome chooses the error to return when the retry failed too. For
// a write, an error that shows nothing was written (the retry never sent
// the command, or the server says NoWritesPerformed) does not hide the
// first attempt's error, which may have written.
func (x *execution) retryOutcome(first, second error, sent bool) error {
	if x.retryWrite && (!sent || HasErrorLabel(second, LabelNoWritesPerformed)) {
		return first
	}
	return second
}

// retryableReadCodes are the server errors after which a read is retried.
var retryableReadCodes = []int32{
	262, 11600, 11602, 10107, 13435, 13436, 189, 134, 91, 7, 6, 89, 9001,
}

// retryableWriteCodes are the server errors to which Execute adds the
// RetryableWriteError label for a pre-4.4 server (which does not add it).
var retryableWriteCodes = []int32{
	11600, 11602, 10107, 13435, 13436, 189, 91, 7, 6, 89, 9001, 262,
}

// retryableRead reports an error after which a read may be retried: a
// network error (also while establishing the connection), a cleared pool,
// the pool's RetryableError label, or one of the retryable codes.
func retryableRead(err error) bool {
	var cleared *pool.PoolClearedError
	if IsNetworkError(err) || errors.As(err, &cleared) || HasErrorLabel(err, LabelRetryable) {
		return true
	}
	var se *ServerError
	return errors.As(err, &se) && containsCode(retryableReadCodes, se.Code)
}

func containsCode(codes []int32, c int32) bool {
	for _, x := range codes {
		if x == c {
			return true
		}
	}
	return false
}

// supportsSessions reports whether a server accepts lsid.
func supportsSessions(desc description.Server) bool {
	return desc.LogicalSessionTimeoutMinutes != nil || desc.Type == description.LoadBalancer
}

// supportsRetryableWrites reports whether a server supports retryable
// writes: sessions, and not a standalone.
func supportsRetryableWrites(desc description.Server) bool {
	return supportsSessions(desc) && desc.Type != description.Standalone
}
