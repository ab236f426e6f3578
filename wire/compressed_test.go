package wire_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/compressor"
	"github.com/cwal-go/cwal/wire"
)

var compressorIDs = []compressor.ID{compressor.Noop, compressor.Snappy, compressor.Zlib, compressor.Zstd}

func sampleMsg(t testing.TB, n int) []byte {
	docs := make([]bson.Raw, n)
	for i := range docs {
		docs[i] = doc("value", int32(i%7))
	}
	return buildMsg(t, 11, 22, wire.MoreToCome, doc("insert", 1), []seqSpec{{"documents", docs}}, true)
}

func TestCompressedRoundTrip(t *testing.T) {
	orig := sampleMsg(t, 200)
	for _, id := range compressorIDs {
		t.Run(id.String(), func(t *testing.T) {
			c, err := compressor.New(id, -1)
			if err != nil {
				t.Fatal(err)
			}
			comp, err := wire.AppendCompressed([]byte("pre"), orig, c)
			if err != nil {
				t.Fatal(err)
			}
			comp = comp[3:]
			pc, err := wire.ParseCompressed(comp)
			if err != nil {
				t.Fatal(err)
			}
			want := wire.Header{Length: int32(len(comp)), RequestID: 11, ResponseTo: 22, OpCode: wire.OpCompressed}
			if pc.Header != want || pc.OriginalOpCode != wire.OpMsg || pc.CompressorID != id ||
				int(pc.UncompressedSize) != len(orig)-16 {
				t.Errorf("ParseCompressed = %+v", pc)
			}
			if id != compressor.Noop && len(comp) >= len(orig) {
				t.Errorf("%d compressed bytes for %d", len(comp), len(orig))
			}
			out, err := wire.AppendDecompressed([]byte("x"), comp, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out[1:], orig) {
				t.Fatalf("decompressed message differs from the original")
			}
			if _, err := wire.ParseMsg(out[1:]); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestCompressedExactBytes checks the OP_COMPRESSED layout with the noop
// compressor, whose payload is the message body itself.
func TestCompressedExactBytes(t *testing.T) {
	orig := buildMsg(t, 5, 6, 0, doc("a", 1), nil, false)
	got, err := wire.AppendCompressed(nil, orig, compressor.Compressor{})
	if err != nil {
		t.Fatal(err)
	}
	want := cat(le32(16+9+len(orig)-16), le32(5), le32(6), le32(2012), le32(2013), le32(len(orig)-16), []byte{0}, orig[16:])
	if !bytes.Equal(got, want) {
		t.Fatalf("got  % x\nwant % x", got, want)
	}
}

// compressedMsg builds an OP_COMPRESSED by hand from its fields.
func compressedMsg(orig wire.OpCode, size int, id byte, data []byte) []byte {
	body := cat(le32(int(orig)), le32(size), []byte{id}, data)
	return cat(le32(16+len(body)), le32(1), le32(0), le32(2012), body)
}

func TestDecompressErrors(t *testing.T) {
	orig := sampleMsg(t, 50)
	body := orig[16:]
	zl, _ := compressor.New(compressor.Zlib, -1)
	zdata, _ := zl.Compress(nil, body)
	corrupt := bytes.Clone(zdata)
	corrupt[len(corrupt)-2] ^= 0xff
	tests := []struct {
		name    string
		msg     []byte
		maxSize int32
		cause   error
		offset  int
		field   string
	}{
		{"short", compressedMsg(wire.OpMsg, 0, 0, nil)[:20], 0, wire.ErrMalformed, 0, "messageLength"},
		{"prefix cut", cat(le32(24), le32(1), le32(0), le32(2012), le32(2013), le32(0)), 0, wire.ErrTruncated, 16, "OP_COMPRESSED"},
		{"wrong opcode", cat(le32(25), le32(1), le32(0), le32(2013), make([]byte, 9)), 0, wire.ErrMalformed, 12, "opCode"},
		{"nested", compressedMsg(wire.OpCompressed, 4, 0, []byte("abcd")), 0, wire.ErrMalformed, 16, "originalOpcode"},
		{"negative size", compressedMsg(wire.OpMsg, -1, 0, nil), 0, wire.ErrMalformed, 20, "uncompressedSize"},
		{"size over the limit", compressedMsg(wire.OpMsg, len(body), 2, zdata), int32(len(orig) - 1), wire.ErrTooLarge, 20, "uncompressedSize"},
		{"size over the default", compressedMsg(wire.OpMsg, 48_000_000-15, 2, zdata), 0, wire.ErrTooLarge, 20, "uncompressedSize"},
		{"unknown compressor", compressedMsg(wire.OpMsg, len(body), 4, zdata), 0, wire.ErrUnsupported, 24, "compressorId"},
		{"size smaller than data", compressedMsg(wire.OpMsg, len(body)-1, 2, zdata), 0, wire.ErrMalformed, 25, "compressedMessage"},
		{"size larger than data", compressedMsg(wire.OpMsg, len(body)+1, 2, zdata), 0, wire.ErrMalformed, 20, "uncompressedSize"},
		{"noop size mismatch", compressedMsg(wire.OpMsg, 3, 0, []byte("ab")), 0, wire.ErrMalformed, 20, "uncompressedSize"},
		{"corrupt data", compressedMsg(wire.OpMsg, len(body), 2, corrupt), 0, wire.ErrMalformed, 25, "compressedMessage"},
		{"garbage snappy", compressedMsg(wire.OpMsg, 10, 1, []byte{0xff, 0xff, 0xff}), 0, wire.ErrMalformed, 25, "compressedMessage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := wire.AppendDecompressed([]byte("keep"), tt.msg, tt.maxSize)
			wantMessageError(t, err, tt.cause, tt.offset, tt.field)
			if string(out) != "keep" {
				t.Errorf("on error dst = %q, want %q", out, "keep")
			}
		})
	}
	// A compressor failure is also reachable through errors.As.
	_, err := wire.AppendDecompressed(nil, compressedMsg(wire.OpMsg, len(body), 2, corrupt), 0)
	var ce *compressor.Error
	if !errors.As(err, &ce) || ce.ID != compressor.Zlib {
		t.Errorf("err = %v, want a *compressor.Error inside", err)
	}
	// At exactly the limit it is accepted.
	if _, err := wire.AppendDecompressed(nil, compressedMsg(wire.OpMsg, len(body), 2, zdata), int32(len(orig))); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}

func TestAppendCompressedErrors(t *testing.T) {
	orig := buildMsg(t, 1, 0, 0, doc("a", 1), nil, false)
	comp, err := wire.AppendCompressed(nil, orig, compressor.Compressor{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		msg   []byte
		cause error
		field string
	}{
		{"short", orig[:10], wire.ErrTruncated, "header"},
		{"length disagrees", orig[:len(orig)-1], wire.ErrMalformed, "messageLength"},
		{"already compressed", comp, wire.ErrMalformed, "opCode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := wire.AppendCompressed([]byte("keep"), tt.msg, compressor.Compressor{})
			wantMessageError(t, err, tt.cause, -1, tt.field)
			if string(out) != "keep" {
				t.Errorf("on error dst = %q", out)
			}
		})
	}
}

// TestDecompressLegacyReply checks that any opcode can be wrapped, here an
// OP_REPLY as a server answering a legacy hello might compress it.
func TestDecompressLegacyReply(t *testing.T) {
	reply, err := wire.AppendReply(nil, 3, 4, 0, 0, 0, doc("ok", 1))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := compressor.New(compressor.Snappy, 0)
	comp, err := wire.AppendCompressed(nil, reply, c)
	if err != nil {
		t.Fatal(err)
	}
	out, err := wire.AppendDecompressed(nil, comp, 0)
	if err != nil || !bytes.Equal(out, reply) {
		t.Fatalf("AppendDecompressed = % x, %v", out, err)
	}
	if op := wire.OpCode(binary.LittleEndian.Uint32(out[12:])); op != wire.OpReply {
		t.Errorf("opcode %v", op)
	}
}

func TestShouldCompress(t *testing.T) {
	never := []string{"hello", "isMaster", "ismaster", "saslStart", "saslContinue", "getnonce",
		"authenticate", "createUser", "updateUser", "copydbSaslStart", "copydbgetnonce", "copydb"}
	for _, name := range never {
		if wire.ShouldCompress(name) {
			t.Errorf("ShouldCompress(%q) = true", name)
		}
	}
	for _, name := range []string{"find", "insert", "ping", "Hello", "ISMASTER", "saslstart", "createIndexes", ""} {
		if !wire.ShouldCompress(name) {
			t.Errorf("ShouldCompress(%q) = false", name)
		}
	}
}
