package unified

import (
	"context"
	"fmt"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/topology"
)

// registerCommandCursorOps registers runCursorCommand, which drains the
// cursor, and createCommandCursor, which saves it as an entity.
func registerCommandCursorOps(t OpTable) {
	t.Register(KindDatabase, "runCursorCommand", dbOp(prepareCursorCommand(false)))
	t.Register(KindDatabase, "createCommandCursor", dbOp(prepareCursorCommand(true)))
}

// prepareCursorCommand reads the arguments of the run command
// specification's runCursorCommand; asEntity returns the cursor instead
// of its documents.
func prepareCursorCommand(asEntity bool) func(db *client.Database, a *args) runFunc {
	return func(db *client.Database, a *args) runFunc {
		a.require("command")
		cmd := a.doc("command")
		a.val("commandName") // the command's first key names it already
		opts := client.RunCursorCommandOptions{BatchSize: int32(a.int64("batchSize")), MaxTime: a.ms("maxTimeMS"), Comment: a.any("comment")}
		switch ct := a.str("cursorType"); ct {
		case "":
		case "tailable", "tailableAwait":
			opts.Tailable = true
		default:
			return failed(fmt.Errorf("cursorType %q is not a cursor type", ct))
		}
		if d := a.doc("readPreference"); d != nil {
			rp, err := readPrefOf(d)
			if err != nil {
				return failed(err)
			}
			opts.ReadPref = client.Some(rp)
		}
		return func(ctx context.Context) (Result, error) {
			cur, err := db.RunCommandCursor(ctx, cmd, opts)
			if err != nil {
				return Result{}, err
			}
			if asEntity {
				return Result{Entity: cur, Kind: KindCommandCursor}, nil
			}
			docs, err := drain(ctx, cur)
			return docsResult(docs), err
		}
	}
}

// readPrefOf translates a readPreference document: mode, tagSets (or
// tags) and maxStalenessSeconds.
func readPrefOf(d bson.Raw) (client.ReadPref, error) {
	m, err := topology.ParseMode(d.Lookup("mode").StringValue())
	if err != nil {
		return client.ReadPref{}, err
	}
	rp := client.ReadPref{Mode: m}
	if n, ok := d.Lookup("maxStalenessSeconds").AsInt64OK(); ok && n > 0 {
		rp.MaxStaleness = time.Duration(n) * time.Second
	}
	tags := d.Lookup("tagSets")
	if tags.IsZero() {
		tags = d.Lookup("tags")
	}
	sets, _ := tags.ArrayOK()
	for it := sets.Iter(); it.Next(); {
		ts := topology.TagSet{}
		for f := it.Value().Document().Iter(); f.Next(); {
			ts[f.Key()] = f.Value().StringValue()
		}
		rp.TagSets = append(rp.TagSets, ts)
	}
	return rp, nil
}
