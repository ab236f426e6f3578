package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// ReadCollection implements engine.CollectionReader, so that the engine
// runs $lookup and $unionWith over the server's collections.
func (h *aggHost) ReadCollection(db, coll string) ([]bson.Raw, error) {
	return h.r.c.srv.collDocs(db, coll), nil
}

// collDocs snapshots a collection's documents in natural order.
func (s *Server) collDocs(db, coll string) []bson.Raw {
	c, ok := s.cat.Collection(db, coll)
	if !ok {
		return nil
	}
	var docs []bson.Raw
	c.Read(func(rd *store.Reader) {
		rd.Scan(func(rec store.Record) bool {
			docs = append(docs, rec.Doc)
			return true
		})
	})
	return docs
}
