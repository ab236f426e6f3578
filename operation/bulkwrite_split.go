package operation

import (
	"encoding/binary"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/wire"
)

// bulkSplit is the batch of a client bulkWrite being sent: its range of
// models and the namespaces they use, numbered in nsInfo order.
type bulkSplit struct {
	start, end int
	ns         []string
	index      map[string]int
	nsInfo     []byte
	scratch    []byte
}

func (s *bulkSplit) reset() { s.start, s.end = 0, 0 }

// bounds returns the models of the current batch; every model before the
// first split.
func (s *bulkSplit) bounds(n int) (lo, hi int) {
	if s.end > s.start && s.end <= n {
		return s.start, s.end
	}
	return 0, n
}

// nsInfoLen is the size of {ns: <namespace>}.
func nsInfoLen(ns string) int { return 4 + 1 + 3 + 4 + len(ns) + 1 + 1 }

// split takes models from start while the batch holds at most
// maxWriteBatchSize of them and its command, ops and nsInfo stay within
// maxMessageSizeBytes less the overhead allowance (bulk write
// specification, Command Batching). It numbers the batch's namespaces and
// patches each ops document's namespace index.
func (s *bulkSplit) split(c *BulkWrite, desc description.Server, bodyLen int) error {
	l := limitsOf(desc)
	budget := l.maxMsg - messageOverhead - bodyLen
	s.ns = s.ns[:0]
	if s.index == nil {
		s.index = make(map[string]int)
	}
	clear(s.index)
	size, end := 0, s.start
	for end < len(c.Models) && end-s.start < l.maxCount {
		ns := c.Models[end].Namespace
		idx, known := s.index[ns]
		add := c.opOff[end+1] - c.opOff[end]
		if !known {
			idx = len(s.ns)
			add += nsInfoLen(ns)
		}
		if size+add > budget {
			break
		}
		if !known {
			s.index[ns] = idx
			s.ns = append(s.ns, ns)
		}
		c.patchNamespace(end, idx)
		size += add
		end++
	}
	if end == s.start {
		return fmt.Errorf("%w: bulkWrite model %d (%d bytes with its namespace) does not fit in a %d-byte message",
			ErrDocumentTooLarge, s.start, c.opOff[s.start+1]-c.opOff[s.start]+nsInfoLen(c.Models[s.start].Namespace), l.maxMsg)
	}
	s.end = end
	s.nsInfo = s.nsInfo[:0]
	for _, ns := range s.ns {
		var d int
		s.nsInfo, d = bson.AppendDocumentStart(s.nsInfo)
		s.nsInfo = bson.AppendStringElement(s.nsInfo, "ns", ns)
		s.nsInfo = bson.AppendDocumentEnd(s.nsInfo, d)
	}
	return nil
}

// patchNamespace writes the namespace index into model i's ops document,
// the value of its first element.
func (c *BulkWrite) patchNamespace(i, idx int) {
	at := c.opOff[i] + 4 + 1 + len(opKey(c.Models[i].Kind)) + 1
	binary.LittleEndian.PutUint32(c.ops[at:], uint32(idx))
}

// appendSequences appends the ops and nsInfo document sequences.
func (s *bulkSplit) appendSequences(c *BulkWrite, dst []byte) []byte {
	dst, seq := wire.BeginSequence(dst, "ops")
	dst = append(dst, c.ops[c.opOff[s.start]:c.opOff[s.end]]...)
	dst = wire.EndSequence(dst, seq)
	dst, seq = wire.BeginSequence(dst, "nsInfo")
	dst = append(dst, s.nsInfo...)
	return wire.EndSequence(dst, seq)
}
