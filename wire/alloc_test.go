package wire_test

import (
	"testing"

	"github.com/cwal-go/cwal/wire"
)

// TestStreamingIsAllocationFree streams 100,000 documents into one kind-1
// section of a reused buffer and parses the result, counting allocations.
func TestStreamingIsAllocationFree(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes 100,000 documents")
	}
	docs := benchDocs(100_000)
	body := doc("insert", 1)
	buf, err := encodeInsert(nil, body, docs, true)
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(3, func() {
		buf, err = encodeInsert(buf, body, docs, true)
	}); n != 0 || err != nil {
		t.Errorf("encoding allocates %v times per message (err %v)", n, err)
	}
	count := 0
	if n := testing.AllocsPerRun(3, func() {
		m, err := wire.ParseMsg(buf)
		if err != nil {
			t.Fatal(err)
		}
		count = 0
		for s := range m.Sequences() {
			for it := s.Documents(); ; count++ {
				if _, ok := it.Next(); !ok {
					break
				}
			}
			for range s.All() {
				count++
			}
		}
	}); n != 0 {
		t.Errorf("parsing and iterating allocates %v times per message", n)
	}
	if count != 2*len(docs) {
		t.Errorf("iterated %d documents, want %d", count, 2*len(docs))
	}
}
