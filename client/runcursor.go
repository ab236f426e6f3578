package client

import (
	"context"
	"time"

	"github.com/cwal-go/cwal/operation"
)

// RunCursorCommandOptions are the options of RunCommandCursor. Besides
// ReadPref they apply to the getMore commands that read the cursor, not
// to the command itself: set that command's own options in its document.
type RunCursorCommandOptions struct {
	// ReadPref selects the server; unset means primary (the database's
	// read preference is not inherited).
	ReadPref Optional[ReadPref]
	// BatchSize is the batchSize of each getMore; 0 sends none.
	BatchSize int32
	// MaxTime is the maxTimeMS of each getMore; 0 sends none.
	MaxTime time.Duration
	// Comment is the comment of each getMore; nil sends none.
	Comment any
	// Tailable says that the command opens a tailable cursor, which an
	// empty batch does not end.
	Tailable bool
}

// RunCommandCursor runs cmd, a cursor-creating command document (find,
// aggregate, listCollections, checkMetadataConsistency...; use bson.D to
// keep the order) as given, like RunCommand, and returns a cursor over its
// results. The reply must hold a cursor document; a reply without one is
// an *operation.ReplyError and nothing is left open. The getMore commands
// run on the same server with the same (implicit) session.
func (db *Database) RunCommandCursor(ctx context.Context, cmd any, opts ...RunCursorCommandOptions) (*Cursor, error) {
	o := last(opts)
	body, err := marshalDoc("command", cmd)
	if err == nil && len(body) <= 5 {
		err = ErrInvalidArgument
	}
	if err != nil {
		return nil, err
	}
	comment, err := marshalValue("comment", o.Comment)
	if err != nil {
		return nil, err
	}
	rc := &operation.RunCursorCommand{DB: db.name, Command: body}
	eo := operation.ExecOptions{ReadPref: o.ReadPref.Or(ReadPref{})}
	if err := db.client.execute(ctx, rc, eo); err != nil {
		return nil, err
	}
	co := cursorOptions{batchSize: o.BatchSize, maxAwait: o.MaxTime, comment: comment, tailable: o.Tailable}
	return newCursor(db.client, db.name, &rc.Result, co), nil
}
