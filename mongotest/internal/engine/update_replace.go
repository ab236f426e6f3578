package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// Replacement and pipeline updates.

func (u *Update) applyReplacement(doc bson.Raw, insert bool) (bson.Raw, error) {
	repl := bson.Raw(u.spec.Value)
	oldID, newID := doc.Lookup("_id"), repl.Lookup("_id")
	if !insert && newID.Type != 0 && oldID.Type != 0 && !sameValue(oldID, newID) {
		return nil, errorf(CodeImmutableField, "After applying the update, the (immutable) field '_id' was found to have been altered to %s", formatElemSpaced("_id", newID))
	}
	if newID.Type == 0 {
		newID = oldID
	}
	out := withIDFirst(repl, newID)
	return out, checkStorage(out)
}

func (u *Update) applyPipeline(doc bson.Raw, insert bool) (bson.Raw, error) {
	outs, err := u.pipe.run([]bson.Raw{doc}, nil)
	if err != nil {
		return nil, err
	}
	if len(outs) != 1 {
		return nil, badValue("An update pipeline must produce exactly one document")
	}
	out := outs[0]
	oldID, newID := doc.Lookup("_id"), out.Lookup("_id")
	// A pipeline that drops _id keeps the old one (crud spec test
	// updateOne-pipeline.json); one that changes it fails.
	if newID.Type == 0 {
		newID = oldID
	} else if !insert && oldID.Type != 0 && !sameValue(oldID, newID) {
		return nil, errorf(CodeImmutableField, "After applying the update, the (immutable) field '_id' was found to have been altered to %s", formatElemSpaced("_id", newID))
	}
	out = withIDFirst(out, newID)
	return out, checkStorage(out)
}

func formatElemSpaced(key string, v bson.RawValue) string { return key + ": " + formatValue(v) }

// withIDFirst returns d with id (when not missing) as its first field.
func withIDFirst(d bson.Raw, id bson.RawValue) bson.Raw {
	it := d.Iter()
	if it.Next() && it.Key() == "_id" && sameValue(it.Value(), id) {
		return d
	}
	dst, start := bson.AppendDocumentStart(make([]byte, 0, len(d)+len(id.Value)+8))
	if id.Type != 0 {
		dst = bson.AppendValueElement(dst, "_id", id)
	}
	it = d.Iter()
	for it.Next() {
		if it.Key() != "_id" {
			dst = append(dst, it.Element()...)
		}
	}
	return bson.AppendDocumentEnd(dst, start)
}
