package wire_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/wire"
)

// TestMsgExactBytes compares the encoder with a message built by hand from
// the OP_MSG layout, without and with a checksum.
func TestMsgExactBytes(t *testing.T) {
	body := doc("ping", 1)
	d1, d2 := doc("a", 1), doc("a", 2)
	sections := cat(
		[]byte{0}, body,
		[]byte{1}, le32(4+len("documents")+1+len(d1)+len(d2)), []byte("documents\x00"), d1, d2,
	)
	plain := cat(le32(16+4+len(sections)), le32(42), le32(7), le32(2013), le32(0), sections)
	withSum := cat(le32(16+4+len(sections)+4), le32(42), le32(7), le32(2013), le32(1), sections)
	withSum = binary.LittleEndian.AppendUint32(withSum, crc32c(withSum))

	seqs := []seqSpec{{"documents", []bson.Raw{d1, d2}}}
	if got := buildMsg(t, 42, 7, 0, body, seqs, false); !bytes.Equal(got, plain) {
		t.Errorf("without checksum:\n got % x\nwant % x", got, plain)
	}
	if got := buildMsg(t, 42, 7, 0, body, seqs, true); !bytes.Equal(got, withSum) {
		t.Errorf("with checksum:\n got % x\nwant % x", got, withSum)
	}
	// ChecksumPresent passed to BeginMsg is overridden by FinishMsg's choice.
	if got := buildMsg(t, 42, 7, wire.ChecksumPresent, body, seqs, false); !bytes.Equal(got, plain) {
		t.Errorf("checksum flag not cleared:\n got % x\nwant % x", got, plain)
	}
	for name, in := range map[string][]byte{"plain": plain, "checksum": withSum} {
		m, err := wire.ParseMsg(in)
		if err != nil {
			t.Fatalf("%s: ParseMsg: %v", name, err)
		}
		if !bytes.Equal(m.Body, body) || m.Header.RequestID != 42 || m.Header.ResponseTo != 7 || m.NumSequences() != 1 {
			t.Errorf("%s: parsed %+v", name, m)
		}
	}
}

func TestMsgRoundTrip(t *testing.T) {
	many := make([]bson.Raw, 500)
	for i := range many {
		many[i] = doc("i", int32(i))
	}
	tests := []struct {
		name     string
		flags    wire.MsgFlags
		seqs     []seqSpec
		checksum bool
	}{
		{name: "body only"},
		{name: "one sequence", seqs: []seqSpec{{"documents", many}}},
		{name: "several sequences", seqs: []seqSpec{
			{"ops", many[:3]}, {"nsInfo", many[3:4]}, {"empty", nil}, {"", many[4:6]}}},
		{name: "checksum", seqs: []seqSpec{{"updates", many[:10]}}, checksum: true},
		{name: "moreToCome", flags: wire.MoreToCome},
		{name: "exhaustAllowed", flags: wire.ExhaustAllowed, checksum: true},
		{name: "unknown optional bit", flags: 1<<20 | wire.MoreToCome},
		{name: "six sequences", seqs: []seqSpec{
			{"a", many[:1]}, {"b", many[:2]}, {"c", nil}, {"d", many[:1]}, {"e", many[:1]}, {"f", many[:3]}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := doc("cmd", 1)
			b := buildMsg(t, 3, 0, tt.flags, body, tt.seqs, tt.checksum)
			m, err := wire.ParseMsg(b)
			if err != nil {
				t.Fatal(err)
			}
			wantFlags := tt.flags
			if tt.checksum {
				wantFlags |= wire.ChecksumPresent
			}
			if m.Flags != wantFlags || !bytes.Equal(m.Body, body) || int(m.Header.Length) != len(b) {
				t.Errorf("flags %#x body % x length %d; want %#x % x %d", m.Flags, m.Body, m.Header.Length, wantFlags, body, len(b))
			}
			checkSequences(t, m, tt.seqs)
		})
	}
}

