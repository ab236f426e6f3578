package wire_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/compressor"
	"github.com/cwal-go/cwal/wire"
)

// The seed corpora live in testdata/fuzz/<FuzzName>/. Regenerate them with
// WIRE_WRITE_SEEDS=1 go test -run TestWriteFuzzSeeds ./wire/

const fuzzMaxSize = 1 << 20

// FuzzReadMessage reads a stream of up to four messages from arbitrary
// bytes and parses each according to its opcode.
func FuzzReadMessage(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		var buf []byte
		for range 4 {
			msg, err := wire.ReadMessage(r, buf, fuzzMaxSize)
			if err != nil {
				if err != io.EOF && err != io.ErrUnexpectedEOF {
					checkFuzzError(t, err)
				}
				return
			}
			if int(binary.LittleEndian.Uint32(msg)) != len(msg) || len(msg) > fuzzMaxSize {
				t.Fatalf("ReadMessage returned %d bytes for a header saying %d", len(msg), binary.LittleEndian.Uint32(msg))
			}
			consume(t, msg, true)
			buf = msg
		}
	})
}

// FuzzParseMsg parses OP_MSGs whose header is right, so the fuzzer spends
// its effort on flags, sections and documents. With fixSum the checksum is
// made correct, exercising the sections behind it.
func FuzzParseMsg(f *testing.F) {
	f.Fuzz(func(t *testing.T, flags uint32, sections []byte, fixSum bool) {
		msg := cat(le32(20+len(sections)), le32(1), le32(2), le32(2013), le32(int(flags)), sections)
		if fixSum {
			binary.LittleEndian.PutUint32(msg[16:], flags|uint32(wire.ChecksumPresent))
			binary.LittleEndian.PutUint32(msg, uint32(len(msg)+4))
			msg = binary.LittleEndian.AppendUint32(msg, crc32c(msg))
		}
		consume(t, msg, true)
		// The raw input as a whole message too: headers and lengths that lie.
		consume(t, sections, true)
	})
}

// FuzzDecompress unwraps OP_COMPRESSED messages built from fuzzed fields,
// so the compressors see arbitrary payloads under every id.
func FuzzDecompress(f *testing.F) {
	f.Fuzz(func(t *testing.T, originalOpcode int32, size int32, id byte, data []byte) {
		msg := cat(le32(16+9+len(data)), le32(3), le32(4), le32(2012),
			le32(int(originalOpcode)), le32(int(size)), []byte{id}, data)
		out, err := wire.AppendDecompressed(nil, msg, fuzzMaxSize)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		h, err := wire.ParseHeader(out)
		if err != nil || int(h.Length) != len(out) || int(h.Length) != 16+int(size) ||
			h.OpCode != wire.OpCode(originalOpcode) || h.RequestID != 3 || h.ResponseTo != 4 {
			t.Fatalf("unwrapped header %+v (%v) for size %d", h, err, size)
		}
		// Compressing the result again must round-trip.
		c, err := compressor.New(compressor.ID(id), -1)
		if err != nil {
			t.Fatal(err)
		}
		again, err := wire.AppendCompressed(nil, out, c)
		if err != nil {
			t.Fatal(err)
		}
		back, err := wire.AppendDecompressed(nil, again, fuzzMaxSize)
		if err != nil || !bytes.Equal(back, out) {
			t.Fatalf("recompressed round trip failed: %v", err)
		}
		consume(t, out, false)
	})
}

// consume parses msg according to its opcode and checks what comes back.
func consume(t *testing.T, msg []byte, unwrap bool) {
	h, err := wire.ParseHeader(msg)
	if err != nil {
		checkFuzzError(t, err)
		return
	}
	switch h.OpCode {
	case wire.OpCompressed:
		if !unwrap {
			return
		}
		out, err := wire.AppendDecompressed(nil, msg, fuzzMaxSize)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		consume(t, out, false)
	case wire.OpQuery:
		q, err := wire.ParseQuery(msg)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		b, err := wire.AppendQuery(nil, q)
		if err != nil || !bytes.Equal(b, msg) {
			t.Fatalf("OP_QUERY does not re-encode to itself: %v", err)
		}
	case wire.OpReply:
		consumeReply(t, msg)
	default:
		m, err := wire.ParseMsg(msg)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		checkMsg(t, msg, m)
	}
}

func consumeReply(t *testing.T, msg []byte) {
	r, err := wire.ParseReply(msg)
	if err != nil {
		checkFuzzError(t, err)
		return
	}
	var docs []bson.Raw
	for d := range r.All() {
		checkDoc(t, d)
		docs = append(docs, d)
	}
	b, err := wire.AppendReply(nil, r.Header.RequestID, r.Header.ResponseTo, r.Flags, r.CursorID, r.StartingFrom, docs...)
	if err != nil || !bytes.Equal(b, msg) {
		t.Fatalf("OP_REPLY does not re-encode to itself: %v", err)
	}
}

