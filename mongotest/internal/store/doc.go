// Package store keeps mongotest's data: databases, collections of
// immutable BSON documents in natural (insertion) order, the _id index and
// unique secondary indexes, and capped collections.
//
// It knows nothing of commands or query languages. A Catalog maps database
// and collection names to Collections; a Collection is read under a shared
// lock (Read) and changed under an exclusive one (Write), so each write is
// atomic for the documents it touches. Stored documents are never modified
// in place: a reader may keep a document after its lock is released.
package store
