// Package operation is cwal's stable low-level command API: one Command
// value per database command and one Execute that runs it through a
// Deployment's servers and connection pools.
//
// A Command builds its body for the server it is about to run on, decodes
// the reply into its own Result field, and says through Traits how Execute
// treats it (a write or a read for server selection, how it may be
// retried, which concerns it takes):
//
//	find := &operation.Find{DB: "app", Collection: "users", Filter: filter}
//	err := operation.Execute(ctx, deployment, find, operation.ExecOptions{RetryReads: true})
//	for it := find.Result.Documents(); ; {
//		doc, ok := it.Next()
//		if !ok {
//			break
//		}
//		...
//	}
//
// Execute is a short pipeline of named steps: select a server, check out a
// connection, encode one OP_MSG (the body, then $db, lsid, txnNumber,
// readConcern, writeConcern, $clusterTime and $readPreference as the
// specifications require, then the document sequences of a write), round
// trip (or only send, with moreToCome, for an unacknowledged write), decode,
// classify the error (server errors, write errors, network errors, and the
// state-change errors reported to the Deployment for SDAM), decide on one
// retry under the retryable reads and writes rules, and check the
// connection back in, exactly once, whatever happens, panics included.
//
// Writes (Insert, Update, Delete, BulkWrite) are Batched: Execute sends as
// many commands as maxWriteBatchSize, maxBsonObjectSize and
// maxMessageSizeBytes require, in kind-1 document sequences, stops an
// ordered write at its first write error, and merges the results, with
// write error indexes remapped to the caller's positions.
//
// # Lifetimes
//
// Results refer to a copy of the reply that the command keeps and reuses:
// they stay valid until the same Command value is executed again. Command
// monitoring events carry views that are valid only during the callback.
// A Command value is not safe for concurrent use; Execute is.
//
// # Errors
//
// A failed command is a *ServerError (errors.Is(err, ServerError{Code:
// 11000}) matches by code); writes that fail per document give a
// *WriteException or, for the client bulkWrite, a *BulkWriteException.
// HasErrorLabel, IsDuplicateKey, IsTimeout and IsNetworkError say what an
// error allows.
package operation
