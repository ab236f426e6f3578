// Package engine is the data engine of mongotest: MongoDB 8.0 query,
// update, projection, sort and aggregation semantics as pure functions
// over BSON documents. It keeps no state, opens no sockets and stores
// nothing; the server built on top of it owns collections, indexes,
// cursors and transactions.
//
// Every compiler takes an *Env carrying what one command contributes: its
// let variables (SetLet), $$NOW and $$CLUSTER_TIME, the collation
// (ParseCollation) and the random and _id sources. A nil *Env means the
// defaults. Compiled values (Filter, Update, Projection, SortSpec,
// Pipeline, Expression) are immutable and safe for concurrent use.
//
// A find is:
//
//	f, err := engine.CompileFilter(filter, env)  // once per command
//	ok, pos, err := f.MatchPos(doc)               // per document
//	out, err := proj.Apply(doc, pos)              // pos feeds "a.$"
//
// or, for an in-memory collection, engine.Find(docs, engine.FindOptions{...}).
// An update is CompileUpdate, then Update.Apply per matched document (with
// the position from MatchPos for the $ operator) or Update.Upsert when
// nothing matched. An aggregate is CompilePipeline then Pipeline.Run; the
// stages that need the server ($out, $merge, $documents, $collStats, ...)
// are passed to the Host the caller gives to Run, and $lookup and
// $unionWith read other collections through it when it implements
// CollectionReader.
//
// Errors are *Error values carrying the server's code, code name and
// message, ready to copy into a reply: for example BadValue (2) "unknown
// operator: $foo", FailedToParse (9) for malformed update documents,
// ImmutableField (66), InvalidPipelineOperator (168) and 40324
// "Unrecognized pipeline stage name".
//
// Documents are bson.Raw throughout. Stored documents are never modified:
// updates work on a copy-on-write tree that re-encodes only the paths
// they touch.
package engine
