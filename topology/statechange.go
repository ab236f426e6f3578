package topology

import (
	"slices"
	"strings"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

// Error codes of the SDAM specification's state change errors.
var (
	recoveringCodes         = []int32{11600, 11602, 13436, 189, 91}
	notWritablePrimaryCodes = []int32{10107, 13435, 10058}
)

// IsStateChange reports whether a server error is a "node is recovering"
// or "not writable primary" error: by code when there is one (code != 0),
// and only otherwise by the legacy message substrings.
func IsStateChange(code int32, msg string) bool {
	return IsRecovering(code, msg) || IsNotWritablePrimary(code, msg)
}

// IsRecovering reports a "node is recovering" error: codes
// InterruptedAtShutdown, InterruptedDueToReplStateChange,
// NotPrimaryOrSecondary, PrimarySteppedDown, ShutdownInProgress; without a
// code, a message containing "node is recovering" or "not master or
// secondary".
func IsRecovering(code int32, msg string) bool {
	if code != 0 {
		return slices.Contains(recoveringCodes, code)
	}
	return strings.Contains(msg, "node is recovering") || strings.Contains(msg, "not master or secondary")
}

// IsNotWritablePrimary reports a "not writable primary" error: codes
// NotWritablePrimary, NotPrimaryNoSecondaryOk, LegacyNotPrimary; without a
// code, a message containing "not master" that is not a recovering one.
func IsNotWritablePrimary(code int32, msg string) bool {
	if code != 0 {
		return slices.Contains(notWritablePrimaryCodes, code)
	}
	return !IsRecovering(0, msg) && strings.Contains(msg, "not master")
}

// IsShutdown reports a "node is shutting down" error (InterruptedAtShutdown
// or ShutdownInProgress), the state change errors that clear the pool.
func IsShutdown(code int32) bool {
	return code == 11600 || code == 91
}

// okField reports whether a reply says ok: 1 (any numeric type).
func okField(reply bson.Raw) bool {
	v := reply.Lookup("ok")
	if b, isBool := v.BooleanOK(); isBool {
		return b
	}
	f, ok := v.AsFloat64OK()
	return ok && f == 1
}

// int32Field reads a numeric code, 0 when absent or out of range.
func int32Field(v bson.RawValue) int32 {
	n, ok := v.AsInt64OK()
	if !ok || n != int64(int32(n)) {
		return 0
	}
	return int32(n)
}

// topologyVersion reads {processId: ObjectId, counter: int64}; nil when
// absent or malformed (a malformed one cannot order anything).
func topologyVersion(v bson.RawValue) *description.TopologyVersion {
	doc, ok := v.DocumentOK()
	if !ok {
		return nil
	}
	pid, ok1 := doc.Lookup("processId").ObjectIDOK()
	counter, ok2 := doc.Lookup("counter").AsInt64OK()
	if !ok1 || !ok2 {
		return nil
	}
	return &description.TopologyVersion{ProcessID: pid, Counter: counter}
}

// appendLabels appends the strings of an errorLabels array.
func appendLabels(dst []string, v bson.RawValue) []string {
	arr, ok := v.ArrayOK()
	if !ok {
		return dst
	}
	it := arr.Iter()
	for it.Next() {
		if s, ok := it.Value().StringValueOK(); ok && !slices.Contains(dst, s) {
			dst = append(dst, s)
		}
	}
	return dst
}
