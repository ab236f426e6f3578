package wire

import (
	"math"
	"sync/atomic"
)

var lastRequestID atomic.Int32

// NextRequestID returns a request id for a new message. Ids are positive,
// increase by one per call across the process, and wrap from MaxInt32 back
// to 1, so they are unique among the messages in flight on any connection.
// Safe for concurrent use.
func NextRequestID() int32 {
	for {
		id := lastRequestID.Add(1) & math.MaxInt32
		if id != 0 {
			return id
		}
	}
}
