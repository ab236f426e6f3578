// Package mongotest is an in-process MongoDB-compatible server for tests,
// shaped like net/http/httptest: NewServer starts it on a loopback port,
// URI gives a connection string that works with cwal and with the official
// Go driver, and Close stops it and waits for everything it started.
//
//	s := mongotest.NewServer()
//	defer s.Close()
//	client, err := cwal.Connect(ctx, s.URI())
//
// It speaks the real wire protocol over real sockets — OP_MSG with
// document sequences, checksums and exhaust streaming, OP_COMPRESSED with
// snappy, zlib and zstd, the legacy OP_QUERY handshake — and reports
// MongoDB 8.0 (maxWireVersion 25).
//
// # Deployment
//
// By default the server is the primary of a one-member replica set named
// "rs0" (WithReplicaSet to rename it); hello reports setName and hosts, so
// drivers discover it. WithStandalone makes it a standalone mongod.
// WithUser adds SCRAM-SHA-1/SCRAM-SHA-256 users on the admin database and
// turns on authentication, speculative authentication included.
//
// # Data and commands
//
// Databases and collections live in memory: documents in insertion order,
// an _id index and unique secondary indexes (E11000 errors with keyPattern
// and keyValue, as mongod words them), capped collections. The CRUD
// commands (insert, update, delete, find, getMore, killCursors, aggregate,
// count, distinct, findAndModify, the 8.0 client bulkWrite), the catalog
// commands (create, drop, listCollections, listDatabases, dropDatabase,
// renameCollection, collMod, createIndexes, listIndexes, dropIndexes) and
// the handshake and diagnostic commands reply with mongod's shapes and
// error codes. Queries, updates, projections and pipelines are evaluated
// by the engine in internal/engine. A filter {_id: v} is answered from the
// _id index and an empty filter takes every document without matching;
// other indexes only enforce uniqueness (and collMod's prepareUnique), so
// other queries scan the collection. Stored documents are returned as
// stored, never re-encoded. Clustered collections (create with
// clusteredIndex) list their clustered index. Views (create with
// viewOn and pipeline) are evaluated on read; validators written as query
// filters are enforced ($jsonSchema is stored but not enforced).
//
// # Fault injection
//
// configureFailPoint supports failCommand (modes times, skip, alwaysOn,
// off and activationProbability; failCommands, appName, namespace,
// errorCode, errorLabels, closeConnection, blockConnection with
// blockTimeMS, writeConcernError), also for commands mongotest does not
// implement (authenticate, createUser, ...);
// onPrimaryTransactionalWrite (closeConnection, true unless set false, and
// failBeforeCommitExceptionCode) for retryable writes;
// failGetMoreAfterCursorCheckout and maxTimeAlwaysTimeOut.
// CloseClientConnections drops every connection as a network failure
// would.
//
// # Cluster time
//
// As a replica-set member, every reply, ok or not, carries $clusterTime
// (unsigned: a zero hash and keyId 0) and operationTime. Writes and
// catalog changes advance the cluster time; a later $clusterTime a client
// sends is adopted. A standalone server sends neither.
//
// # Not yet
//
// Transactions, change streams, snapshot reads and multi-member replica
// sets are not implemented. The server remembers the last retryable write
// of each session (lsid and txnNumber) and replays its result to a retry,
// so a retried write is applied once. Time-series collections are plain collections without a
// unique _id; text and geo queries are refused.
package mongotest
