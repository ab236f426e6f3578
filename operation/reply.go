package operation

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/pool"
)

// keep returns a reply the command's result may refer to after the
// connection reads another one: a copy in buf, which the command reuses, or
// the reply itself when the connection has given its buffer up.
func keep(buf *[]byte, body bson.Raw) bson.Raw {
	if cap(body) > pool.MaxRetainedBuffer {
		// The connection never reuses a buffer this large, so the reply
		// is already ours; copying a 16 MB batch would double the memory
		// a cursor churns through.
		return body
	}
	*buf = append((*buf)[:0], body...)
	return *buf
}

// int64Field reads a count that servers send as int32, int64 or double; 0
// when absent.
func int64Field(doc bson.Raw, key string) int64 {
	n, _ := doc.Lookup(key).AsInt64OK()
	return n
}
