package mongotest_test

import (
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest"
	"github.com/cwal-go/cwal/wire"
)

// badMessages are hostile or broken messages with what the server must
// do: reply with an error code, or close the connection.
func badMessages(t testing.TB) []struct {
	name string
	msg  []byte
	code int32 // 0: the connection must close
} {
	ping := withDB(ext(t, `{"ping": 1}`), "admin")
	okMsg := func(flags wire.MsgFlags, body []byte, extra ...byte) []byte {
		b := binary.LittleEndian.AppendUint32(nil, uint32(wire.HeaderLen+4+1+len(body)+len(extra)))
		b = binary.LittleEndian.AppendUint32(b, 1)
		b = binary.LittleEndian.AppendUint32(b, 0)
		b = binary.LittleEndian.AppendUint32(b, uint32(wire.OpMsg))
		b = binary.LittleEndian.AppendUint32(b, uint32(flags))
		b = append(b, 0)
		return append(append(b, body...), extra...)
	}
	header := func(length int32, op wire.OpCode) []byte {
		return wire.AppendHeader(nil, wire.Header{Length: length, RequestID: 1, OpCode: op})
	}
	badDoc := append([]byte(nil), ping...)
	badDoc[4] = 0x7e // an invalid element type
	badStr := withDB(ext(t, `{"ping": "x"}`), "admin")
	badStr[10] = 0x7f // the length of "x" now runs past the end
	withChecksum, _ := wire.AppendMsg(nil, 1, 0, 0, ping, true)
	withChecksum[len(withChecksum)-1] ^= 0xff
	return []struct {
		name string
		msg  []byte
		code int32
	}{
		{"length shorter than a header", header(3, wire.OpMsg), 0},
		{"oversized length", header(1<<30, wire.OpMsg), 0},
		{"negative length", header(-20, wire.OpMsg), 0},
		{"unknown opcode", append(header(20, 9999), 1, 2, 3, 4), 0},
		{"OP_REPLY from a client", append(header(36, wire.OpReply), make([]byte, 20)...), 0},
		{"truncated body, then end of stream", append(header(100, wire.OpMsg), 0, 0, 0, 0), 0},
		{"garbage OP_COMPRESSED", append(header(30, wire.OpCompressed), 0xdd, 7, 0, 0, 100, 0, 0, 0, 1, 9, 9, 9, 9, 9), 0},
		{"bad checksum", withChecksum, 0},
		{"unknown required flag", okMsg(1<<4, ping), 9},
		{"unknown section kind", okMsg(0, ping, 7, 1, 2, 3), 9},
		{"invalid element type", okMsg(0, badDoc), 22},
		{"string past the end", okMsg(0, badStr), 22},
		{"empty body", okMsg(0, []byte{5, 0, 0, 0, 0}), 59},
		{"moreToCome with a broken body", okMsg(wire.MoreToCome, badDoc), 0},
	}
}

func TestBadInput(t *testing.T) {
	s := newServer(t)
	healthy := dial(t, s)
	for _, tc := range badMessages(t) {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, s)
			c.send(tc.msg)
			if tc.code == 0 {
				c.nc.(*net.TCPConn).CloseWrite() // a truncated message then ends
			}
			m, err := c.readMsg()
			if tc.code == 0 {
				if err == nil {
					t.Fatalf("got a reply %s, want a closed connection", extJSON(m.Body))
				}
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					t.Fatal("connection left open")
				}
			} else {
				if err != nil {
					t.Fatalf("want an error reply, got %v", err)
				}
				expect(t, m.Body, fmt.Sprintf(`{"ok": 0, "code": %d}`, tc.code))
				expect(t, c.cmd("admin", `{"ping": 1}`), `{"ok": 1}`)
			}
			expect(t, healthy.cmd("admin", `{"ping": 1}`), `{"ok": 1}`)
		})
	}
	if n := s.NumConnections(); n > len(badMessages(t))+1 {
		t.Errorf("%d connections open", n)
	}
}

func TestInvalidSequenceDocument(t *testing.T) {
	c := dial(t, newServer(t))
	bad := ext(t, `{"_id": 1}`)
	bad[4] = 0x7e
	r := c.run(withDB(ext(t, `{"insert": "c"}`), "test"), 0, map[string][]bson.Raw{"documents": {bad}})
	expect(t, r, `{"ok": 0, "code": 22}`)
}

// FuzzServerMessage sends arbitrary bytes as a message and checks that the
// server answers or hangs up, and keeps serving other connections.
func FuzzServerMessage(f *testing.F) {
	for _, tc := range badMessages(f) {
		f.Add(tc.msg)
	}
	f.Add(mustMsg(f, withDB(ext(f, `{"insert": "c", "documents": [{"a": 1}]}`), "test")))
	f.Add(mustMsg(f, withDB(ext(f, `{"find": "c", "filter": {"a": {"$gt": 0}}}`), "test")))
	s := mongotest.NewServer()
	defer s.Close()
	healthy := dial(f, s)
	f.Fuzz(func(t *testing.T, msg []byte) {
		nc, err := net.Dial("tcp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		nc.SetDeadline(time.Now().Add(2 * time.Second))
		nc.Write(msg)
		if len(msg) >= 4 && int(binary.LittleEndian.Uint32(msg)) == len(msg) {
			wire.ReadMessage(nc, nil, 0) // a reply or a close; either is fine
		}
		nc.Close()
		healthy.t = t
		expect(t, healthy.cmd("admin", `{"ping": 1}`), `{"ok": 1}`)
	})
}

// TestWriteFuzzSeeds rewrites the seed corpus of FuzzServerMessage.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("MONGOTEST_WRITE_SEEDS") == "" {
		t.Skip("set MONGOTEST_WRITE_SEEDS=1 to rewrite testdata/fuzz")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzServerMessage")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, tc := range badMessages(t) {
		content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", tc.msg)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%02d", i)), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
