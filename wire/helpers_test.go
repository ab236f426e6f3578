package wire_test

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/wire"
)

// doc builds {key: int32(v)} by hand, so these tests do not depend on the
// bson encoders.
func doc(key string, v int32) bson.Raw {
	b := make([]byte, 4, 16)
	b = append(b, 0x10)
	b = append(b, key...)
	b = append(b, 0)
	b = binary.LittleEndian.AppendUint32(b, uint32(v))
	b = append(b, 0)
	binary.LittleEndian.PutUint32(b, uint32(len(b)))
	return b
}

// le32 is little-endian int32 bytes, for hand-built messages.
func le32(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(int32(v))) }

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// crc32c is a bitwise CRC-32C, independent of hash/crc32's tables.
func crc32c(b []byte) uint32 {
	crc := ^uint32(0)
	for _, c := range b {
		crc ^= uint32(c)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0x82F63B78
			} else {
				crc >>= 1
			}
		}
	}
	return ^crc
}

func TestCRC32CReference(t *testing.T) {
	// The check value from the CRC catalogue.
	if got := crc32c([]byte("123456789")); got != 0xE3069283 {
		t.Fatalf("crc32c(123456789) = %#x", got)
	}
}

// seqSpec describes a document sequence for building test messages.
type seqSpec struct {
	id   string
	docs []bson.Raw
}

// buildMsg encodes an OP_MSG with the body first and then the sequences.
func buildMsg(t testing.TB, reqID, respTo int32, flags wire.MsgFlags, body bson.Raw, seqs []seqSpec, checksum bool) []byte {
	t.Helper()
	b, start := wire.BeginMsg(nil, reqID, respTo, flags)
	b = wire.AppendBodySection(b, body)
	for _, s := range seqs {
		var at int
		b, at = wire.BeginSequence(b, s.id)
		for _, d := range s.docs {
			b = wire.AppendSequenceDocument(b, d)
		}
		b = wire.EndSequence(b, at)
	}
	b, err := wire.FinishMsg(b, start, checksum)
	if err != nil {
		t.Fatalf("FinishMsg: %v", err)
	}
	return b
}

// wantMessageError checks that err is a *MessageError with the given cause,
// offset and field (field "" and offset -1 are not checked).
func wantMessageError(t *testing.T, err error, cause error, offset int, field string) {
	t.Helper()
	var me *wire.MessageError
	if !errors.As(err, &me) {
		t.Fatalf("err = %v (%T), want *wire.MessageError", err, err)
	}
	if !errors.Is(err, cause) {
		t.Errorf("err = %v, want cause %v", err, cause)
	}
	if offset >= 0 && me.Offset != offset {
		t.Errorf("offset = %d, want %d (%v)", me.Offset, offset, err)
	}
	if field != "" && me.Field != field {
		t.Errorf("field = %q, want %q (%v)", me.Field, field, err)
	}
	if !strings.HasPrefix(err.Error(), "wire: ") || me.Problem == "" {
		t.Errorf("message %q lacks the package prefix or a problem", err)
	}
}
