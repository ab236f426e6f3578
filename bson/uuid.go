package bson

import (
	"fmt"

	"github.com/google/uuid"
)

// NewUUIDBinary returns u as a Binary of subtype 4, the standard UUID subtype.
func NewUUIDBinary(u uuid.UUID) Binary {
	return Binary{Subtype: BinaryUUID, Data: append([]byte(nil), u[:]...)}
}

// NewUUID returns a new random (version 4) UUID as a subtype-4 Binary.
func NewUUID() Binary { return NewUUIDBinary(uuid.New()) }

// UUID returns the UUID stored in b, which must have subtype 4 or 3 and 16 bytes.
func (b Binary) UUID() (uuid.UUID, error) {
	if b.Subtype != BinaryUUID && b.Subtype != BinaryUUIDOld {
		return uuid.Nil, fmt.Errorf("bson: binary subtype 0x%02x is not a UUID", b.Subtype)
	}
	if len(b.Data) != 16 {
		return uuid.Nil, fmt.Errorf("bson: UUID binary has %d bytes, want 16", len(b.Data))
	}
	return uuid.UUID(b.Data), nil
}
