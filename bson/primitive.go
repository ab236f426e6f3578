package bson

import (
	"time"
)

// Binary subtypes.
const (
	BinaryGeneric     byte = 0x00
	BinaryFunction    byte = 0x01
	BinaryBinaryOld   byte = 0x02 // deprecated: the data carries its own int32 length
	BinaryUUIDOld     byte = 0x03 // deprecated
	BinaryUUID        byte = 0x04
	BinaryMD5         byte = 0x05
	BinaryEncrypted   byte = 0x06
	BinaryColumn      byte = 0x07
	BinarySensitive   byte = 0x08
	BinaryVector      byte = 0x09
	BinaryUserDefined byte = 0x80
)

// Binary is a BSON binary value of any subtype.
type Binary struct {
	Subtype byte
	Data    []byte
}

// IsZero reports whether b has no data and the generic subtype.
func (b Binary) IsZero() bool { return b.Subtype == 0 && len(b.Data) == 0 }

// Equal reports whether b and o have the same subtype and bytes.
func (b Binary) Equal(o Binary) bool {
	return b.Subtype == o.Subtype && string(b.Data) == string(o.Data)
}

// Undefined is the deprecated BSON undefined value.
type Undefined struct{}

// Null is the BSON null value, for use in D, M and A.
type Null struct{}

// MinKey is the value that compares lower than every other BSON value.
type MinKey struct{}

// MaxKey is the value that compares higher than every other BSON value.
type MaxKey struct{}

// DateTime is a BSON UTC datetime: milliseconds since the Unix epoch.
type DateTime int64

// NewDateTimeFromTime converts t to milliseconds since the epoch, truncating
// below a millisecond.
func NewDateTimeFromTime(t time.Time) DateTime {
	return DateTime(t.Unix()*1e3 + int64(t.Nanosecond())/1e6)
}

// Time returns d as a UTC time.Time.
func (d DateTime) Time() time.Time {
	return time.UnixMilli(int64(d)).UTC()
}

// Regex is a BSON regular expression. Options are stored as given; MongoDB
// expects them in alphabetical order.
type Regex struct {
	Pattern string
	Options string
}

// String returns the /pattern/options form.
func (r Regex) String() string { return "/" + r.Pattern + "/" + r.Options }

// DBPointer is the deprecated BSON DBPointer value.
type DBPointer struct {
	DB      string
	Pointer ObjectID
}

// JavaScript is BSON JavaScript code without scope.
type JavaScript string

// Symbol is the deprecated BSON symbol value.
type Symbol string

// CodeWithScope is deprecated BSON JavaScript code with a scope document.
type CodeWithScope struct {
	Code  JavaScript
	Scope any // a document: D, M, Raw or a struct
}

// Timestamp is the BSON timestamp used internally by MongoDB (oplog, cluster
// time): T is seconds since the epoch and I an ordinal within the second.
type Timestamp struct {
	T uint32
	I uint32
}

// Compare returns -1, 0 or +1 comparing t with o, T first.
func (t Timestamp) Compare(o Timestamp) int {
	switch {
	case t.T < o.T || (t.T == o.T && t.I < o.I):
		return -1
	case t == o:
		return 0
	}
	return 1
}

// IsZero reports whether both parts are zero.
func (t Timestamp) IsZero() bool { return t.T == 0 && t.I == 0 }