// checkSequences compares every way of reading m's sequences with want.
func checkSequences(t *testing.T, m wire.Msg, want []seqSpec) {
	t.Helper()
	if m.NumSequences() != len(want) {
		t.Fatalf("NumSequences = %d, want %d", m.NumSequences(), len(want))
	}
	i := 0
	for s := range m.Sequences() {
		w := want[i]
		i++
		if s.Identifier() != w.id || s.Len() != len(w.docs) {
			t.Errorf("sequence %d: %q with %d docs, want %q with %d", i, s.Identifier(), s.Len(), w.id, len(w.docs))
		}
		got := slices.Collect(s.All())
		it := s.Documents()
		for j := range w.docs {
			d, ok := it.Next()
			if !ok || !bytes.Equal(d, w.docs[j]) || !bytes.Equal(got[j], w.docs[j]) {
				t.Fatalf("sequence %q doc %d = % x / % x, want % x", w.id, j, d, got[j], w.docs[j])
			}
		}
		if _, ok := it.Next(); ok {
			t.Errorf("sequence %q: Next yields past the end", w.id)
		}
		if !bytes.Equal(s.Bytes(), slices.Concat(w.docs...)) {
			t.Errorf("sequence %q: Bytes differ", w.id)
		}
		byName, ok := m.Sequence(w.id)
		if !ok || byName.Identifier() != w.id || byName.Len() != len(w.docs) {
			t.Errorf("Sequence(%q) = %v, %v", w.id, byName.Identifier(), ok)
		}
	}
	if i != len(want) {
		t.Errorf("Sequences yielded %d, want %d", i, len(want))
	}
	if _, ok := m.Sequence("absent"); ok {
		t.Error(`Sequence("absent") found something`)
	}
}

// TestSequenceBeforeBody checks that section order does not matter, and that
// stopping a range loop early is honoured.
func TestSequenceBeforeBody(t *testing.T) {
	b, start := wire.BeginMsg(nil, 1, 0, 0)
	b, s1 := wire.BeginSequence(b, "first")
	b = wire.AppendSequenceDocument(b, doc("x", 1))
	b = wire.EndSequence(b, s1)
	b = wire.AppendBodySection(b, doc("cmd", 1))
	b, s2 := wire.BeginSequence(b, "second")
	b = wire.EndSequence(b, s2)
	b, err := wire.FinishMsg(b, start, false)
	if err != nil {
		t.Fatal(err)
	}
	m, err := wire.ParseMsg(b)
	if err != nil {
		t.Fatal(err)
	}
	checkSequences(t, m, []seqSpec{{"first", []bson.Raw{doc("x", 1)}}, {"second", nil}})
	for s := range m.Sequences() {
		if s.Identifier() != "first" {
			t.Fatalf("break not honoured: got %q", s.Identifier())
		}
		break
	}
}

// TestEncodeIntoReusedBuffer checks that encoding appends after existing
// bytes and reuses capacity.
func TestEncodeIntoReusedBuffer(t *testing.T) {
	buf := make([]byte, 0, 4096)
	buf = append(buf, "prefix"...)
	b, start := wire.BeginMsg(buf, 9, 0, 0)
	b = wire.AppendBodySection(b, doc("a", 1))
	b, err := wire.FinishMsg(b, start, true)
	if err != nil {
		t.Fatal(err)
	}
	if start != 6 || string(b[:6]) != "prefix" || &b[0] != &buf[:1][0] {
		t.Fatalf("start %d, prefix %q, reused %v", start, b[:6], &b[0] == &buf[:1][0])
	}
	if _, err := wire.ParseMsg(b[start:]); err != nil {
		t.Fatal(err)
	}
	b2, err := wire.AppendMsg(nil, 9, 0, 0, doc("a", 1), true)
	if err != nil || !bytes.Equal(b2, b[start:]) {
		t.Fatalf("AppendMsg = % x, %v; want % x", b2, err, b[start:])
	}
}

