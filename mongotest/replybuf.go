package mongotest

import (
	"encoding/binary"
	"net"
	"slices"
	"sync"

	"github.com/cwal-go/cwal/wire"
)

// Reply buffers are reused: a find-many getMore builds a 16 MiB reply, and
// allocating (and zeroing) one per batch costs more than serving it. A
// connection keeps its last small buffer; large ones go to a pool shared
// by the server's connections, which the garbage collector may empty.
const (
	keepReplyBytes  = 64 << 10 // largest buffer a connection keeps for itself
	directWriteSize = 16 << 10 // from this size a reply is written without copying
)

var bigReplyBufs sync.Pool // of *[]byte, each of capacity > keepReplyBytes

// takeReplyBuf hands the connection's spare reply buffer to one reply.
func (c *conn) takeReplyBuf() []byte {
	b := c.rbuf
	c.rbuf = nil
	return b
}

// recycleReply takes back a reply's buffer once it has been written. Only
// buffers nothing else refers to may come back: the builder's output of
// execute, which a retryable write's stored reply does not share.
func (c *conn) recycleReply(b []byte) {
	if cap(b) <= keepReplyBytes {
		c.rbuf = b[:0]
		return
	}
	b = b[:0]
	bigReplyBufs.Put(&b)
}

// growReply returns b with room for n more bytes, from the pool of large
// buffers when a large one is needed.
func growReply(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	if need := len(b) + n; need > keepReplyBytes {
		if p, _ := bigReplyBufs.Get().(*[]byte); p != nil {
			if cap(*p) >= need {
				return append((*p)[:0], b...)
			}
			bigReplyBufs.Put(p)
		}
	}
	return slices.Grow(b, n)
}

// writeDirect writes an OP_MSG without checksum whose only section is
// body, with one writev instead of copying body behind the header.
func (c *conn) writeDirect(id, responseTo int32, flags wire.MsgFlags, body []byte) error {
	hdr, _ := wire.BeginMsg(c.hdr[:0], id, responseTo, flags&^wire.ChecksumPresent)
	hdr = append(hdr, 0) // kind 0: the body section
	binary.LittleEndian.PutUint32(hdr, uint32(len(hdr)+len(body)))
	c.hdr = hdr
	bufs := net.Buffers{hdr, body}
	_, err := bufs.WriteTo(c.nc)
	return err
}
