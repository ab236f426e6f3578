package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// writeError is one entry of a write command's writeErrors.
type writeError struct {
	index int
	err   *cmdError
}

func appendWriteErrors(bl *builder, errs []writeError) {
	if len(errs) == 0 {
		return
	}
	bl.startArray("writeErrors")
	for _, we := range errs {
		bl.startDoc("").int32("index", int32(we.index)).int32("code", we.err.Code)
		if we.err.Name != "" || codeNames[we.err.Code] != "" {
			bl.str("codeName", we.err.name())
		}
		bl.str("errmsg", we.err.Msg)
		appendElements(bl, we.err.Info)
		bl.end()
	}
	bl.end()
}

// checkBatch enforces mongod's batch size limits on a write.
func checkBatch(n int) error {
	if n < 1 || n > maxWriteBatchSize {
		return errorf(codeInvalidLength, "Write batch sizes must be between 1 and %d. Got %d operations.", maxWriteBatchSize, n)
	}
	return nil
}

const codeInvalidLength = 16

// orderedArg reads "ordered", true by default.
func orderedArg(r *request) (bool, error) {
	v := r.arg("ordered")
	if v.Type == 0 {
		return true, nil
	}
	return boolArg(r, "ordered")
}

// writeColl runs fn on a collection under its write lock, creating it
// when create is set, and retrying if it was dropped in between. Without
// create and without the collection, fn gets a nil writer.
func (s *Server) writeColl(db, name string, create bool, fn func(w *store.Writer) error) error {
	for {
		var c *store.Collection
		if create {
			c, _ = s.cat.Ensure(db, name)
		} else if cc, ok := s.cat.Collection(db, name); ok {
			c = cc
		} else {
			return fn(nil)
		}
		retry := false
		err := c.Write(func(w *store.Writer) error {
			if w.Dropped() {
				retry = true
				return nil
			}
			if w.Options().ViewOn != "" {
				return notOnView(c.NS())
			}
			return fn(w)
		})
		if !retry {
			return err
		}
	}
}

// prepareInsert gives a document the _id it lacks and moves _id first, as
// mongod stores it, and validates it for storage. The result owns its
// bytes.
func prepareInsert(doc bson.Raw) (bson.Raw, error) {
	if len(doc) > maxBsonObjectSize {
		return nil, errorf(codeBSONObjectTooLarge, "object to insert too large. size in bytes: %d, max size: %d", len(doc), maxBsonObjectSize)
	}
	id := doc.Lookup("_id")
	first := false
	if it := doc.Iter(); it.Next() && it.Key() == "_id" {
		first = true
	}
	var out bson.Raw
	if first {
		out = append(bson.Raw(nil), doc...)
	} else {
		b, start := bson.AppendDocumentStart(make([]byte, 0, len(doc)+17))
		if id.Type == 0 {
			b = bson.AppendObjectIDElement(b, "_id", bson.NewObjectID())
		} else {
			b = bson.AppendValueElement(b, "_id", id)
		}
		it := doc.Iter()
		for it.Next() {
			if it.Key() != "_id" {
				b = append(b, it.Element()...)
			}
		}
		out = bson.AppendDocumentEnd(b, start)
	}
	if err := engine.ValidateForStorage(out); err != nil {
		return nil, err
	}
	return out, nil
}

const codeBSONObjectTooLarge = 10334
