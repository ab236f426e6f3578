package gridfs

import (
	"fmt"
	"math"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// File is a files collection document: the description of one stored
// file. Fields the driver does not use (the deprecated md5, contentType
// and aliases, and any an older driver added) stay in Raw.
type File struct {
	ID         bson.RawValue
	Length     int64
	ChunkSize  int32
	UploadDate time.Time
	// Name is the filename; a legacy file may have none.
	Name string
	// Metadata is the application's document; nil when absent.
	Metadata bson.Raw
	// Raw is the whole document.
	Raw bson.Raw
}

// parseFile reads a files collection document, copying it so the File
// outlives the cursor batch it came from. Length and chunkSize may be any
// numeric type (older drivers and the shell stored doubles).
func parseFile(doc bson.Raw) (*File, error) {
	doc = append(bson.Raw(nil), doc...)
	f := &File{Raw: doc, ID: doc.Lookup("_id"), Name: doc.Lookup("filename").StringValue()}
	if f.ID.IsZero() {
		return nil, fmt.Errorf("%w: no _id", ErrBadFile)
	}
	n, ok := doc.Lookup("length").AsInt64OK()
	if !ok || n < 0 {
		return nil, fmt.Errorf("%w: file %s: length %s", ErrBadFile, describeID(f.ID), doc.Lookup("length"))
	}
	f.Length = n
	cs, ok := doc.Lookup("chunkSize").AsInt64OK()
	if !ok || cs < 0 || cs > math.MaxInt32 || (cs == 0 && n > 0) {
		return nil, fmt.Errorf("%w: file %s: chunkSize %s", ErrBadFile, describeID(f.ID), doc.Lookup("chunkSize"))
	}
	f.ChunkSize = int32(cs)
	if d, ok := doc.Lookup("uploadDate").DateTimeOK(); ok {
		f.UploadDate = d.Time()
	}
	f.Metadata, _ = doc.Lookup("metadata").DocumentOK()
	return f, nil
}

// chunkCount returns how many chunks a file of length bytes in chunks of
// size has.
func chunkCount(length int64, size int32) int64 {
	if length == 0 {
		return 0
	}
	return (length + int64(size) - 1) / int64(size)
}

// chunkLen returns the data length chunk n of the file must have.
func (f *File) chunkLen(n int64) int64 {
	if last := chunkCount(f.Length, f.ChunkSize) - 1; n == last {
		return f.Length - last*int64(f.ChunkSize)
	}
	return int64(f.ChunkSize)
}
