package bson

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// ObjectID is the 12-byte identifier MongoDB generates for _id: a 4-byte
// big-endian Unix time in seconds, 5 random bytes fixed per process and a
// 3-byte big-endian counter.
type ObjectID [12]byte

// NilObjectID is the zero ObjectID.
var NilObjectID ObjectID

// ErrInvalidHex is returned by ObjectIDFromHex for a string that is not 24 hex digits.
var ErrInvalidHex = errors.New("bson: the provided hex string is not a valid ObjectID")

var (
	processUnique   = newProcessUnique()
	objectIDCounter atomic.Uint32
)

func newProcessUnique() [5]byte {
	var b [5]byte
	if _, err := io.ReadFull(rand.Reader, b[:]); err != nil {
		// crypto/rand never fails on supported platforms; a process that
		// cannot read it cannot generate unique ids either.
		panic(fmt.Errorf("bson: cannot initialise ObjectID generator: %w", err))
	}
	var c [4]byte
	_, _ = io.ReadFull(rand.Reader, c[:])
	objectIDCounter.Store(binary.BigEndian.Uint32(c[:]))
	return b
}

// NewObjectID returns a new ObjectID for the current time.
func NewObjectID() ObjectID { return NewObjectIDFromTimestamp(time.Now()) }

// NewObjectIDFromTimestamp returns a new ObjectID whose time part is t.
func NewObjectIDFromTimestamp(t time.Time) ObjectID {
	var id ObjectID
	binary.BigEndian.PutUint32(id[0:4], uint32(t.Unix()))
	copy(id[4:9], processUnique[:])
	n := objectIDCounter.Add(1)
	id[9], id[10], id[11] = byte(n>>16), byte(n>>8), byte(n)
	return id
}

// ObjectIDFromHex parses a 24-digit hexadecimal string.
func ObjectIDFromHex(s string) (ObjectID, error) {
	var id ObjectID
	if len(s) != 24 {
		return id, ErrInvalidHex
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return NilObjectID, ErrInvalidHex
	}
	return id, nil
}

// Timestamp returns the time part of the id.
func (id ObjectID) Timestamp() time.Time {
	return time.Unix(int64(binary.BigEndian.Uint32(id[0:4])), 0).UTC()
}

// Hex returns the 24-digit lower-case hexadecimal form.
func (id ObjectID) Hex() string {
	var buf [24]byte
	hex.Encode(buf[:], id[:])
	return string(buf[:])
}

// IsZero reports whether id is NilObjectID.
func (id ObjectID) IsZero() bool { return id == NilObjectID }

// String returns ObjectID("<hex>").
func (id ObjectID) String() string { return `ObjectID("` + id.Hex() + `")` }

// MarshalText returns the hex form, so an ObjectID is a readable map key and JSON string.
func (id ObjectID) MarshalText() ([]byte, error) { return []byte(id.Hex()), nil }

// UnmarshalText parses the hex form; empty input gives NilObjectID.
func (id *ObjectID) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*id = NilObjectID
		return nil
	}
	v, err := ObjectIDFromHex(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}
