package bson

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// VectorDType is the element type of a binary vector (BSON binary subtype 9),
// stored as the first byte of the binary data.
type VectorDType byte

// The vector element types of the BSON binary vector specification.
const (
	VectorInt8      VectorDType = 0x03 // signed 8-bit integers
	VectorFloat32   VectorDType = 0x27 // IEEE 754 single precision, little-endian
	VectorPackedBit VectorDType = 0x10 // bits, eight to a byte, most significant first
)

// String returns the specification's alias of t ("INT8", "FLOAT32",
// "PACKED_BIT") or its hex value when t is unknown.
func (t VectorDType) String() string {
	switch t {
	case VectorInt8:
		return "INT8"
	case VectorFloat32:
		return "FLOAT32"
	case VectorPackedBit:
		return "PACKED_BIT"
	}
	return fmt.Sprintf("dtype(0x%02x)", byte(t))
}

// Errors of vector construction and decoding; returned errors wrap one of
// them and name the offending offset in the binary data or the argument.
var (
	// ErrNotVector: the Binary's subtype is not 9.
	ErrNotVector = errors.New("bson: binary subtype is not 9 (vector)")
	// ErrVectorDType: the dtype byte is not one of INT8, FLOAT32, PACKED_BIT.
	ErrVectorDType = errors.New("bson: unknown vector dtype")
	// ErrVectorPadding: padding on a dtype without it, above 7, or on an empty vector.
	ErrVectorPadding = errors.New("bson: invalid vector padding")
	// ErrVectorLength: no room for the two header bytes, or FLOAT32 data not a multiple of 4 bytes.
	ErrVectorLength = errors.New("bson: invalid vector data length")
	// ErrVectorIgnoredBits: a PACKED_BIT vector has ones among the ignored bits of its last byte.
	ErrVectorIgnoredBits = errors.New("bson: vector ignored bits are not zero")
)

// Vector is a dense numeric vector stored as BSON binary subtype 9: int8,
// float32 or packed bits. Build one with NewInt8Vector, NewFloat32Vector,
// NewPackedBitVector or NewVectorFromBinary; the zero Vector is not valid and
// its Binary form is rejected by NewVectorFromBinary. A Vector owns a copy of
// its elements; the slices its accessors return must not be modified.
type Vector struct {
	dtype    VectorDType
	padding  uint8
	int8s    []int8
	float32s []float32
	bits     []byte
}

// NewInt8Vector returns an INT8 vector holding a copy of values.
func NewInt8Vector(values []int8) Vector {
	return Vector{dtype: VectorInt8, int8s: slices.Clone(nonNil(values))}
}

// NewFloat32Vector returns a FLOAT32 vector holding a copy of values; NaN
// payloads and infinities are kept bit for bit.
func NewFloat32Vector(values []float32) Vector {
	return Vector{dtype: VectorFloat32, float32s: slices.Clone(nonNil(values))}
}

// NewPackedBitVector returns a PACKED_BIT vector of len(bits)*8-padding bits
// held in a copy of bits, the first bit in the most significant bit of
// bits[0]. padding is the number of ignored low bits of the last byte: it
// must be in [0, 7], zero for an empty vector, and the ignored bits must be zero.
func NewPackedBitVector(bits []byte, padding uint8) (Vector, error) {
	if err := checkPackedBits(bits, padding, false); err != nil {
		return Vector{}, err
	}
	return Vector{dtype: VectorPackedBit, padding: padding, bits: slices.Clone(nonNil(bits))}, nil
}

// nonNil keeps an empty vector's slice non-nil, so an empty vector decoded
// from BSON and one built from a nil slice read back the same.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// checkPackedBits applies the specification's PACKED_BIT rules. inBinary
// says whether bits and padding come from subtype-9 data, so that errors name
// offsets in it rather than the arguments.
func checkPackedBits(bits []byte, padding uint8, inBinary bool) error {
	padAt, lastAt := "padding argument", "last byte of bits"
	if inBinary {
		padAt, lastAt = "offset 1", fmt.Sprintf("offset %d", 1+len(bits))
	}
	switch {
	case padding > 7:
		return fmt.Errorf("%w: %s: padding %d, want 0 to 7", ErrVectorPadding, padAt, padding)
	case padding > 0 && len(bits) == 0:
		return fmt.Errorf("%w: %s: padding %d with no data", ErrVectorPadding, padAt, padding)
	case padding > 0 && bits[len(bits)-1]&(1<<padding-1) != 0:
		return fmt.Errorf("%w: %s: 0x%02x has non-zero bits among its %d ignored ones",
			ErrVectorIgnoredBits, lastAt, bits[len(bits)-1], padding)
	}
	return nil
}

// DType returns the element type of v.
func (v Vector) DType() VectorDType { return v.dtype }

// Padding returns the number of ignored bits in the last byte; it is
// non-zero only for PACKED_BIT vectors.
func (v Vector) Padding() uint8 { return v.padding }

