package operation_test

import (
	"context"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/operation"
)

// FuzzParseCursorResponse feeds arbitrary replies to the cursor parser and
// iterates the batch: it must never panic.
func FuzzParseCursorResponse(f *testing.F) {
	f.Add([]byte(ext(f, `{"cursor": {"id": 0, "ns": "a.b", "firstBatch": [{"a": 1}]}, "ok": 1}`)))
	f.Fuzz(func(t *testing.T, b []byte) {
		cr, err := operation.ParseCursorResponse(bson.Raw(b))
		if err != nil {
			return
		}
		_ = cr.Namespace() + cr.Collection()
		_ = cr.Len()
		it := cr.Documents()
		for {
			if _, ok := it.Next(); !ok {
				break
			}
		}
	})
}

// FuzzDecodeReplies feeds arbitrary replies to every command's Decode:
// malformed input is an error, never a panic.
func FuzzDecodeReplies(f *testing.F) {
	f.Add([]byte(ext(f, `{"n": 1, "nModified": 1, "upserted": [{"index": 0, "_id": 1}], "writeErrors": [{"index": 0, "code": 1}], "ok": 1}`)))
	f.Add([]byte(ext(f, `{"ok": 1, "nErrors": 1, "cursor": {"id": 0, "ns": "admin.$cmd.bulkWrite", "firstBatch": [{"ok": 0, "idx": 0, "code": 2}]}}`)))
	f.Fuzz(func(t *testing.T, b []byte) {
		bw := &operation.BulkWrite{Models: []operation.BulkWriteModel{{Namespace: "a.b", Kind: operation.InsertOne, Document: bson.Raw{5, 0, 0, 0, 0}}}, Options: operation.BulkWriteOptions{VerboseResults: true}}
		up := &operation.Update{Updates: []operation.UpdateStatement{{}}}
		ins := &operation.Insert{Documents: []bson.Raw{{5, 0, 0, 0, 0}}}
		del := &operation.Delete{Deletes: []operation.DeleteStatement{{}}}
		for _, c := range []operation.Batched{bw, up, ins, del} {
			c.Begin()
			if err := c.Split(description0, true); err != nil {
				t.Fatal(err)
			}
		}
		cmds := []operation.Command{bw, up, ins, del, &operation.Find{}, &operation.GetMore{}, &operation.Aggregate{},
			&operation.FindAndModify{}, &operation.Count{}, &operation.Distinct{}, &operation.ListDatabases{},
			&operation.ListCollections{}, &operation.ListIndexes{}, &operation.KillCursors{}, &operation.CreateIndexes{},
			&operation.RunCommand{}, &operation.Drop{}}
		for _, c := range cmds {
			_ = c.Decode(context.Background(), &operation.Reply{Body: bson.Raw(b), Acknowledged: true})
		}
		for _, c := range []operation.Batched{bw, up, ins, del} {
			_, _ = c.Advance(nil)
		}
	})
}

var description0 = description.Server{}
