package unified

// snapshotReason: mongotest has no point-in-time reads.
const snapshotReason = "mongotest: no snapshot reads: readConcern level snapshot is accepted but reads see the latest data, replies carry no atClusterTime, and writes and other commands in a snapshot session are not refused. The client sends level snapshot and atClusterTime (operation TestSessionReadConcern, session TestClientSnapshotTime)"

// sessionSkips are the tests of the sessions and causal-consistency
// suites that cannot pass against mongotest or need transactions. They
// join Skips at init, like runnerSkips.
var sessionSkips = map[string]string{
	"sessions/snapshot-sessions.json/Find operation with snapshot":                                      snapshotReason,
	"sessions/snapshot-sessions.json/Distinct operation with snapshot":                                  snapshotReason,
	"sessions/snapshot-sessions.json/Aggregate operation with snapshot":                                 snapshotReason,
	"sessions/snapshot-sessions.json/countDocuments operation with snapshot":                            snapshotReason,
	"sessions/snapshot-sessions.json/Mixed operation with snapshot":                                     snapshotReason,
	"sessions/snapshot-sessions.json/Write commands with snapshot session do not affect snapshot reads": snapshotReason,
	"sessions/snapshot-sessions.json/Find operation with snapshot and snapshot time":                    snapshotReason,
	"sessions/snapshot-sessions.json/Distinct operation with snapshot and snapshot time":                snapshotReason,
	"sessions/snapshot-sessions.json/Aggregate operation with snapshot and snapshot time":               snapshotReason,
	"sessions/snapshot-sessions.json/countDocuments operation with snapshot and snapshot time":          snapshotReason,
	"sessions/snapshot-sessions.json/Mixed operation with snapshot and snapshotTime":                    snapshotReason,
}

func init() {
	for k, v := range sessionSkips {
		if _, ok := Skips[k]; !ok {
			Skips[k] = v
		}
	}
}
