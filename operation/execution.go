package operation

import "github.com/cwal-go/cwal/pool"

// execution is the state of one Execute: the command, its settings, the
// session, and the batch being sent.
type execution struct {
	d        Deployment
	cmd      Command
	batched  Batched
	opts     ExecOptions
	traits   Traits
	clock    ClusterClock
	provider SessionProvider
	opID     int64
	unack    bool // w: 0: sent with moreToCome, no reply

	sess     Session
	implicit bool // sess was started by Execute
	kept     bool // a result took the implicit session over

	// The batch being sent: prepared once, before its first attempt.
	prepared   bool
	retryWrite bool  // a retryable write: carries txnNumber, may retry
	retryRead  bool  // a retryable read
	txn        int64 // the batch's txnNumber, 0 for none
	// api is the Stable API version of the connection being used, sent
	// with every command (versioned API specification).
	api *pool.ServerAPI

	buf   []byte // the message being sent
	mbuf  []byte // the command as monitoring shows it
	reply Reply  // the reply given to the command's Decode
	// raw is the whole reply message last read (the body is a capped
	// view into it), so a result that keeps a large reply can give its
	// whole buffer back (pool.RecycleBuffer).
	raw []byte
}