// checkMsg re-encodes a parsed OP_MSG (body first, then the sequences) and
// checks that it parses to the same content and has the same length.
func checkMsg(t *testing.T, msg []byte, m wire.Msg) {
	checkDoc(t, m.Body)
	sum := m.Flags&wire.ChecksumPresent != 0
	b, start := wire.BeginMsg(nil, m.Header.RequestID, m.Header.ResponseTo, m.Flags)
	b = wire.AppendBodySection(b, m.Body)
	n := 0
	for s := range m.Sequences() {
		n++
		var at int
		b, at = wire.BeginSequence(b, s.Identifier())
		count := 0
		for it := s.Documents(); ; count++ {
			d, ok := it.Next()
			if !ok {
				break
			}
			checkDoc(t, d)
			b = wire.AppendSequenceDocument(b, d)
		}
		if count != s.Len() {
			t.Fatalf("sequence %q: Next yields %d, Len says %d", s.Identifier(), count, s.Len())
		}
		b = wire.EndSequence(b, at)
	}
	if n != m.NumSequences() {
		t.Fatalf("Sequences yields %d, NumSequences says %d", n, m.NumSequences())
	}
	b, err := wire.FinishMsg(b, start, sum)
	if err != nil {
		t.Fatalf("a parsed message does not re-encode: %v", err)
	}
	if len(b) != len(msg) {
		t.Fatalf("re-encoded to %d bytes, was %d", len(b), len(msg))
	}
	m2, err := wire.ParseMsg(b)
	if err != nil || !bytes.Equal(m2.Body, m.Body) || m2.NumSequences() != n || m2.Flags != m.Flags {
		t.Fatalf("re-encoded message differs: %v", err)
	}
}

func checkDoc(t *testing.T, d bson.Raw) {
	if len(d) < 5 || int(binary.LittleEndian.Uint32(d)) != len(d) || d[len(d)-1] != 0 {
		t.Fatalf("a document view is badly framed: % x", d)
	}
}

func checkFuzzError(t *testing.T, err error) {
	var me *wire.MessageError
	if !errors.As(err, &me) || me.Field == "" || me.Problem == "" || me.Offset < 0 {
		t.Fatalf("error %v (%T) is not a complete *MessageError", err, err)
	}
	for _, s := range []error{wire.ErrTruncated, wire.ErrTooLarge, wire.ErrMalformed, wire.ErrChecksum, wire.ErrUnsupported} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error %v has no sentinel cause", err)
}

// TestWriteFuzzSeeds writes the seed corpora. It runs only when asked.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("WIRE_WRITE_SEEDS") == "" {
		t.Skip("set WIRE_WRITE_SEEDS=1 to rewrite testdata/fuzz")
	}
	msgs := seedMessages(t)
	for i, m := range msgs {
		writeSeed(t, "FuzzReadMessage", i, m.b)
		if m.op == wire.OpMsg && int(binary.LittleEndian.Uint32(m.b)) == len(m.b) {
			flags := binary.LittleEndian.Uint32(m.b[16:])
			end := len(m.b)
			if flags&1 != 0 {
				end -= 4
			}
			writeSeed(t, "FuzzParseMsg", i, flags&^1, m.b[20:end], flags&1 != 0)
		}
	}
	// A message with many sequences, one of them duplicated.
	writeSeed(t, "FuzzParseMsg", 20, uint32(0), cat([]byte{0}, doc("c", 1), manySeqs(6), []byte{1}, le32(7), []byte("s1\x00")), false)
	src := sampleMsg(t, 30)
	for i, id := range compressorIDs {
		c, _ := compressor.New(id, -1)
		comp, err := c.Compress(nil, src[16:])
		if err != nil {
			t.Fatal(err)
		}
		writeSeed(t, "FuzzDecompress", i, int32(wire.OpMsg), int32(len(src)-16), byte(id), comp)
	}
	writeSeed(t, "FuzzDecompress", 10, int32(wire.OpMsg), int32(100), byte(9), []byte("x"))
	writeSeed(t, "FuzzDecompress", 11, int32(wire.OpReply), int32(1<<30), byte(1), []byte{0x80, 0x80, 0x80, 0x80, 0x04})
}

type seedMsg struct {
	op wire.OpCode
	b  []byte
}

func seedMessages(t *testing.T) []seedMsg {
	body := doc("ping", 1)
	docs := []bson.Raw{doc("a", 1), doc("a", 2), doc("b", 3)}
	snappy, _ := compressor.New(compressor.Snappy, 0)
	plain := buildMsg(t, 1, 0, 0, body, nil, false)
	comp, err := wire.AppendCompressed(nil, plain, snappy)
	if err != nil {
		t.Fatal(err)
	}
	query, _ := wire.AppendQuery(nil, wire.Query{FullCollectionName: "admin.$cmd", NumberToReturn: -1, Query: doc("isMaster", 1)})
	reply, _ := wire.AppendReply(nil, 2, 1, 0, 0, 0, doc("ok", 1))
	return []seedMsg{
		{wire.OpMsg, plain},
		{wire.OpMsg, buildMsg(t, 2, 0, wire.ExhaustAllowed, body, []seqSpec{{"documents", docs}}, true)},
		{wire.OpMsg, buildMsg(t, 3, 0, wire.MoreToCome, body, []seqSpec{{"ops", docs[:1]}, {"nsInfo", docs[1:]}, {"e", nil}}, false)},
		{wire.OpCompressed, comp},
		{wire.OpQuery, query},
		{wire.OpReply, reply},
		{wire.OpMsg, cat(plain, buildMsg(t, 4, 0, 0, body, nil, true))},
	}
}

func writeSeed(t *testing.T, fuzz string, i int, vals ...any) {
	var b bytes.Buffer
	b.WriteString("go test fuzz v1\n")
	for _, v := range vals {
		switch v := v.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case byte:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		default:
			fmt.Fprintf(&b, "%T(%v)\n", v, v)
		}
	}
	dir := filepath.Join("testdata", "fuzz", fuzz)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%02d", i)), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