func TestFinishMsgErrors(t *testing.T) {
	body := doc("cmd", 1)
	tests := []struct {
		name   string
		build  func() ([]byte, int)
		cause  error
		offset int
		field  string
	}{
		{"no sections", func() ([]byte, int) { return wire.BeginMsg([]byte("pre"), 1, 0, 0) },
			wire.ErrMalformed, 20, "sections"},
		{"no body", func() ([]byte, int) {
			b, start := wire.BeginMsg([]byte("pre"), 1, 0, 0)
			b, s := wire.BeginSequence(b, "documents")
			return wire.EndSequence(b, s), start
		}, wire.ErrMalformed, 35, "sections"},
		{"two bodies", func() ([]byte, int) {
			b, start := wire.BeginMsg([]byte("pre"), 1, 0, 0)
			b = wire.AppendBodySection(b, body)
			return wire.AppendBodySection(b, body), start
		}, wire.ErrMalformed, 20 + 1 + len(body), "section kind"},
		{"unknown required flag", func() ([]byte, int) {
			b, start := wire.BeginMsg([]byte("pre"), 1, 0, 1<<3)
			return wire.AppendBodySection(b, body), start
		}, wire.ErrUnsupported, 16, "flagBits"},
		{"sequence not ended", func() ([]byte, int) {
			b, start := wire.BeginMsg([]byte("pre"), 1, 0, 0)
			b = wire.AppendBodySection(b, body)
			b, _ = wire.BeginSequence(b, "documents")
			return wire.AppendSequenceDocument(b, body), start
		}, wire.ErrMalformed, 22 + len(body), "sequence size"},
		{"NUL in identifier", func() ([]byte, int) {
			b, start := wire.BeginMsg([]byte("pre"), 1, 0, 0)
			b = wire.AppendBodySection(b, body)
			b, s := wire.BeginSequence(b, "docu\x00ments")
			b = wire.AppendSequenceDocument(b, body)
			return wire.EndSequence(b, s), start
		}, wire.ErrTruncated, -1, "sequence document"},
		{"bad document", func() ([]byte, int) {
			b, start := wire.BeginMsg([]byte("pre"), 1, 0, 0)
			return wire.AppendBodySection(b, bson.Raw("\x06\x00\x00\x00\x00\x01")), start
		}, wire.ErrMalformed, 26, "body document"},
		{"duplicate identifier", func() ([]byte, int) {
			b, start := wire.BeginMsg([]byte("pre"), 1, 0, 0)
			b = wire.AppendBodySection(b, body)
			b, s := wire.BeginSequence(b, "documents")
			b = wire.EndSequence(b, s)
			b, s = wire.BeginSequence(b, "documents")
			return wire.EndSequence(b, s), start
		}, wire.ErrMalformed, -1, "sequence identifier"},
		{"not an OP_MSG", func() ([]byte, int) {
			b, start := wire.AppendHeaderPlaceholder([]byte("pre"), 1, 0, wire.OpQuery)
			return append(b, 0, 0, 0, 0), start
		}, wire.ErrMalformed, 12, "opCode"},
		{"start past the end", func() ([]byte, int) { return []byte("pre"), 4 }, wire.ErrMalformed, 0, "header"},
		{"start too late", func() ([]byte, int) { return []byte("pre"), 2 }, wire.ErrMalformed, 0, "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, start := tt.build()
			out, err := wire.FinishMsg(b, start, false)
			wantMessageError(t, err, tt.cause, tt.offset, tt.field)
			want := b
			if start <= len(b) {
				want = b[:start]
			}
			if string(out) != string(want) {
				t.Errorf("on error b = %q, want %q", out, want)
			}
		})
	}
}

