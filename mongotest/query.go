package mongotest

import (
	"bytes"
	"slices"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// hit is a document a filter matched and the array position the
// positional operators use.
type hit struct {
	rec store.Record
	pos int
}

// matchAll returns the records f matches, in natural order (reversed for
// {$natural: -1}), stopping after max hits when max > 0.
func matchAll(rd *store.Reader, f *engine.Filter, reverse bool, max int) ([]hit, error) {
	if id, ok := f.IDEquality(); ok && rd.UniqueID() {
		return matchID(rd, f, id)
	}
	if f.MatchesAll() {
		return allHits(rd, reverse, max), nil
	}
	var hits []hit
	var err error
	visit := func(rec store.Record) bool {
		ok, pos, e := f.MatchPos(rec.Doc)
		if e != nil {
			err = e
			return false
		}
		if ok {
			hits = append(hits, hit{rec, pos})
		}
		return max <= 0 || len(hits) < max
	}
	if !reverse {
		rd.Scan(visit)
		return hits, err
	}
	recs := rd.Records()
	for i := len(recs) - 1; i >= 0 && visit(recs[i]); i-- {
	}
	return hits, err
}

// matchID answers a filter {_id: v} from the _id index.
func matchID(rd *store.Reader, f *engine.Filter, id bson.RawValue) ([]hit, error) {
	rec, ok := rd.FindID(id)
	if !ok {
		return nil, nil
	}
	ok, pos, err := f.MatchPos(rec.Doc)
	if err != nil || !ok {
		return nil, err
	}
	return []hit{{rec, pos}}, nil
}

// allHits returns every record for an empty filter, in natural order
// (reversed for {$natural: -1}), at most max when max > 0.
func allHits(rd *store.Reader, reverse bool, max int) []hit {
	n := rd.Len()
	if max > 0 && max < n {
		n = max
	}
	hits := make([]hit, 0, n)
	if !reverse {
		rd.Scan(func(rec store.Record) bool {
			hits = append(hits, hit{rec, -1})
			return len(hits) < n
		})
		return hits
	}
	recs := rd.Records()
	for i := len(recs) - 1; i >= 0 && len(hits) < n; i-- {
		hits = append(hits, hit{recs[i], -1})
	}
	return hits
}

// sortHits orders hits by a sort specification, stably.
func sortHits(hits []hit, s *engine.SortSpec, c *engine.Collation) {
	if s == nil || s.Empty() {
		return
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return s.CompareDocs(a.rec.Doc, b.rec.Doc, c) })
}

// window applies skip and limit (limit 0: none).
func window(hits []hit, skip, limit int64) []hit {
	if skip >= int64(len(hits)) {
		return nil
	}
	hits = hits[skip:]
	if limit > 0 && limit < int64(len(hits)) {
		hits = hits[:limit]
	}
	return hits
}

// parseSortArg reads an optional sort document.
func parseSortArg(r *request, field string, v bson.RawValue) (*engine.SortSpec, error) {
	switch v.Type {
	case 0, bson.TypeNull:
		return nil, nil
	case bson.TypeEmbeddedDoc:
		return engine.ParseSort(v.Document())
	}
	return nil, typeMismatch(r.name, field, v, "object")
}

// checkHint fails like mongod when a hint names no existing index.
func checkHint(rd *store.Reader, hint bson.RawValue) error {
	switch hint.Type {
	case 0, bson.TypeNull:
		return nil
	case bson.TypeString:
		if _, ok := rd.Index(hint.StringValue()); ok {
			return nil
		}
	case bson.TypeEmbeddedDoc:
		d := hint.Document()
		if d.Lookup("$natural").Type != 0 || len(d) <= 5 {
			return nil
		}
		for _, ix := range rd.Indexes() {
			if bytes.Equal(ix.Key, d) {
				return nil
			}
		}
	default:
		return errorf(codeFailedToParse, "hint must be a string or object")
	}
	return errorf(codeBadValue, "hint provided does not correspond to an existing index")
}

// naturalReverse reports whether a sort or hint asks for reverse natural order.
func naturalReverse(s *engine.SortSpec, hint bson.RawValue) bool {
	if s != nil && s.Natural() < 0 {
		return true
	}
	if d, ok := hint.DocumentOK(); ok {
		if n, ok := d.Lookup("$natural").AsFloat64OK(); ok && n < 0 {
			return true
		}
	}
	return false
}
