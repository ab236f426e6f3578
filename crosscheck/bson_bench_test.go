package crosscheck

import (
	"testing"

	cbson "github.com/cwal-go/cwal/bson"
	obson "go.mongodb.org/mongo-driver/v2/bson"
)

// The driver benchmarking spec's BSON tasks: encode a document held in the
// driver's native document type, and decode BSON bytes into it, 10,000
// times per iteration. Throughput (b.SetBytes) uses the size of the
// source JSON file, as the spec defines a task's size.

const bsonOpsPerIteration = 10000

var bsonDatasets = []struct{ name, file string }{
	{"flat", "benchmarking/data/extended_bson/flat_bson.json"},
	{"deep", "benchmarking/data/extended_bson/deep_bson.json"},
	{"full", "benchmarking/data/extended_bson/full_bson.json"},
}

// loadDataset returns the dataset as BSON bytes and the JSON file size.
// The official driver parses the extended JSON so both drivers start from
// the same bytes.
func loadDataset(tb testing.TB, file string) ([]byte, int) {
	tb.Helper()
	js := readSpecFile(tb, file)
	var d obson.D
	if err := obson.UnmarshalExtJSON(js, true, &d); err != nil {
		tb.Fatalf("official driver cannot parse %s: %v", file, err)
	}
	raw, err := obson.Marshal(d)
	if err != nil {
		tb.Fatal(err)
	}
	return raw, len(js)
}

func BenchmarkBSONEncode(b *testing.B) {
	for _, ds := range bsonDatasets {
		raw, size := loadDataset(b, ds.file)
		b.Run(ds.name+"/cwal", func(b *testing.B) {
			var doc cbson.D
			if err := cbson.Unmarshal(raw, &doc); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size) * bsonOpsPerIteration)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for j := 0; j < bsonOpsPerIteration; j++ {
					if _, err := cbson.Marshal(&doc); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(ds.name+"/cwal-append", func(b *testing.B) {
			// MarshalAppend into a reused buffer: the allocation-free way
			// an application (and cwal's own operation layer) encodes.
			var doc cbson.D
			if err := cbson.Unmarshal(raw, &doc); err != nil {
				b.Fatal(err)
			}
			buf := make([]byte, 0, len(raw))
			b.SetBytes(int64(size) * bsonOpsPerIteration)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for j := 0; j < bsonOpsPerIteration; j++ {
					var err error
					if buf, err = cbson.MarshalAppend(buf[:0], &doc); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(ds.name+"/official", func(b *testing.B) {
			var doc obson.D
			if err := obson.Unmarshal(raw, &doc); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size) * bsonOpsPerIteration)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for j := 0; j < bsonOpsPerIteration; j++ {
					if _, err := obson.Marshal(&doc); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

func BenchmarkBSONDecode(b *testing.B) {
	for _, ds := range bsonDatasets {
		raw, size := loadDataset(b, ds.file)
		b.Run(ds.name+"/cwal", func(b *testing.B) {
			b.SetBytes(int64(size) * bsonOpsPerIteration)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for j := 0; j < bsonOpsPerIteration; j++ {
					var doc cbson.D
					if err := cbson.Unmarshal(raw, &doc); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(ds.name+"/official", func(b *testing.B) {
			b.SetBytes(int64(size) * bsonOpsPerIteration)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for j := 0; j < bsonOpsPerIteration; j++ {
					var doc obson.D
					if err := obson.Unmarshal(raw, &doc); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
