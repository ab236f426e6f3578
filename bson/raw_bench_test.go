package bson_test

import (
	"strconv"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// benchDoc has 100 int32 fields and a nested document at the end.
func benchDoc() bson.Raw {
	b, start := bson.AppendDocumentStart(nil)
	for i := 0; i < 100; i++ {
		b = bson.AppendInt32Element(b, "field"+strconv.Itoa(i), int32(i))
	}
	b, sub := bson.AppendDocumentElementStart(b, "nested")
	b = bson.AppendStringElement(b, "name", "value")
	b = bson.AppendDocumentEnd(b, sub)
	return bson.AppendDocumentEnd(b, start)
}

func BenchmarkRawLookup(b *testing.B) {
	doc := benchDoc()
	b.Run("last-key", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if doc.Lookup("field99").Int32() != 99 {
				b.Fatal("wrong value")
			}
		}
	})
	b.Run("path", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if s, ok := doc.Path("nested.name").StringBytes(); !ok || len(s) != 5 {
				b.Fatal("wrong value")
			}
		}
	})
	b.Run("iterate", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(doc)))
		for i := 0; i < b.N; i++ {
			it := doc.Iter()
			n := 0
			for it.Next() {
				n++
			}
			if n != 101 {
				b.Fatal("wrong count")
			}
		}
	})
	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(doc)))
		for i := 0; i < b.N; i++ {
			if err := doc.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
