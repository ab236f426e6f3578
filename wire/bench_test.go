package wire_test

import (
	"bytes"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/compressor"
	"github.com/cwal-go/cwal/wire"
)

// benchDocs returns n small documents of about 40 bytes, like {_id: i, name: "..."}.
func benchDocs(n int) []bson.Raw {
	docs := make([]bson.Raw, n)
	for i := range docs {
		d := doc("_id", int32(i))
		// Pad with a string field so the documents are not trivially tiny.
		s := append([]byte(nil), d[:len(d)-1]...)
		s = append(s, "\x02name\x00\x0b\x00\x00\x00abcdefghij\x00\x00"...)
		s[0] = byte(len(s))
		docs[i] = s
	}
	return docs
}

func encodeInsert(buf []byte, body bson.Raw, docs []bson.Raw, checksum bool) ([]byte, error) {
	b, start := wire.BeginMsg(buf[:0], 1, 0, 0)
	b = wire.AppendBodySection(b, body)
	b, seq := wire.BeginSequence(b, "documents")
	for _, d := range docs {
		b = wire.AppendSequenceDocument(b, d)
	}
	b = wire.EndSequence(b, seq)
	return wire.FinishMsg(b, start, checksum)
}

func BenchmarkEncodeMsg1000(b *testing.B) {
	docs := benchDocs(1000)
	body := doc("insert", 1)
	for _, sum := range []bool{false, true} {
		name := "plain"
		if sum {
			name = "checksum"
		}
		b.Run(name, func(b *testing.B) {
			buf, _ := encodeInsert(nil, body, docs, sum)
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				buf, err = encodeInsert(buf, body, docs, sum)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseMsg1000(b *testing.B) {
	msg, _ := encodeInsert(nil, doc("insert", 1), benchDocs(1000), true)
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := wire.ParseMsg(msg)
		if err != nil {
			b.Fatal(err)
		}
		s, ok := m.Sequence("documents")
		if !ok {
			b.Fatal("no sequence")
		}
		n := 0
		for it := s.Documents(); ; n++ {
			if _, ok := it.Next(); !ok {
				break
			}
		}
		for range s.All() {
			n++
		}
		for range m.Sequences() {
			n++
		}
		if n != 2001 {
			b.Fatalf("%d documents", n)
		}
	}
}

func BenchmarkReadMessage(b *testing.B) {
	msg, _ := encodeInsert(nil, doc("insert", 1), benchDocs(1000), false)
	r := bytes.NewReader(msg)
	buf := make([]byte, 0, len(msg))
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(msg)
		var err error
		buf, err = wire.ReadMessage(r, buf, 0)
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompressMsg1000(b *testing.B) {
	msg, _ := encodeInsert(nil, doc("insert", 1), benchDocs(1000), false)
	for _, id := range compressorIDs {
		b.Run(id.String(), func(b *testing.B) {
			c, _ := compressor.New(id, -1)
			buf := make([]byte, 0, 2*len(msg))
			b.SetBytes(int64(len(msg)))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				buf, err = wire.AppendCompressed(buf[:0], msg, c)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecompressMsg1000(b *testing.B) {
	msg, _ := encodeInsert(nil, doc("insert", 1), benchDocs(1000), false)
	for _, id := range compressorIDs {
		b.Run(id.String(), func(b *testing.B) {
			c, _ := compressor.New(id, -1)
			comp, _ := wire.AppendCompressed(nil, msg, c)
			buf := make([]byte, 0, len(msg))
			b.SetBytes(int64(len(msg)))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				buf, err = wire.AppendDecompressed(buf[:0], comp, 0)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
