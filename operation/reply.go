package operation

import (
	"github.com/cwal-go/cwal/bson"
)

// keep copies a reply into a buffer the command reuses, so that its result
// can refer to it after the connection reads another reply.
func keep(buf *[]byte, body bson.Raw) bson.Raw {
	*buf = append((*buf)[:0], body...)
	return *buf
}

// int64Field reads a count that servers send as int32, int64 or double; 0
// when absent.
func int64Field(doc bson.Raw, key string) int64 {
	n, _ := doc.Lookup(key).AsInt64OK()
	return n
}
