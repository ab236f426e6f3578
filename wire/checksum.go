package wire

import (
	"encoding/binary"
	"hash/crc32"
)

// castagnoli is the CRC-32C table; hash/crc32 uses the SSE4.2 / ARMv8 CRC
// instructions for it when the CPU has them.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// appendChecksum appends the CRC-32C of msg to msg.
func appendChecksum(msg []byte, start int) []byte {
	return binary.LittleEndian.AppendUint32(msg, crc32.Checksum(msg[start:], castagnoli))
}

// checkChecksum verifies the trailing CRC-32C of a whole message.
func checkChecksum(msg []byte) error {
	end := len(msg) - 4
	want := binary.LittleEndian.Uint32(msg[end:])
	if got := crc32.Checksum(msg[:end], castagnoli); got != want {
		return errf(ErrChecksum, end, "checksum", "stored 0x%08x, computed 0x%08x", want, got)
	}
	return nil
}
