// Package gridfs stores files of any size in MongoDB following the GridFS
// specification: a file's contents are cut into chunks (255 KiB by
// default), one document each in <bucket>.chunks, and a document in
// <bucket>.files describes the file (length, chunkSize, uploadDate,
// filename, metadata).
//
//	b := gridfs.NewBucket(client.Database("media"))
//	id, err := b.UploadFromStream(ctx, "cat.jpg", f)
//	n, err := b.DownloadToStream(ctx, id, w)
//
// Uploads stream: OpenUploadStream returns an io.WriteCloser whose Close
// inserts the files document, so a file appears only once complete; an
// upload stream that is not closed leaves no file, and Abort deletes the
// chunks it wrote. Before a bucket's first upload writes, it creates the
// indexes {filename: 1, uploadDate: 1} and unique {files_id: 1, n: 1} if
// the files collection is empty and they do not exist.
//
// Downloads stream too: OpenDownloadStream returns an io.ReadSeekCloser
// that fetches chunks with one cursor and checks each (ChunkError
// wrapping ErrMissingChunk, ErrWrongChunkSize, ErrExtraChunk); Seek
// restarts the query at the chunk it needs, for partial reads. A missing
// file is ErrFileNotFound. Files share names: the by-name methods pick a
// revision by upload date (0 the original, -1 the latest).
//
// Find queries the files collection; Delete, Rename and Drop manage files
// and the bucket, with by-name variants for every revision of a name.
//
// File ids are ObjectIDs unless the caller gives its own (the WithID
// methods), which may be any BSON value; every query matches an id with
// $eq, so an id that looks like a query operator matches only itself.
//
// Streams carry the context they were opened with: it bounds every round
// trip of their Read, Write and Close. The streams are not safe for
// concurrent use; a Bucket is.
package gridfs
