package unified

import (
	"bytes"

	"github.com/cwal-go/cwal/bson"
)

// failPointHeartbeatMS is the heartbeatFrequencyMS given to the clients
// of a test that sets fail points (the smallest the URI accepts). A
// state-change error such as ShutdownInProgress marks the server Unknown,
// and a streaming monitor ignores requests for an immediate check, so the
// retry waits for the next streamed hello: heartbeatFrequencyMS, 10 s by
// default. The unified test format allows this reduction ("Executing a
// Test"), never for a client whose uriOptions set heartbeatFrequencyMS.
const failPointHeartbeatMS = 500

// setsFailPoints reports whether ops (or the operations nested in them)
// may configure a fail point.
func setsFailPoints(ops []Operation) bool {
	for i := range ops {
		switch ops[i].Name {
		case "failPoint", "targetedFailPoint":
			return true
		}
		if bytes.Contains(ops[i].Arguments, []byte("configureFailPoint")) {
			return true
		}
	}
	return false
}

// heartbeatOptions returns uriOptions with heartbeatFrequencyMS reduced
// when the current test sets fail points and the options do not set it.
func (r *Runner) heartbeatOptions(opts bson.Raw) bson.Raw {
	if !r.fastHeartbeat || !opts.Lookup("heartbeatFrequencyMS").IsZero() {
		return opts
	}
	dst, start := bson.AppendDocumentStart(nil)
	dst = appendElements(dst, opts)
	dst = bson.AppendInt32Element(dst, "heartbeatFrequencyMS", failPointHeartbeatMS)
	return bson.AppendDocumentEnd(dst, start)
}
