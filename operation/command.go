package operation

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
)

// Command is one database command: it builds its body for the server it is
// about to run on and decodes the reply into its own result. A Command
// value is not safe for concurrent use; execute one at a time.
type Command interface {
	// Name returns the command's name, the first key of its body, as
	// command monitoring reports it.
	Name() string
	// Database returns the database the command runs on, sent as $db.
	Database() string
	// Traits says how Execute treats the command.
	Traits() Traits
	// AppendBody appends the elements of the command's body to dst, the
	// command name first, for the server described by desc. It does not
	// open or close the document: Execute appends the command-agnostic
	// fields ($db, lsid, concerns...) and closes it. A retry calls it
	// again; the result must be the same.
	AppendBody(dst []byte, desc description.Server) ([]byte, error)
	// Decode reads the reply of a successful command (ok: 1) into the
	// command's result. It returns the per-document errors of a write
	// (*WriteException) and write concern errors; Execute reports command
	// failures (ok: 0) itself without calling Decode. The reply is valid
	// only until Decode returns: keep a copy of what the result refers to.
	Decode(ctx context.Context, r *Reply) error
}

// Batched is a write Command that Execute may send as several commands
// (batches) in kind-1 document sequences: insert, update, delete and the
// client bulkWrite.
type Batched interface {
	Command
	// Begin starts the command over: Execute calls it first, and the
	// first batch comes next with the results cleared.
	Begin()
	// Split chooses the next batch for the server described by desc,
	// within its maxWriteBatchSize, maxBsonObjectSize and
	// maxMessageSizeBytes. Execute calls it once per batch, before the
	// batch's first attempt; a retry resends the same batch. acknowledged
	// is false for a w: 0 write. A document too large for the server is an
	// error here, before anything is sent.
	Split(desc description.Server, acknowledged bool) error
	// AppendSequences appends the document sequences of the current batch
	// after the body section.
	AppendSequences(dst []byte) []byte
	// Advance records the outcome of the current batch (the error of its
	// last attempt, nil on success) and reports whether another batch
	// follows. When it returns false, final is the error of the whole
	// command, merging the write errors and write concern errors of every
	// batch.
	Advance(err error) (more bool, final error)
}

// RetryKind says how a command may be retried.
type RetryKind uint8

// The retry kinds.
const (
	// RetryNone: never retried.
	RetryNone RetryKind = iota
	// RetryRead: retried once under the retryable reads rules, when
	// ExecOptions.RetryReads is set.
	RetryRead
	// RetryWrite: retried once under the retryable writes rules, when
	// ExecOptions.RetryWrites is set, a session is available and the server
	// supports retryable writes; the command then carries a txnNumber.
	RetryWrite
)

// String returns the kind's name.
func (k RetryKind) String() string {
	switch k {
	case RetryRead:
		return "read"
	case RetryWrite:
		return "write"
	}
	return "none"
}

// Traits says how Execute treats a command.
type Traits struct {
	// Write selects a writable server (the primary of a replica set).
	Write bool
	// ReadPreference selects the server by ExecOptions.ReadPref and lets
	// Execute send $readPreference where the server selection
	// specification requires it. A command with neither Write nor
	// ReadPreference (getMore, killCursors) runs on the primary unless
	// ExecOptions.Server pins it.
	ReadPreference bool
	// Retry is how the command may be retried.
	Retry RetryKind
	// ReadConcern and WriteConcern say which of ExecOptions' concerns the
	// command takes; the others are not sent.
	ReadConcern, WriteConcern bool
	// WriteStage marks a read that writes, an aggregate ending in $out or
	// $merge: it takes ReadPref where the server can run it on a
	// secondary (5.0+) and runs on the primary otherwise (CRUD
	// specification); it is never retried.
	WriteStage bool
}

// Reply is what Decode receives.
type Reply struct {
	// Body is the reply document, a view valid until Decode returns. For
	// an unacknowledged write it is {ok: 1}.
	Body bson.Raw
	// Acknowledged is false for a write sent with w: 0, which gets no
	// reply.
	Acknowledged bool
	// Server is the server the command ran on; a cursor sends its getMore
	// and killCursors there (ExecOptions.Server).
	Server Server

	x      *execution
	conn   *pool.Conn
	follow bool   // the reply of a Run follow-up
	msg    []byte // the whole message Body is a view into
}

// KeepSession returns the session the command ran with, nil if none, for a
// result that outlives Execute, such as an open cursor. When it is an
// implicit session Execute started, implicit is true and the caller now
// owns it: Execute will not end it, and the caller must end it with the
// Deployment's EndImplicitSession once the cursor is closed. The reply of
// a Run follow-up returns nil: the outer command owns the session.
func (r *Reply) KeepSession() (s Session, implicit bool) {
	if r.x == nil || r.x.sess == nil || r.follow {
		return nil, false
	}
	if r.x.implicit {
		r.x.kept = true
	}
	return r.x.sess, r.x.implicit
}

// Run runs cmd on the same connection and session, right away, as a
// follow-up of the command being decoded: the client bulkWrite reads its
// results cursor with getMore (and kills it on error) this way. A
// follow-up is never retried and carries no txnNumber; it takes the
// concerns its traits allow. Its command monitoring events share the
// operation id. Run reads a new reply on the connection: r.Body is no
// longer valid afterwards, so copy what is needed first.
func (r *Reply) Run(ctx context.Context, cmd Command) error {
	if r.x == nil || r.conn == nil {
		return ErrNoConnection
	}
	_, err := r.x.exchange(ctx, r.Server, r.conn, cmd, nil, true)
	return err
}
