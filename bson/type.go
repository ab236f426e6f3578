package bson

import "strconv"

// Type is the one-byte tag that precedes every element in a BSON document.
type Type byte

// The BSON element types.
const (
	TypeDouble        Type = 0x01
	TypeString        Type = 0x02
	TypeEmbeddedDoc   Type = 0x03
	TypeArray         Type = 0x04
	TypeBinary        Type = 0x05
	TypeUndefined     Type = 0x06 // deprecated
	TypeObjectID      Type = 0x07
	TypeBoolean       Type = 0x08
	TypeDateTime      Type = 0x09
	TypeNull          Type = 0x0A
	TypeRegex         Type = 0x0B
	TypeDBPointer     Type = 0x0C // deprecated
	TypeJavaScript    Type = 0x0D
	TypeSymbol        Type = 0x0E // deprecated
	TypeCodeWithScope Type = 0x0F // deprecated
	TypeInt32         Type = 0x10
	TypeTimestamp     Type = 0x11
	TypeInt64         Type = 0x12
	TypeDecimal128    Type = 0x13
	TypeMinKey        Type = 0xFF
	TypeMaxKey        Type = 0x7F
)

var typeNames = [...]string{
	TypeDouble:        "double",
	TypeString:        "string",
	TypeEmbeddedDoc:   "embedded document",
	TypeArray:         "array",
	TypeBinary:        "binary",
	TypeUndefined:     "undefined",
	TypeObjectID:      "objectID",
	TypeBoolean:       "boolean",
	TypeDateTime:      "UTC datetime",
	TypeNull:          "null",
	TypeRegex:         "regex",
	TypeDBPointer:     "dbPointer",
	TypeJavaScript:    "javascript",
	TypeSymbol:        "symbol",
	TypeCodeWithScope: "code with scope",
	TypeInt32:         "32-bit integer",
	TypeTimestamp:     "timestamp",
	TypeInt64:         "64-bit integer",
	TypeDecimal128:    "128-bit decimal",
}

// String returns a human-readable name of t, or "invalid type 0x.." for a byte
// that is not a BSON type.
func (t Type) String() string {
	switch {
	case t == TypeMinKey:
		return "min key"
	case t == TypeMaxKey:
		return "max key"
	case int(t) < len(typeNames) && typeNames[t] != "":
		return typeNames[t]
	}
	return "invalid type 0x" + strconv.FormatUint(uint64(t), 16)
}

// Valid reports whether t is one of the BSON element types.
func (t Type) Valid() bool {
	return (t >= TypeDouble && t <= TypeDecimal128) || t == TypeMinKey || t == TypeMaxKey
}

// IsNumber reports whether t is double, int32, int64 or decimal128.
func (t Type) IsNumber() bool {
	return t == TypeDouble || t == TypeInt32 || t == TypeInt64 || t == TypeDecimal128
}

// fixedSize is the value size of the fixed-width types, or -1 when the size is
// read from the value itself.
func (t Type) fixedSize() int {
	switch t {
	case TypeDouble, TypeDateTime, TypeTimestamp, TypeInt64:
		return 8
	case TypeInt32:
		return 4
	case TypeObjectID:
		return 12
	case TypeBoolean:
		return 1
	case TypeDecimal128:
		return 16
	case TypeUndefined, TypeNull, TypeMinKey, TypeMaxKey:
		return 0
	}
	return -1
}
