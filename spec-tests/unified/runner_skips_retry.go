package unified

// noChangeStreams: createChangeStream has no client support yet.
const noChangeStreams = "client: no change streams yet (createChangeStream)"

// retrySkips are the tests of the retryable-reads and retryable-writes
// suites that cannot pass against mongotest or need a missing client
// feature, each with what is missing. They join Skips at init, like
// runnerSkips.
var retrySkips = map[string]string{
	"retryable-reads/changeStreams-client.watch-serverErrors.json":                                noChangeStreams,
	"retryable-reads/changeStreams-client.watch.json":                                             noChangeStreams,
	"retryable-reads/changeStreams-db.coll.watch-serverErrors.json":                               noChangeStreams,
	"retryable-reads/changeStreams-db.coll.watch.json":                                            noChangeStreams,
	"retryable-reads/changeStreams-db.watch-serverErrors.json":                                    noChangeStreams,
	"retryable-reads/changeStreams-db.watch.json":                                                 noChangeStreams,
	"retryable-reads/mapReduce.json/MapReduce succeeds with retry on":                             "mongotest: no mapReduce command (it runs no JavaScript map/reduce functions); the runner sends mapReduce as a plain, never retried command (ops_retry.go), and the two failing-attempt tests of the file pass",
	"retryable-writes/bulkWrite.json/All commands are retried":                                    txnWriteCommits,
	"retryable-writes/bulkWrite.json/Both commands are retried after their first statement fails": txnWriteCommits,

	// Only reached when the suite runs on an authenticated deployment
	// (handshakeError.json requires auth; the rest of the file passes).
	"retryable-reads/handshakeError.json/client.createChangeStream succeeds after retryable handshake network error":                         noChangeStreams,
	"retryable-reads/handshakeError.json/client.createChangeStream succeeds after retryable handshake server error (ShutdownInProgress)":     noChangeStreams,
	"retryable-reads/handshakeError.json/database.createChangeStream succeeds after retryable handshake network error":                       noChangeStreams,
	"retryable-reads/handshakeError.json/database.createChangeStream succeeds after retryable handshake server error (ShutdownInProgress)":   noChangeStreams,
	"retryable-reads/handshakeError.json/collection.createChangeStream succeeds after retryable handshake network error":                     noChangeStreams,
	"retryable-reads/handshakeError.json/collection.createChangeStream succeeds after retryable handshake server error (ShutdownInProgress)": noChangeStreams,
}

// txnWriteCommits: mongotest's onPrimaryTransactionalWrite differs from
// mongod's.
const txnWriteCommits = "mongotest: onPrimaryTransactionalWrite with closeConnection (the default) and no failBeforeCommitExceptionCode drops the write before it is applied; mongod commits the write and then closes the connection, so the retry is answered from the stored result without hitting the fail point again. With times: N over N batches every retry here hits the fail point too"

func init() {
	for k, v := range retrySkips {
		if _, ok := Skips[k]; !ok {
			Skips[k] = v
		}
	}
}
