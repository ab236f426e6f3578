package unified

// runnerSkips are the tests of DefaultSuites that do not pass yet against
// mongotest, each with what is missing. They join Skips at init so the
// skip list stays one list.
var runnerSkips = map[string]string{
	// client: features not implemented yet.
	"read-write-concern/operation/default-write-concern-3.4.json/MapReduce omits default write concern": "client: mapReduce is not implemented (deprecated command)",
	"unified-test-format/valid-pass/poc-change-streams.json":                                            "client: no change streams yet (createChangeStream)",

	// runner: operations not implemented yet.

	// mongotest: server behaviour that differs from mongod.
	"command-logging-and-monitoring/logging/redacted-commands.json/hello without speculative authenticate command and server reply are not redacted": "mongotest: a replica-set hello reply with $clusterTime and operationTime (as mongod sends) is over the default 1000-character log limit, so the logged reply is truncated and $$matchAsDocument cannot parse it",
}

func init() {
	for k, v := range runnerSkips {
		if _, ok := Skips[k]; !ok {
			Skips[k] = v
		}
	}
}