// Len returns the number of elements of v; for PACKED_BIT, the number of bits.
func (v Vector) Len() int {
	switch v.dtype {
	case VectorInt8:
		return len(v.int8s)
	case VectorFloat32:
		return len(v.float32s)
	case VectorPackedBit:
		return len(v.bits)*8 - int(v.padding)
	}
	return 0
}

// Int8 returns the elements of an INT8 vector, and false for other vectors.
func (v Vector) Int8() ([]int8, bool) { return v.int8s, v.dtype == VectorInt8 }

// Float32 returns the elements of a FLOAT32 vector, and false for other vectors.
func (v Vector) Float32() ([]float32, bool) { return v.float32s, v.dtype == VectorFloat32 }

// PackedBits returns the packed bytes and the padding of a PACKED_BIT vector,
// and false for other vectors.
func (v Vector) PackedBits() (bits []byte, padding uint8, ok bool) {
	return v.bits, v.padding, v.dtype == VectorPackedBit
}

// Bit returns bit i of a PACKED_BIT vector (0 or 1), and false when v is not
// PACKED_BIT or i is out of range.
func (v Vector) Bit(i int) (uint8, bool) {
	if v.dtype != VectorPackedBit || i < 0 || i >= v.Len() {
		return 0, false
	}
	return v.bits[i/8] >> (7 - i%8) & 1, true
}

// Equal reports whether v and o have the same dtype, padding and element
// bits, which is whether their Binary forms are equal; so a float32 NaN
// equals itself and 0 differs from -0.
func (v Vector) Equal(o Vector) bool {
	if v.dtype != o.dtype || v.padding != o.padding || v.Len() != o.Len() {
		return false
	}
	switch v.dtype {
	case VectorInt8:
		return slices.Equal(v.int8s, o.int8s)
	case VectorFloat32:
		return slices.EqualFunc(v.float32s, o.float32s, func(a, b float32) bool {
			return math.Float32bits(a) == math.Float32bits(b)
		})
	}
	return slices.Equal(v.bits, o.bits)
}

// Binary returns v as a subtype-9 Binary: the dtype byte, the padding byte
// and the elements, little-endian.
func (v Vector) Binary() Binary {
	size := 2 + len(v.int8s) + 4*len(v.float32s) + len(v.bits)
	return Binary{Subtype: BinaryVector, Data: v.AppendData(make([]byte, 0, size))}
}

// AppendData appends the subtype-9 binary data of v (what Binary().Data
// holds) to dst.
func (v Vector) AppendData(dst []byte) []byte {
	dst = append(dst, byte(v.dtype), v.padding)
	switch v.dtype {
	case VectorInt8:
		for _, x := range v.int8s {
			dst = append(dst, byte(x))
		}
	case VectorFloat32:
		for _, x := range v.float32s {
			dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(x))
		}
	case VectorPackedBit:
		dst = append(dst, v.bits...)
	}
	return dst
}

// NewVectorFromBinary decodes a subtype-9 Binary into a Vector that owns a
// copy of the elements. It checks every rule of the specification: a known
// dtype, zero padding except for PACKED_BIT, PACKED_BIT padding in [0, 7],
// not on an empty vector and over zero bits, and FLOAT32 data a multiple of
// four bytes. Errors wrap ErrNotVector or one of the ErrVector sentinels.
func NewVectorFromBinary(b Binary) (Vector, error) {
	if b.Subtype != BinaryVector {
		return Vector{}, fmt.Errorf("%w: subtype 0x%02x", ErrNotVector, b.Subtype)
	}
	if len(b.Data) < 2 {
		return Vector{}, fmt.Errorf("%w: offset %d: %d bytes, want the dtype and padding bytes",
			ErrVectorLength, len(b.Data), len(b.Data))
	}
	dtype, padding, data := VectorDType(b.Data[0]), b.Data[1], b.Data[2:]
	switch dtype {
	case VectorInt8, VectorFloat32:
		if padding != 0 {
			return Vector{}, fmt.Errorf("%w: offset 1: padding %d with dtype %v, want 0", ErrVectorPadding, padding, dtype)
		}
	case VectorPackedBit:
		if err := checkPackedBits(data, padding, true); err != nil {
			return Vector{}, err
		}
		return Vector{dtype: VectorPackedBit, padding: padding, bits: slices.Clone(data)}, nil
	default:
		return Vector{}, fmt.Errorf("%w: offset 0: 0x%02x", ErrVectorDType, byte(dtype))
	}
	if dtype == VectorInt8 {
		values := make([]int8, len(data))
		for i, x := range data {
			values[i] = int8(x)
		}
		return Vector{dtype: VectorInt8, int8s: values}, nil
	}
	return decodeFloat32Vector(data)
}

func decodeFloat32Vector(data []byte) (Vector, error) {
	if len(data)%4 != 0 {
		return Vector{}, fmt.Errorf("%w: offset 2: %d bytes of FLOAT32 data, want a multiple of 4", ErrVectorLength, len(data))
	}
	values := make([]float32, len(data)/4)
	for i := range values {
		values[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	return Vector{dtype: VectorFloat32, float32s: values}, nil
}