// TestParseMsgErrors feeds hand-made malformed messages to ParseMsg.
func TestParseMsgErrors(t *testing.T) {
	body := doc("cmd", 1)
	d := doc("a", 1)
	// frame wraps flags and sections with a header of the right length.
	frame := func(flags int, sections ...[]byte) []byte {
		s := cat(sections...)
		return cat(le32(20+len(s)), le32(1), le32(0), le32(2013), le32(flags), s)
	}
	seq := func(size int, rest ...[]byte) []byte { return cat([]byte{1}, le32(size), cat(rest...)) }
	bodySec := cat([]byte{0}, body)
	bs := len(bodySec)
	withSum := func(m []byte) []byte { return binary.LittleEndian.AppendUint32(m, crc32c(m)) }
	badSum := frame(1, bodySec)
	binary.LittleEndian.PutUint32(badSum, uint32(len(badSum)+4))
	badSum = binary.LittleEndian.AppendUint32(badSum, 0xdeadbeef)
	goodSum := frame(1, bodySec)
	binary.LittleEndian.PutUint32(goodSum, uint32(len(goodSum)+4))
	goodSum = withSum(goodSum)
	flipped := bytes.Clone(goodSum)
	flipped[25] ^= 1

	tests := []struct {
		name   string
		msg    []byte
		cause  error
		offset int
		field  string
	}{
		{"empty", nil, wire.ErrTruncated, 0, "header"},
		{"short header", make([]byte, 12), wire.ErrTruncated, 0, "header"},
		{"length too small", cat(le32(8), le32(1), le32(0), le32(2013), le32(0)), wire.ErrMalformed, 0, "messageLength"},
		{"length disagrees", cat(frame(0, bodySec), []byte{0}), wire.ErrMalformed, 0, "messageLength"},
		{"wrong opcode", cat(le32(20), le32(1), le32(0), le32(2004), le32(0)), wire.ErrMalformed, 12, "opCode"},
		{"no flags", cat(le32(18), le32(1), le32(0), le32(2013), []byte{0, 0}), wire.ErrTruncated, 16, "flagBits"},
		{"required bit 2", frame(1<<2, bodySec), wire.ErrUnsupported, 16, "flagBits"},
		{"required bit 15", frame(1<<15, bodySec), wire.ErrUnsupported, 16, "flagBits"},
		{"checksum flag without room", frame(1, []byte{0, 0, 0}), wire.ErrTruncated, 20, "checksum"},
		{"bad checksum", badSum, wire.ErrChecksum, len(badSum) - 4, "checksum"},
		{"flipped byte under checksum", flipped, wire.ErrChecksum, len(flipped) - 4, "checksum"},
		{"no sections", frame(0), wire.ErrMalformed, 20, "sections"},
		{"no body", frame(0, seq(5, []byte("\x00"))), wire.ErrMalformed, 26, "sections"},
		{"two bodies", frame(0, bodySec, bodySec), wire.ErrMalformed, 20 + bs, "section kind"},
		{"unknown kind", frame(0, bodySec, []byte{2}, body), wire.ErrUnsupported, 20 + bs, "section kind"},
		{"body length short", frame(0, []byte{0}, le32(4)), wire.ErrMalformed, 21, "body document"},
		{"body length negative", frame(0, []byte{0}, le32(-7), make([]byte, 8)), wire.ErrMalformed, 21, "body document"},
		{"body length overruns", frame(0, []byte{0}, le32(100), make([]byte, 8)), wire.ErrTruncated, 21, "body document"},
		{"body cut short", frame(0, []byte{0, 5, 0}), wire.ErrTruncated, 21, "body document"},
		{"body without final NUL", frame(0, []byte{0}, le32(5), []byte{7}), wire.ErrMalformed, 25, "body document"},
		{"sequence size cut", frame(0, bodySec, []byte{1, 9, 0}), wire.ErrTruncated, 21 + bs, "sequence size"},
		{"sequence size below 5", frame(0, bodySec, seq(4)), wire.ErrMalformed, 21 + bs, "sequence size"},
		{"sequence size overruns", frame(0, bodySec, seq(50, []byte("id\x00"), d)), wire.ErrTruncated, 21 + bs, "sequence size"},
		{"identifier without NUL", frame(0, bodySec, seq(4+2, []byte("id"))), wire.ErrMalformed, 25 + bs, "sequence identifier"},
		{"identifier NUL beyond the section", frame(0, bodySec, seq(4+2, []byte("id")), []byte{0}, body), wire.ErrMalformed, 25 + bs, "sequence identifier"},
		{"sequence doc lies", frame(0, bodySec, seq(4+3+len(d), []byte("id\x00"), le32(len(d)+1), d[4:])), wire.ErrTruncated, 28 + bs, "sequence document"},
		{"sequence doc too short", frame(0, bodySec, seq(4+3+4, []byte("id\x00"), le32(3))), wire.ErrMalformed, 28 + bs, "sequence document"},
		{"sequence doc partial", frame(0, bodySec, seq(4+3+len(d)+2, []byte("id\x00"), d, []byte{5, 0})), wire.ErrTruncated, 28 + bs + len(d), "sequence document"},
		{"sequence doc without final NUL", frame(0, bodySec, seq(4+3+5, []byte("id\x00"), le32(5), []byte{1})), wire.ErrMalformed, 32 + bs, "sequence document"},
		{"duplicate identifier", frame(0, bodySec, seq(7, []byte("id\x00")), seq(7, []byte("id\x00"))), wire.ErrMalformed, 33 + bs, "sequence identifier"},
		{"duplicate after many", frame(0, bodySec, manySeqs(9), seq(5+2, []byte("s3\x00"))), wire.ErrMalformed, -1, "sequence identifier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wire.ParseMsg(tt.msg)
			wantMessageError(t, err, tt.cause, tt.offset, tt.field)
		})
	}
	if _, err := wire.ParseMsg(goodSum); err != nil {
		t.Errorf("the correct checksum is rejected: %v", err)
	}
	if _, err := wire.ParseMsg(frame(0, bodySec, manySeqs(9))); err != nil {
		t.Errorf("nine distinct sequences rejected: %v", err)
	}
}

// manySeqs returns n empty sequences named s0, s1, ...
func manySeqs(n int) []byte {
	var b []byte
	for i := range n {
		id := fmt.Sprintf("s%d\x00", i)
		b = cat(b, []byte{1}, le32(4+len(id)), []byte(id))
	}
	return b
}

// TestZeroValues checks that zero values are inert rather than panicking.
func TestZeroValues(t *testing.T) {
	var m wire.Msg
	if m.NumSequences() != 0 {
		t.Error("zero Msg has sequences")
	}
	if _, ok := m.Sequence(""); ok {
		t.Error("zero Msg has a sequence")
	}
	for range m.Sequences() {
		t.Error("zero Msg yields a sequence")
	}
	var s wire.Sequence
	if s.Len() != 0 || s.Identifier() != "" || s.Bytes() != nil {
		t.Error("zero Sequence is not empty")
	}
	var it wire.DocIter
	if _, ok := it.Next(); ok {
		t.Error("zero DocIter yields")
	}
}
