// Package client is cwal's application API: connect to a deployment, then
// read and write documents through Database and Collection handles.
//
//	c, err := client.Connect(ctx, "mongodb://localhost:27017")
//	defer c.Disconnect(ctx)
//	coll := c.Database("app").Collection("users")
//	res, err := coll.InsertOne(ctx, User{Name: "ada"})
//	err = coll.FindOne(ctx, bson.D{{Key: "name", Value: "ada"}}).Decode(&u)
//
// Documents and filters are anything the bson package marshals to a
// document (structs, maps, bson.D, bson.Raw); nil filters match every
// document. Options are plain structs passed as an optional last argument;
// the zero value of each field sends nothing, leaving the server's
// default. Read and write concerns and the read preference come from the
// URI and may be overridden per Database and Collection (Settings).
//
// # Cursors
//
// Find, Aggregate, Database.RunCommandCursor (any command that answers
// with a cursor) and the list methods return a *Cursor: Next and Decode,
// All, or a range-over-func loop with Docs. A cursor that fails or is
// broken out of kills its server cursor; one dropped without Close is
// killed by a runtime cleanup and counted by Client.LeakedCursors and
// in the server's pool.Stats.Abandoned (Client.PoolStats).
//
// # Typed collections
//
// CollectionOf[T] gives a collection whose InsertOne takes a T and whose
// Find yields T values, on the same engine.
//
// # Indexes
//
// Collection.Indexes manages regular indexes; Collection.SearchIndexes the
// Atlas Search indexes (createSearchIndexes, updateSearchIndex,
// dropSearchIndex, $listSearchIndexes), which other servers refuse.
//
// # Stable API
//
// WithServerAPI declares an API version (ServerAPIVersion1, strict,
// deprecationErrors) sent with every command, the handshake included.
//
// # Errors
//
// Errors are the operation package's: *ServerError for a failed command,
// *WriteException for failed writes (write errors and write concern
// error), *BulkWriteException for the client-level BulkWrite. errors.Is
// matches server codes (errors.Is(err, client.ServerError{Code: 11000}));
// IsDuplicateKey, IsTimeout and IsNetworkError say what an error is.
//
// # Monitoring
//
// WithMonitor receives command started, succeeded and failed events
// (sensitive commands redacted); WithPoolEvents and WithTopologyEvents the
// CMAP and SDAM events; WithLogging the structured log messages of the
// logging specification. Client.PoolStats shows each pool's live counts.
// Client.Deployment, with Collection.ReadExecOptions and WriteExecOptions,
// runs commands of the operation package through the client's pools.
package client
