package gridfs_test

import (
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/gridfs"
)

// FuzzParseFile: any bytes give a File or an error, never a panic, and a
// File's numbers are usable.
func FuzzParseFile(f *testing.F) {
	good, _ := bson.Marshal(bson.D{{Key: "_id", Value: 1}, {Key: "length", Value: int64(10)}, {Key: "chunkSize", Value: int32(4)},
		{Key: "uploadDate", Value: bson.DateTime(0)}, {Key: "filename", Value: "f"}, {Key: "metadata", Value: bson.D{}}})
	f.Add(good)
	f.Add([]byte{5, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := gridfs.ParseFile(b)
		if err != nil {
			return
		}
		if file.Length < 0 || file.ChunkSize < 0 || (file.Length > 0 && file.ChunkSize == 0) {
			t.Fatalf("accepted length %d, chunkSize %d", file.Length, file.ChunkSize)
		}
	})
}
