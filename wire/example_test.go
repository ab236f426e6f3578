package wire_test

import (
	"bytes"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/wire"
)

// An insert with its documents in a kind-1 section, written to a connection
// and read back as the server would.
func Example() {
	// {insert: "c", $db: "db"} and two documents {x: 1}, {x: 2}, built by hand
	// to keep the example independent of the bson encoders.
	cmd := bson.Raw("\x1f\x00\x00\x00\x02insert\x00\x02\x00\x00\x00c\x00\x02$db\x00\x03\x00\x00\x00db\x00\x00")
	docs := []bson.Raw{
		bson.Raw("\x0c\x00\x00\x00\x10x\x00\x01\x00\x00\x00\x00"),
		bson.Raw("\x0c\x00\x00\x00\x10x\x00\x02\x00\x00\x00\x00"),
	}

	var buf []byte // reused from message to message
	b, start := wire.BeginMsg(buf[:0], 1, 0, 0)
	b = wire.AppendBodySection(b, cmd)
	b, seq := wire.BeginSequence(b, "documents")
	for _, d := range docs {
		b = wire.AppendSequenceDocument(b, d)
	}
	b = wire.EndSequence(b, seq)
	b, err := wire.FinishMsg(b, start, true)
	if err != nil {
		panic(err)
	}
	var conn bytes.Buffer // stands in for the network
	conn.Write(b)

	in, err := wire.ReadMessage(&conn, nil, 0)
	if err != nil {
		panic(err)
	}
	msg, err := wire.ParseMsg(in)
	if err != nil {
		panic(err)
	}
	fmt.Println(msg.Header.OpCode, "bytes:", msg.Header.Length, "checksum:", msg.Flags&wire.ChecksumPresent != 0)
	fmt.Println("body bytes:", len(msg.Body))
	s, _ := msg.Sequence("documents")
	for doc := range s.All() {
		fmt.Printf("%s %q\n", s.Identifier(), []byte(doc))
	}
	// Output:
	// OP_MSG bytes: 95 checksum: true
	// body bytes: 31
	// documents "\f\x00\x00\x00\x10x\x00\x01\x00\x00\x00\x00"
	// documents "\f\x00\x00\x00\x10x\x00\x02\x00\x00\x00\x00"
}
